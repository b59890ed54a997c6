#pragma once
// What Photos mode shows during a photo query: a bar with the query photo (small, with its
// file name), the status, the look-alike threshold (slider and spin box) and "Similar
// faces (N)", and when several photos were dropped arrows to step through them (Alt+Left,
// Alt+Right), above the results (PhotoMatchModel in a PhotoGridView: duplicates, then
// look-alikes). The threshold filters the results already found, without searching again.
#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QToolButton;

namespace lookalike::ui {

class PhotoGridView;
class PhotoMatchModel;
class PhotoQuerySession;
class ThumbnailCache;

class PhotoQueryView : public QWidget {
    Q_OBJECT
public:
    // `thumbnails` works in photo mode; neither is owned.
    PhotoQueryView(PhotoQuerySession* session, ThumbnailCache* thumbnails,
                   QWidget* parent = nullptr);

    PhotoGridView* grid() const { return m_grid; }
    PhotoMatchModel* model() const { return m_model; }
    QSlider* thresholdSlider() const { return m_slider; }
    QDoubleSpinBox* thresholdBox() const { return m_box; }
    QPushButton* similarFacesButton() const { return m_faces; }
    QLabel* statusLabel() const { return m_status; }
    QLabel* nameLabel() const { return m_name; }
    QToolButton* previousButton() const { return m_previous; }
    QToolButton* nextButton() const { return m_next; }

signals:
    void similarFacesRequested();
    void closeRequested();

private:
    void showResult();
    void showLookAlikes();
    void showThreshold();
    void showStatus();
    void showFaceCount(int count);

    PhotoQuerySession* m_session;
    PhotoMatchModel* m_model;
    PhotoGridView* m_grid;
    QLabel* m_preview;
    QLabel* m_name;
    QLabel* m_status;
    QSlider* m_slider;
    QDoubleSpinBox* m_box;
    QPushButton* m_faces;
    QToolButton* m_previous;
    QToolButton* m_next;
    QToolButton* m_close;
};

} // namespace lookalike::ui
