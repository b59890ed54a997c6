#include "mapservice.h"
#include "futurewatch.h"
#include "library.h"
#include "photomap.h"
#include <QPointer>
#include <QtConcurrent>

namespace lookalike::ui {

MapService::MapService(QObject* parent) : QObject(parent) {}

MapService::MapService(ItemKind kind, QObject* parent) : QObject(parent), m_kind(kind) {}

MapService::~MapService()
{
    cancel();
    m_future.waitForFinished();
}

void MapService::setLibrary(const QString& path)
{
    cancel();
    ++m_generation;
    m_path = path;
    m_map = {};
    m_error.clear();
    m_pending = 0;
    emit mapChanged();
}

void MapService::cancel()
{
    if (m_cancel)
        *m_cancel = true;
    m_pending = 0;
}

void MapService::update(bool recompute)
{
    if (m_path.isEmpty())
        return;
    if (m_running) {
        m_pending = std::max(m_pending, recompute ? 2 : 1);
        return;
    }
    start(recompute);
}

void MapService::start(bool recompute)
{
    m_running = true;
    emit busyChanged(true);
    m_cancel = std::make_shared<std::atomic_bool>(false);
    auto progressShown = std::make_shared<std::atomic_int>(-1);
    QPointer<MapService> self(this);
    const quint64 generation = m_generation;
    m_future = QtConcurrent::run(&m_pool, [path = m_path, kind = m_kind, recompute, cancel = m_cancel,
                                  progressShown, self]() -> Expected<MapUpdater::Result> {
        auto library = Library::open(path, Library::Mode::OpenExisting);
        if (!library)
            return Error{library.error()};
        MapUpdater::Options options;
        options.recompute = recompute;
        options.layout.cancel = cancel.get();
        options.layout.progress = [progressShown, self](double fraction) {
            const int percent = int(fraction * 100);
            if (progressShown->exchange(percent) != percent)
                QMetaObject::invokeMethod(
                    self,
                    [self, fraction] {
                        if (self)
                            emit self->progress(fraction);
                    },
                    Qt::QueuedConnection);
        };
        if (kind == ItemKind::Image)
            return PhotoMap::update(**library, options);
        return MapUpdater::update(**library, (*library)->defaultModel(), options);
    });
    whenFinished(m_future, this, [this, generation](const Expected<MapUpdater::Result>& r) {
        finish(generation, r);
    });
}

void MapService::finish(quint64 generation, const Expected<MapUpdater::Result>& result)
{
    m_running = false;
    const bool cancelled = m_cancel && *m_cancel;
    if (generation == m_generation) {
        if (result) {
            m_map = *result;
            m_error.clear();
            emit mapChanged();
        } else if (!cancelled) {
            m_error = result.error();
            emit failed(m_error);
        }
    }
    emit busyChanged(false);
    if (const int pending = std::exchange(m_pending, 0); pending > 0)
        start(pending == 2);
}

} // namespace lookalike::ui
