#pragma once
// The review screen's top bar: the kind of review, the threshold (slider and box, kept in step;
// moving it filters the cached queue, so the count follows live), the count, the position in
// the queue ("12 of 57") and the exports.
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QMenu;
class QSlider;

namespace lookalike::ui {

class MessageSink;
class ReviewController;

class ReviewTopBar : public QWidget {
    Q_OBJECT
public:
    ReviewTopBar(ReviewController* controller, MessageSink& sink, QWidget* parent = nullptr);

    // Reads the controller's state again: count, position, busy.
    void update();
    // The controller's threshold or its range changed (another mode, the same-person
    // threshold): the slider and box follow without reporting it as the user's choice.
    void thresholdRangeChanged();

    QComboBox* modeBox() const { return m_mode; }
    QSlider* slider() const { return m_slider; }
    QDoubleSpinBox* thresholdBox() const { return m_threshold; }
    QString countText() const;    // "57 to review at similarity ≥ 0.40"
    QString progressText() const; // "12 of 57"

signals:
    void modeChanged();

private:
    QMenu* createExportMenu();
    void chooseExport(const QString& title, const QString& name, bool json,
                      void (ReviewController::*write)(const QString&, bool));
    void chooseMode(int index);
    void sliderMoved(int value);
    void thresholdTyped(double value);

    ReviewController* m_controller;
    MessageSink& m_sink;
    QComboBox* m_mode;
    QSlider* m_slider;
    QDoubleSpinBox* m_threshold;
    QLabel* m_count;
    QLabel* m_progress;
};

} // namespace lookalike::ui
