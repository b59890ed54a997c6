#pragma once
// Face thumbnails for the grid, in the style of Gwenview: a bounded in-memory QCache of
// QPixmaps in front of a disk cache, filled asynchronously by ThumbnailJob on a small
// thread pool. The most recently requested faces (the ones being painted) go first; the
// queue is bounded, so scrolling through 100,000 faces never piles up work.
//
// GUI thread only. Workers return QImages; QPixmaps are made here, on the GUI thread.
#include "facealigner.h"
#include <QCache>
#include <QFuture>
#include <QObject>
#include <QPixmap>
#include <QSet>
#include <QThreadPool>
#include <deque>
#include <optional>

namespace lookalike::ui {

struct ThumbnailResult;

class ThumbnailCache : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString diskDir;               // empty: memory only
        qint64 memoryBytes = 96 << 20; // bound of the in-memory cache
        int threads = 2;
        int batchSize = 12;  // faces per worker job
        int maxQueued = 400; // requests beyond this drop the oldest
        std::optional<FaceAligner> aligner;
        // Whole photos instead of faces: every id below is then an image id, and the
        // pixmaps keep the photo's aspect, `side` px on the long side.
        bool photos = false;
    };
    struct Stats {
        qint64 memoryHits = 0;
        qint64 diskHits = 0;
        qint64 rendered = 0;
        qint64 failed = 0;
    };

    explicit ThumbnailCache(Options options, QObject* parent = nullptr);
    ~ThumbnailCache() override; // waits for running jobs

    // Faces of another library: forgets the memory cache and the queue.
    void setLibrary(const QString& libraryPath);
    // Side of the pixmaps handed out, px; changing it forgets the memory cache.
    void setSide(int side);
    int side() const { return m_side; }

    // The thumbnail when it is in memory, else a null pixmap. Never does I/O.
    QPixmap find(qint64 faceId) const;
    bool contains(qint64 faceId) const { return m_memory.contains(faceId); }
    // True when the face could not be shown (photo gone, undecodable).
    bool failed(qint64 faceId) const { return m_failed.contains(faceId); }
    // Ask for a face being shown now: it goes to the front of the queue.
    void request(qint64 faceId);
    // Ask for faces likely to be shown soon: they go to the back of the queue.
    void prefetch(const std::vector<qint64>& faceIds);
    bool isIdle() const { return m_queue.empty() && m_running == 0; }

    int memoryCount() const { return m_memory.count(); }
    qint64 memoryBytes() const { return qint64(m_memory.totalCost()) * 1024; }
    Stats stats() const { return m_stats; }
    QString diskDir() const { return m_options.diskDir; }

signals:
    // Thumbnails of these faces are now in memory (or failed for good).
    void ready(const QList<qint64>& faceIds);
    void idle();

private:
    void schedule();
    void dispatch();
    void accept(quint64 generation, const std::vector<ThumbnailResult>& results);
    bool known(qint64 faceId) const;

    Options m_options;
    QString m_library;
    int m_side = 112;
    quint64 m_generation = 0;
    QCache<qint64, QPixmap> m_memory; // cost in KiB
    QSet<qint64> m_failed;
    std::deque<qint64> m_queue; // front first
    QSet<qint64> m_queued;
    QSet<qint64> m_inFlight;
    int m_running = 0;
    bool m_scheduled = false;
    mutable Stats m_stats;
    QThreadPool m_pool;
};

} // namespace lookalike::ui
