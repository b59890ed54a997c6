#include "mappagebase.h"
#include "mapexportjob.h"
#include "mapservice.h"
#include "maptoolbar.h"
#include "mapview.h"
#include "plural.h"
#include <QVBoxLayout>

namespace lookalike::ui {

MapPageBase::MapPageBase(ItemKind kind, ThumbnailCache* thumbnails, Settings* settings,
                         MessageSink* sink, const Words& words, QWidget* parent)
    : QWidget(parent), m_words(words), m_view(new MapView(this)),
      m_service(new MapService(kind, this)),
      m_toolBar(new MapToolBar(m_view, m_service, words.one, words.many, this)),
      m_export(new MapExportJob({m_service, m_view, &m_groups}, sink, settings,
                                words.exportSuffix, words.exportSvg, words.exportPng, this))
{
    m_view->setThumbnailCache(thumbnails);
    m_view->setDescriber([this](qint64 id) { return describe(id); });
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(m_toolBar);
    column->addWidget(m_view, 1);
    setFocusProxy(m_view);

    connect(m_export, &MapExportJob::message, this, &MapPageBase::message);
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(MapService::kSettleMs);
    connect(&m_refresh, &QTimer::timeout, this, [this] { m_service->update(); });
    connect(m_service, &MapService::mapChanged, this, &MapPageBase::mapChanged);
}

void MapPageBase::setLibrary(const QString& path)
{
    m_libraryPath = path;
    m_groups = {};
    m_toolBar->openLibrary(path);
    m_stale = true;
    if (m_active)
        m_service->update();
}

void MapPageBase::activate()
{
    m_active = true;
    if (m_stale)
        m_service->update();
    m_view->setFocus();
}

void MapPageBase::markStale()
{
    m_stale = true;
    if (m_active)
        m_refresh.start();
}

void MapPageBase::setGroups(MapGroups groups)
{
    m_groups = std::move(groups);
    m_view->setGroups(m_groups);
}

void MapPageBase::mapChanged()
{
    m_stale = false;
    const MapUpdater::Result& map = m_service->map();
    m_view->setMap(map.ids, map.positions);
    refreshGroups();
    updateMarker();
    m_view->setMessage(map.ids.empty() && hasLibrary() && !m_service->isBusy() ? m_words.empty
                                                                                : QString());
    if (map.change == MapUpdater::Change::Placed)
        emit message(tr("Placed %1 on the map")
                         .arg(plural(map.placed, m_words.newOne, m_words.newMany)));
    m_toolBar->updateStatus();
    mapShown();
}

bool MapPageBase::isBusy() const
{
    return m_service->isBusy() || m_export->isBusy();
}

} // namespace lookalike::ui
