#pragma once
// The review screen's actions with their single-key shortcuts: A and B (both faces under that
// side's label), M (merge the labels), D (different people), S / Space / Right (skip), L
// (another label for A), Ctrl+Z (undo). Texts name the labels of the item on screen; actions
// are disabled while a change runs. Shortcuts work while focus is inside `owner`.
#include "reviewcontroller.h"
#include <QObject>

class QAction;
class QToolButton;
class QWidget;

namespace lookalike::ui {

class ReviewActions : public QObject {
    Q_OBJECT
public:
    ReviewActions(ReviewController* controller, QWidget* owner);

    QAction* action(ReviewController::Action which) const;
    QAction* undoAction() const { return m_undo; }
    // A button for `action`, showing its text and key.
    static QToolButton* button(QAction* action, QWidget* parent);
    // New texts and enabled states for the current item.
    void update();

private:
    QAction* make(ReviewController::Action which, const QList<QKeySequence>& keys);

    ReviewController* m_controller;
    QWidget* m_owner;
    std::vector<std::pair<ReviewController::Action, QAction*>> m_actions;
    QAction* m_undo;
};

} // namespace lookalike::ui
