#pragma once
// The map of the open library for the window: read from the library's cache, or laid out /
// brought up to date by MapUpdater on the thread pool, with progress and cancel. One update
// runs at a time; asking again meanwhile runs one more after it. GUI thread only.
// Of the faces (ids: face item ids) or, with kind Image, of the photos (PhotoMap; ids:
// image ids).
#include "mapupdater.h"
#include <QFuture>
#include <QThreadPool>
#include <QObject>
#include <atomic>
#include <memory>

namespace lookalike::ui {

class MapService : public QObject {
    Q_OBJECT
public:
    // How long a page waits for a burst of changes (an import's commits) to settle before
    // it asks for an update, ms.
    static constexpr int kSettleMs = 1500;

    explicit MapService(QObject* parent = nullptr);
    MapService(ItemKind kind, QObject* parent);
    ItemKind kind() const { return m_kind; }
    ~MapService() override; // cancels a running layout and waits for it

    void setLibrary(const QString& path); // forgets the map; empty: none
    QString libraryPath() const { return m_path; }
    void update(bool recompute = false);
    void cancel();
    bool isBusy() const { return m_running; }
    bool hasMap() const { return !m_map.ids.empty(); }
    const MapUpdater::Result& map() const { return m_map; }
    QString lastError() const { return m_error; }

signals:
    void busyChanged(bool busy);
    void progress(double fraction); // 0..1, while busy
    void mapChanged();
    void failed(const QString& message); // not for a cancel

private:
    void start(bool recompute);
    void finish(quint64 generation, const Expected<MapUpdater::Result>& result);

    ItemKind m_kind = ItemKind::Face;
    QString m_path;
    MapUpdater::Result m_map;
    QString m_error;
    bool m_running = false;
    int m_pending = 0; // 0 none, 1 update, 2 recompute
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic_bool> m_cancel;
    // Layouts run here, never on QThreadPool::globalInstance(): Qt 6.4's raster engine splits
    // large fills over the global pool and waits for them, so work holding its threads for
    // seconds stalled the window's painting for hundreds of ms at a time.
    QThreadPool m_pool;
    QFuture<Expected<MapUpdater::Result>> m_future;
};

} // namespace lookalike::ui
