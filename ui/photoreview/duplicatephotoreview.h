#pragma once
// Review > Duplicate photos: the groups of copies of the open library (exact and near
// duplicates; look-alikes too above a threshold), largest first in a list on the left; the
// current group's photos side by side with their facts and the photo to keep badged
// (PhotoKeeper's choice, changed with K or the photo's number), or two of them overlaid.
// Delete moves the others to the trash, M into a folder, N says "not duplicates", Ctrl+Z
// undoes; a status line says what the last action did. Slow steps run in the background
// (PhotoReviewController), finding the groups with progress and a cancel button.
//
// The main window opens it with DuplicatePhotoReview::open() and refreshes its grids on
// libraryChanged().
#include <QWidget>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QListView;
class QProgressBar;
class QToolButton;

namespace lookalike::ui {

class MessageSink;
class PhotoGroupView;
class PhotoPreviewLoader;
class PhotoReviewActions;
class PhotoReviewController;
class ThumbnailCache;

class DuplicatePhotoReview : public QWidget {
    Q_OBJECT
public:
    // `thumbnailDir`: the disk cache of photo thumbnails (may be empty).
    DuplicatePhotoReview(const QString& libraryPath, const QString& thumbnailDir, MessageSink& sink,
                         QWidget* parent = nullptr);
    ~DuplicatePhotoReview() override;

    // The window of `libraryPath` over `parent`: raised when already open, else created
    // (deleted when closed); another library's window is closed.
    static DuplicatePhotoReview* open(QWidget* parent, const QString& libraryPath,
                                      const QString& thumbnailDir, MessageSink& sink);

    QString libraryPath() const;
    PhotoReviewController* controller() const { return m_controller; }
    PhotoReviewActions* actions() const { return m_actions; }
    PhotoGroupView* groupView() const { return m_view; }
    QListView* groupList() const { return m_list; }
    QCheckBox* similarBox() const { return m_similar; }
    QDoubleSpinBox* thresholdBox() const { return m_threshold; }
    QString countText() const;       // "2 groups · 5 photos · 3 to set aside"
    QString statusText() const;      // what the last action did
    QString explanationText() const; // what the current group is, and which photo is kept
    // The groups are found, nothing runs and the current group's pictures are on screen.
    bool isIdle() const;

signals:
    void libraryChanged();

private:
    QWidget* createTopBar();
    QWidget* createActionBar();
    void updateView();
    void showProgress(qint64 done, qint64 total);
    QString explanation() const;
    void applySimilar();

    ThumbnailCache* m_thumbnails;
    PhotoPreviewLoader* m_previews;
    PhotoReviewController* m_controller;
    PhotoGroupView* m_view;
    PhotoReviewActions* m_actions;
    QListView* m_list;
    QLabel* m_count;
    QCheckBox* m_similar;
    QDoubleSpinBox* m_threshold;
    QProgressBar* m_progress;
    QToolButton* m_cancel;
    QLabel* m_explanation;
    QLabel* m_status;
};

} // namespace lookalike::ui
