#pragma once
// The review workflow without widgets: the queue of one mode, the actions on its current item
// (file both under one label, merge the labels, different people, skip, another label), undo
// of any depth, and exports. Every change runs as a ReviewJob on a single-thread pool (edits
// never overlap, and each job has its own Library connection); the actions are refused while
// one runs (isBusy()). libraryChanged() follows every change to the library, so the main
// window can refresh its grid and sidebar. GUI thread only.
#include "busystatus.h"
#include "reviewjob.h"
#include "reviewqueuemodel.h"
#include <QFuture>
#include <QThreadPool>
#include <memory>

namespace lookalike::ui {

class MessageSink;
class ThumbnailCache;
struct ReviewChange;

class ReviewController : public BusyStatus {
    Q_OBJECT
public:
    enum class Action { SuspectLabel, EvidenceLabel, Merge, Different, Skip, OtherLabel };
    struct ThresholdRange {
        float minimum = 0;
        float maximum = 1;
        float initial = 0.5f;
    };

    ReviewController(const QString& libraryPath, MessageSink& sink,
                     ThumbnailCache* thumbnails = nullptr, QObject* parent = nullptr);
    ~ReviewController() override; // stops a running query, waits for a running edit

    ReviewQueueModel* model() const { return m_model; }
    QString libraryPath() const { return m_path; }
    ReviewKind kind() const { return m_model->kind(); }
    bool hasLoaded() const { return m_loaded; }
    qint64 labelCount(const QString& label) const { return m_labelCounts.value(label); }
    QStringList labels() const;
    // Photos can follow their label into its folder (subfolder-labelled libraries).
    bool canMoveFiles() const { return m_folderLabels; }
    bool moveFiles() const { return m_moveFiles; }
    void setMoveFiles(bool move) { m_moveFiles = move; }
    bool canUndo() const { return !m_history.empty(); }
    // Whether `action` applies to the current item (both faces known, labels differ...).
    bool canDo(Action action) const;

    // Slider range and start value per mode: similarity for cross-label and same-photo,
    // similarity to the face's own label (at most) for outliers. Cross-label and outliers
    // start at the embedder's same-person threshold (cosine, from the model manifest).
    ThresholdRange thresholdRange(ReviewKind kind) const;
    void setSamePersonThreshold(float threshold);

    void setKind(ReviewKind kind); // a new queue; re-reads it
    void setThreshold(float threshold);
    void refresh(); // re-reads the queue (the library changed elsewhere)

    void act(Action action);
    void undo();
    void jumpTo(int row);

    void exportQueue(const QString& file, bool json);
    void exportDecisions(const QString& file, bool json);
    void exportPhotoLabels(const QString& file);

signals:
    void stateChanged(); // current item, labels or counts changed
    void libraryChanged();
    void exported(const QString& file);

private:
    struct Change {
        ReviewKind kind;
        ReviewQueueModel::Key key;
        bool inQueue = true;         // a reviewed row of the current queue
        std::vector<qint64> batches; // oldest first; empty for a skip
        QString description;
        QString note;
    };
    using Done = std::function<void(const ReviewOutcome&)>;

    void start(const ReviewEdit& edit, bool query, const Done& done);
    void finish(const ReviewOutcome& out, bool query, quint64 serial, const Done& done);
    void run(const ReviewChange& change);
    void changed(const ReviewChange& change, const ReviewOutcome& out, ReviewQueueModel::Key key);
    void offerSharedMoves(const std::vector<EditReport>& edits, const QString& label);
    void undone(const Change& change, const ReviewOutcome& out);
    void skip();
    void runExport(const QString& file, std::function<Expected<qint64>(const QString&)> write);
    EditOptions editOptions() const;
    float floorFor(ReviewKind kind) const;

    QString m_path;
    MessageSink& m_sink;
    ReviewQueueModel* m_model;
    QThreadPool m_pool;
    std::shared_ptr<std::atomic_bool> m_cancel; // of the latest query
    quint64 m_querySerial = 0;
    bool m_loaded = false;
    bool m_folderLabels = false;
    bool m_moveFiles = true;
    QHash<QString, qint64> m_labelCounts;
    QHash<int, float> m_thresholds; // per ReviewKind, as the user set them
    float m_samePerson = 0.35f;
    std::vector<Change> m_history;
};

} // namespace lookalike::ui
