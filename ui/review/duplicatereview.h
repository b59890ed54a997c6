#pragma once
// The review screen: one item of the review queue at a time (two faces large, side by side,
// with their photos, labels and similarity), decided with buttons or single keys, with undo,
// a mode selector, a threshold whose item count follows it live, a status line saying what the
// last action did, and exports. Everything slow runs in the background (ReviewController).
//
// The main window opens it with DuplicateReview::open() and refreshes its grid and sidebar on
// libraryChanged().
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListView;
class QSlider;

namespace lookalike::ui {

class MessageSink;
class ReviewActions;
class ReviewController;
class ReviewPairView;
class ReviewTopBar;
class ThumbnailCache;

class DuplicateReview : public QWidget {
    Q_OBJECT
public:
    // `thumbnails` (may be null) shows faces in the queue list; it must serve this library.
    DuplicateReview(const QString& libraryPath, ThumbnailCache* thumbnails, MessageSink& sink,
                    QWidget* parent = nullptr);
    ~DuplicateReview() override;

    // The review window of `libraryPath` over `parent`: raised when already open, else
    // created (deleted when closed).
    static DuplicateReview* open(QWidget* parent, const QString& libraryPath,
                                 ThumbnailCache* thumbnails, MessageSink& sink,
                                 double samePersonThreshold);

    // The embedder's same-person threshold (cosine, model manifest): where the threshold of
    // cross-label and outlier reviews starts.
    void setSamePersonThreshold(double threshold);

    QString libraryPath() const;
    ReviewController* controller() const { return m_controller; }
    ReviewActions* actions() const { return m_actions; }
    ReviewPairView* pairView() const { return m_pair; }
    ReviewTopBar* topBar() const { return m_bar; }
    QComboBox* modeBox() const;
    QSlider* thresholdSlider() const;
    QDoubleSpinBox* thresholdBox() const;
    QListView* queueView() const { return m_queue; }
    QCheckBox* moveFilesBox() const { return m_moveFiles; }
    QString progressText() const; // "12 of 57"
    QString countText() const;    // "57 to review at similarity ≥ 0.40"
    QString statusText() const;   // what the last action did
    // The queue is loaded, nothing runs and the current item's pictures are on screen.
    bool isIdle() const;

    // Re-reads the queue (the library changed elsewhere).
    void refresh();

signals:
    void libraryChanged();

private:
    QWidget* createActionBar();
    void updateView();
    void updateCurrent();
    QString explanation() const;

    ReviewController* m_controller;
    ReviewActions* m_actions;
    ReviewTopBar* m_bar;
    QListView* m_queue;
    QLabel* m_explanation;
    ReviewPairView* m_pair;
    QCheckBox* m_moveFiles;
    QLabel* m_status;
    QString m_shown; // the item m_pair shows, to skip needless reloads
};

} // namespace lookalike::ui
