#pragma once
// The duplicate photos review without widgets: the groups of the open library (exact and
// near duplicates, optionally look-alikes above a threshold), the current group and its
// keeper, the actions on it (move the others to the trash or into a folder, "not
// duplicates"), undo of any depth, and a status line saying what the last action did.
// Every step runs as a PhotoReviewJob on a single-thread pool (edits never overlap; each job
// opens its own Library); finding the groups reports progress and can be cancelled. Actions
// are refused while a job runs (isBusy()). libraryChanged() follows every change to the
// library. GUI thread only.
#include "busystatus.h"
#include "photogroupmodel.h"
#include <QThreadPool>
#include <memory>

namespace lookalike::ui {

class MessageSink;

class PhotoReviewController : public BusyStatus {
    Q_OBJECT
public:
    PhotoReviewController(const QString& libraryPath, MessageSink& sink,
                          ThumbnailCache* thumbnails = nullptr, QObject* parent = nullptr);
    ~PhotoReviewController() override; // cancels a search, waits for a running edit

    PhotoGroupModel* model() const { return m_model; }
    QString libraryPath() const { return m_path; }
    bool isSearching() const { return m_searching; }
    bool hasLoaded() const { return m_loaded; }
    bool canUndo() const { return !m_history.empty(); }

    // Look-alikes too, linked at or above `threshold` (inner product of look vectors, 0..1).
    bool includesSimilar() const { return m_similar; }
    float similarThreshold() const { return m_threshold; }
    void setSimilar(bool on, float threshold);
    void refresh(); // finds the groups again (the library changed elsewhere)
    void cancel();  // stops finding the groups; the list keeps what it showed

    int currentRow() const { return m_current; }
    const PhotoReviewGroup* current() const { return m_model->group(m_current); }
    void setCurrentRow(int row);
    qint64 keeper() const { return m_model->keeper(m_current); }
    void setKeeper(qint64 imageId);

    void moveOthersToTrash();
    void moveOthersToFolder(const QString& folder);
    void markNotDuplicates();
    void undo();

signals:
    void stateChanged();                      // groups, current group or keeper changed
    void progress(qint64 done, qint64 total); // while finding groups
    void libraryChanged();

private:
    struct Change {
        std::vector<qint64> batches; // oldest first
        qint64 keeper = 0; // the group's keeper, to show the group again after undo
        QString what;      // "2 photos moved to the trash"
    };
    using Done = std::function<void(const PhotoReviewOutcome&)>;

    void start(const ReviewEdit& edit, const Done& done);
    void finish(const PhotoReviewOutcome& out, quint64 serial, const Done& done);
    void removeOthers(const PhotoRemoval& removal, const QString& where);
    void removed(const PhotoReviewOutcome& out, qint64 keeper, const QString& where);
    bool edited(const PhotoReviewOutcome& out, const QString& what);

    QString m_path;
    MessageSink& m_sink;
    PhotoGroupModel* m_model;
    QThreadPool m_pool;
    std::shared_ptr<std::atomic_bool> m_cancel; // of the latest search
    quint64 m_serial = 0;
    int m_current = 0;
    qint64 m_showAfter = 0; // the next list shows the group of this photo (after an undo)
    bool m_searching = false;
    bool m_loaded = false;
    bool m_similar = false;
    float m_threshold = 0.9f;
    std::vector<Change> m_history;
};

} // namespace lookalike::ui
