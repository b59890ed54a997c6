#pragma once
#include "labelfilter.h"
#include <QWidget>

class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;
class QToolButton;
class QVBoxLayout;

namespace lookalike::ui {

class FacePhotoWidget;
class QuerySession;

// The right-hand panel: the query photo with its faces, what the search found, and the
// result filters (top K, minimum similarity, label). Accepts faces dragged from the grid
// and photo files.
class QueryPanel : public QWidget {
    Q_OBJECT
public:
    QueryPanel(QuerySession* session, QWidget* parent = nullptr);

    void setLabels(const QStringList& labels); // choices of the label filter
    // Where "same person" starts on the similarity scale (drawn as a hint).
    void setSamePersonThreshold(double threshold);
    FacePhotoWidget* photoWidget() const { return m_photo; }
    QSpinBox* topKBox() const { return m_topK; }
    QSlider* similaritySlider() const { return m_similarity; }
    QComboBox* labelBox() const { return m_label; }

signals:
    void queryImageRequested(); // the "Open photo..." button

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void showPhoto();
    void showStatus();
    void showFilters();
    void chooseLabel(int index);

    QuerySession* m_session;
    QLabel* m_title;
    QToolButton* m_previous;
    QToolButton* m_next;
    QToolButton* m_close;
    FacePhotoWidget* m_photo;
    QLabel* m_status;
    QSpinBox* m_topK;
    QSlider* m_similarity;
    QLabel* m_similarityValue;
    QComboBox* m_label;
    QVBoxLayout* m_layout;
    double m_samePerson = 0.35;
    QStringList m_labels;
};

} // namespace lookalike::ui
