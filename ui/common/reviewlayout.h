#pragma once
// The frame both review windows share: a bar on top, a list on the left, and on the right an
// explanation over the item under review and a row of actions; a status line at the bottom
// saying what the last action did. The widgets are the caller's; this only lays them out
// and sets up the labels.
class QLabel;
class QListView;
class QWidget;

namespace lookalike::ui {

struct ReviewLayout {
    QWidget* topBar = nullptr;
    QListView* list = nullptr;
    QLabel* explanation = nullptr;
    QWidget* item = nullptr; // stretches
    QWidget* actionBar = nullptr;
    QLabel* status = nullptr;

    void apply(QWidget* window) const;
};

} // namespace lookalike::ui
