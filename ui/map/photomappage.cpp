#include "photomappage.h"
#include "mapexportjob.h"
#include "mapservice.h"
#include "maptoolbar.h"
#include "mapview.h"
#include "photolibrary.h"
#include "photoquerysession.h"
#include "photospage.h"
#include "plural.h"
#include "thumbnailcache.h"
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QMenu>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>

namespace lookalike::ui {

PhotoMapPage::PhotoMapPage(PhotosPage* photos, ThumbnailCache* thumbnails, Settings* settings,
                           MessageSink* sink, QWidget* parent)
    : QWidget(parent), m_photos(photos), m_view(new MapView(this)),
      m_service(new MapService(ItemKind::Image, this)),
      m_toolBar(new MapToolBar(m_view, m_service, tr("photo"), tr("photos"), this)),
      m_export(new MapExportJob({m_service, m_view, &m_groups}, sink, settings,
                                QStringLiteral("photo-map"), tr("Map of p&hotos as SVG…"),
                                tr("Map of ph&otos as PNG…"), this)),
      m_findSimilar(new QAction(tr("Find &similar photos"), this)),
      m_trash(
          new QAction(QIcon::fromTheme(QStringLiteral("user-trash")), tr("Move to &Trash"), this))
{
    m_view->setThumbnailCache(thumbnails);
    m_view->setDescriber([this](qint64 id) { return describe(id); });
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(m_toolBar);
    column->addWidget(m_view, 1);
    setFocusProxy(m_view);

    m_findSimilar->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_findSimilar->setToolTip(tr("Duplicates of this photo and photos that look like it"));
    m_trash->setShortcut(QKeySequence::Delete);
    m_trash->setToolTip(tr("Move the selected photos to the trash and out of the library (Ctrl+Z "
                           "puts them back)"));
    for (QAction* a : {m_findSimilar, m_trash}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_view->addAction(a); // their shortcuts work while the map has focus
    }
    connect(m_findSimilar, &QAction::triggered, this, [this] {
        if (const qint64 id = m_view->currentFaceId(); id > 0)
            emit similarRequested(id);
    });
    connect(m_trash, &QAction::triggered, this, [this] {
        if (const std::vector<qint64> ids = m_view->selectedFaceIds(); !ids.empty())
            emit trashRequested(ids);
    });
    connect(m_export, &MapExportJob::message, this, &PhotoMapPage::message);

    m_refresh.setSingleShot(true);
    m_refresh.setInterval(MapService::kSettleMs);
    connect(&m_refresh, &QTimer::timeout, this, [this] { m_service->update(); });
    connect(m_service, &MapService::mapChanged, this, &PhotoMapPage::mapChanged);
    connect(m_photos->photos(), &PhotoLibrary::changed, this, &PhotoMapPage::photosChanged);
    connect(m_photos->query(), &PhotoQuerySession::resultChanged, this,
            &PhotoMapPage::updateMarker);
    connect(m_photos->query(), &PhotoQuerySession::activeChanged, this,
            &PhotoMapPage::updateMarker);
    connect(m_view, &MapView::faceActivated, m_photos, &PhotosPage::openPhoto);
    connect(m_view, &MapView::selectionChanged, this, &PhotoMapPage::updateActions);
    connect(m_view, &QWidget::customContextMenuRequested, this, &PhotoMapPage::contextMenu);
    updateActions();
}

void PhotoMapPage::setLibrary(const QString& path)
{
    m_libraryPath = path;
    m_groups = {};
    m_toolBar->openLibrary(path);
    m_stale = true;
    if (m_active)
        m_service->update();
}

void PhotoMapPage::setActive(bool active)
{
    m_active = active;
    if (!active)
        return;
    if (std::exchange(m_photosPending, false))
        photosChanged();
    if (m_stale)
        m_service->update();
    m_view->setFocus();
}

void PhotoMapPage::photosChanged()
{
    if (!m_active) {
        m_photosPending = true;
        m_rowOf.clear(); // its rows may be gone: pathOf() knows no photo until then
        return;
    }
    const std::vector<PhotoInfo>& photos = m_photos->photos()->photos();
    m_rowOf.clear();
    m_rowOf.reserve(qsizetype(photos.size()));
    for (size_t i = 0; i < photos.size(); ++i)
        m_rowOf.insert(photos[i].id, int(i));
    refreshGroups();
    if (m_photos->photos()->isLoading() || m_libraryPath.isEmpty())
        return;
    // A load finished: photos may have come (an import) or gone (the trash, an undo). When
    // the map has them all, nothing did; otherwise an update tells (photos without a look
    // vector are on no map: it then only reads the stored map).
    std::vector<qint64> ids;
    ids.reserve(photos.size());
    for (const PhotoInfo& photo : photos)
        ids.push_back(photo.id);
    std::sort(ids.begin(), ids.end());
    if (m_service->hasMap() && ids == m_service->map().ids)
        return;
    m_stale = true;
    if (m_active)
        m_refresh.start();
}

void PhotoMapPage::mapChanged()
{
    m_stale = false;
    const MapUpdater::Result& map = m_service->map();
    m_view->setMap(map.ids, map.positions);
    refreshGroups();
    updateMarker();
    m_view->setMessage(map.ids.empty() && !m_libraryPath.isEmpty() && !m_service->isBusy()
                           ? tr("No photos to show yet.")
                           : QString());
    if (map.change == MapUpdater::Change::Placed)
        emit message(
            tr("Placed %1 on the map").arg(plural(map.placed, tr("new photo"), tr("new photos"))));
    m_toolBar->updateStatus();
    updateActions();
}

QString PhotoMapPage::pathOf(qint64 photoId) const
{
    const int row = m_rowOf.value(photoId, -1);
    return row < 0 ? QString() : m_photos->photos()->photos()[size_t(row)].path;
}

void PhotoMapPage::refreshGroups()
{
    const std::vector<qint64>& ids = m_service->map().ids;
    m_groups = MapGroups::build(
        qint64(ids.size()),
        [&](qint64 i) {
            const QString path = pathOf(ids[size_t(i)]);
            return MapItemInfo{path, QFileInfo(path).path()};
        },
        MapColouring::Folder);
    m_view->setGroups(m_groups);
}

void PhotoMapPage::updateMarker()
{
    const PhotoQuerySession* query = m_photos->query();
    const PhotoQueryResult& r = query->result();
    if (!query->isActive() || (r.matches.empty() && r.imageId < 0)) {
        m_view->setMarker(std::nullopt, {});
        return;
    }
    std::vector<std::pair<qint64, float>> nearest;
    for (const PhotoMatch& m : r.matches)
        nearest.emplace_back(m.imageId, m.similarity);
    const std::optional<QPointF> at = m_view->placeAmong(r.imageId, nearest);
    m_view->setMarker(at, r.preview);
}

void PhotoMapPage::updateActions()
{
    m_trash->setEnabled(!m_view->selectedFaceIds().empty());
    m_findSimilar->setEnabled(m_view->currentFaceId() > 0);
}

void PhotoMapPage::contextMenu(const QPoint& pos)
{
    const qint64 id = m_view->selectForMenu(pos).empty() ? -1 : m_view->currentFaceId();
    if (id <= 0)
        return;
    const QString path = pathOf(id);
    QMenu menu(this);
    menu.addAction(tr("&Open photo"), this, [this, id] { m_photos->openPhoto(id); });
    menu.addAction(m_findSimilar);
    menu.addAction(tr("Show in &folder"), this, [path] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
    });
    menu.addAction(tr("&Copy path"), this,
                   [path] { QApplication::clipboard()->setText(QDir::toNativeSeparators(path)); });
    menu.addSeparator();
    menu.addAction(m_trash);
    menu.exec(m_view->mapToGlobal(pos));
}

QString PhotoMapPage::describe(qint64 photoId) const
{
    const QString path = pathOf(photoId);
    if (path.isEmpty())
        return {};
    const QFileInfo file(path);
    return file.fileName() + QLatin1Char('\n') + QDir::toNativeSeparators(file.path());
}

bool PhotoMapPage::isBusy() const
{
    return m_service->isBusy() || exportJob()->isBusy();
}

} // namespace lookalike::ui
