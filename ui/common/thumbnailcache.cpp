#include "thumbnailcache.h"
#include "futurewatch.h"
#include "thumbnailjob.h"
#include <QThread>
#include <QTimer>
#include <QtConcurrent>
#include <algorithm>

namespace lookalike::ui {

ThumbnailCache::ThumbnailCache(Options options, QObject* parent)
    : QObject(parent), m_options(std::move(options))
{
    m_memory.setMaxCost(qsizetype(std::max<qint64>(1, m_options.memoryBytes / 1024)));
    m_pool.setMaxThreadCount(std::max(1, m_options.threads));
    m_pool.setThreadPriority(QThread::LowPriority); // below the GUI thread where the OS allows
}

ThumbnailCache::~ThumbnailCache()
{
    ++m_generation;
    m_pool.clear();
    m_pool.waitForDone();
}

void ThumbnailCache::setLibrary(const QString& libraryPath)
{
    if (libraryPath == m_library)
        return;
    m_library = libraryPath;
    ++m_generation;
    m_memory.clear();
    m_failed.clear();
    m_queue.clear();
    m_queued.clear();
    m_inFlight.clear();
}

void ThumbnailCache::setSide(int side)
{
    if (side == m_side)
        return;
    m_side = side;
    ++m_generation;
    m_memory.clear();
    m_failed.clear();
    m_inFlight.clear();
}

QPixmap ThumbnailCache::find(qint64 faceId) const
{
    if (const QPixmap* p = m_memory.object(faceId)) {
        ++m_stats.memoryHits;
        return *p;
    }
    return {};
}

bool ThumbnailCache::known(qint64 faceId) const
{
    return m_memory.contains(faceId) || m_failed.contains(faceId) || m_inFlight.contains(faceId);
}

void ThumbnailCache::request(qint64 faceId)
{
    if (known(faceId) || m_library.isEmpty())
        return;
    if (m_queued.contains(faceId)) {
        auto it = std::find(m_queue.begin(), m_queue.end(), faceId);
        if (it != m_queue.begin()) {
            m_queue.erase(it);
            m_queue.push_front(faceId);
        }
    } else {
        m_queue.push_front(faceId);
        m_queued.insert(faceId);
    }
    while (int(m_queue.size()) > m_options.maxQueued) {
        m_queued.remove(m_queue.back());
        m_queue.pop_back();
    }
    schedule();
}

void ThumbnailCache::prefetch(const std::vector<qint64>& faceIds)
{
    for (qint64 id : faceIds) {
        if (known(id) || m_queued.contains(id) || int(m_queue.size()) >= m_options.maxQueued)
            continue;
        m_queue.push_back(id);
        m_queued.insert(id);
    }
    schedule();
}

void ThumbnailCache::schedule()
{
    // Requests arrive one by one while the view paints; collect them for one event loop
    // turn so the first batch holds what is on screen.
    if (m_scheduled || m_library.isEmpty())
        return;
    m_scheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_scheduled = false;
        dispatch();
    });
}

void ThumbnailCache::dispatch()
{
    while (m_running < m_pool.maxThreadCount() && !m_queue.empty()) {
        std::vector<qint64> batch;
        while (!m_queue.empty() && int(batch.size()) < m_options.batchSize) {
            const qint64 id = m_queue.front();
            m_queue.pop_front();
            m_queued.remove(id);
            batch.push_back(id);
            m_inFlight.insert(id);
        }
        ThumbnailJob::Params params{m_library, m_options.diskDir, m_side, m_options.aligner,
                                    m_options.photos};
        ++m_running;
        const quint64 generation = m_generation;
        whenFinished(QtConcurrent::run(
                         &m_pool, [params, batch] { return ThumbnailJob::run(params, batch); }),
                     this, [this, generation](const std::vector<ThumbnailResult>& results) {
                         accept(generation, results);
                     });
    }
}

void ThumbnailCache::accept(quint64 generation, const std::vector<ThumbnailResult>& results)
{
    --m_running;
    if (generation == m_generation) {
        QList<qint64> done;
        for (const ThumbnailResult& r : results) {
            m_inFlight.remove(r.faceId);
            done << r.faceId;
            if (r.image.isNull()) {
                ++m_stats.failed;
                m_failed.insert(r.faceId);
                continue;
            }
            ++(r.fromDisk ? m_stats.diskHits : m_stats.rendered);
            auto* pixmap = new QPixmap(QPixmap::fromImage(r.image));
            const qsizetype cost = qsizetype(
                std::max<qint64>(1, qint64(pixmap->width()) * pixmap->height() * 4 / 1024));
            m_memory.insert(r.faceId, pixmap, cost);
        }
        emit ready(done);
    }
    dispatch();
    if (isIdle())
        emit idle();
}

} // namespace lookalike::ui
