#include "photomappage.h"
#include "mapservice.h"
#include "mapview.h"
#include "photolibrary.h"
#include "photoquerysession.h"
#include "photospage.h"
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QMenu>
#include <QUrl>
#include <algorithm>
#include <utility>

namespace lookalike::ui {

PhotoMapPage::PhotoMapPage(PhotosPage* photos, ThumbnailCache* thumbnails, Settings* settings,
                           MessageSink* sink, QWidget* parent)
    : MapPageBase(ItemKind::Image, thumbnails, settings, sink,
                  {tr("photo"), tr("photos"), tr("new photo"), tr("new photos"),
                   tr("No photos to show yet."), QStringLiteral("photo-map"),
                   tr("Map of p&hotos as SVG…"), tr("Map of ph&otos as PNG…")},
                  parent),
      m_photos(photos), m_findSimilar(new QAction(tr("Find &similar photos"), this)),
      m_trash(
          new QAction(QIcon::fromTheme(QStringLiteral("user-trash")), tr("Move to &Trash"), this))
{
    m_findSimilar->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_findSimilar->setToolTip(tr("Duplicates of this photo and photos that look like it"));
    m_trash->setShortcut(QKeySequence::Delete);
    m_trash->setToolTip(tr("Move the selected photos to the trash and out of the library (Ctrl+Z "
                           "puts them back)"));
    for (QAction* a : {m_findSimilar, m_trash}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        view()->addAction(a); // their shortcuts work while the map has focus
    }
    connect(m_findSimilar, &QAction::triggered, this, [this] {
        if (const qint64 id = view()->currentFaceId(); id > 0)
            emit similarRequested(id);
    });
    connect(m_trash, &QAction::triggered, this, [this] {
        if (const std::vector<qint64> ids = view()->selectedFaceIds(); !ids.empty())
            emit trashRequested(ids);
    });
    connect(m_photos->photos(), &PhotoLibrary::changed, this, &PhotoMapPage::photosChanged);
    connect(m_photos->query(), &PhotoQuerySession::resultChanged, this,
            &PhotoMapPage::updateMarker);
    connect(m_photos->query(), &PhotoQuerySession::activeChanged, this,
            &PhotoMapPage::updateMarker);
    connect(view(), &MapView::faceActivated, m_photos, &PhotosPage::openPhoto);
    connect(view(), &MapView::selectionChanged, this, &PhotoMapPage::updateActions);
    connect(view(), &QWidget::customContextMenuRequested, this, &PhotoMapPage::contextMenu);
    updateActions();
}

void PhotoMapPage::setActive(bool active)
{
    if (!active) {
        deactivate();
        return;
    }
    // Before activate(): photos that changed meanwhile make the map stale, and activate()
    // then brings it up to date at once rather than after the settle delay.
    if (std::exchange(m_photosPending, false))
        reindexPhotos();
    activate();
}

void PhotoMapPage::photosChanged()
{
    if (!isActive()) {
        m_photosPending = true;
        m_rowOf.clear(); // its rows may be gone: pathOf() knows no photo until then
        return;
    }
    reindexPhotos();
}

void PhotoMapPage::reindexPhotos()
{
    const std::vector<PhotoInfo>& photos = m_photos->photos()->photos();
    m_rowOf.clear();
    m_rowOf.reserve(qsizetype(photos.size()));
    for (size_t i = 0; i < photos.size(); ++i)
        m_rowOf.insert(photos[i].id, int(i));
    refreshGroups();
    if (m_photos->photos()->isLoading() || !hasLibrary())
        return;
    // A load finished: photos may have come (an import) or gone (the trash, an undo). When
    // the map has them all, nothing did; otherwise an update tells (photos without a look
    // vector are on no map: it then only reads the stored map).
    std::vector<qint64> ids;
    ids.reserve(photos.size());
    for (const PhotoInfo& photo : photos)
        ids.push_back(photo.id);
    std::sort(ids.begin(), ids.end());
    if (service()->hasMap() && ids == service()->map().ids)
        return;
    markStale();
}

void PhotoMapPage::mapShown()
{
    updateActions();
}

QString PhotoMapPage::pathOf(qint64 photoId) const
{
    const int row = m_rowOf.value(photoId, -1);
    return row < 0 ? QString() : m_photos->photos()->photos()[size_t(row)].path;
}

void PhotoMapPage::refreshGroups()
{
    const std::vector<qint64>& ids = service()->map().ids;
    setGroups(MapGroups::build(
        qint64(ids.size()),
        [&](qint64 i) {
            const QString path = pathOf(ids[size_t(i)]);
            return MapItemInfo{path, QFileInfo(path).path()};
        },
        MapColouring::Folder));
}

void PhotoMapPage::updateMarker()
{
    const PhotoQuerySession* query = m_photos->query();
    const PhotoQueryResult& r = query->result();
    if (!query->isActive() || (r.matches.empty() && r.imageId < 0)) {
        view()->setMarker(std::nullopt, {});
        return;
    }
    std::vector<std::pair<qint64, float>> nearest;
    for (const PhotoMatch& m : r.matches)
        nearest.emplace_back(m.imageId, m.similarity);
    const std::optional<QPointF> at = view()->placeAmong(r.imageId, nearest);
    view()->setMarker(at, r.preview);
}

void PhotoMapPage::updateActions()
{
    m_trash->setEnabled(!view()->selectedFaceIds().empty());
    m_findSimilar->setEnabled(view()->currentFaceId() > 0);
}

void PhotoMapPage::contextMenu(const QPoint& pos)
{
    const qint64 id = view()->selectForMenu(pos).empty() ? -1 : view()->currentFaceId();
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
    menu.exec(view()->mapToGlobal(pos));
}

QString PhotoMapPage::describe(qint64 photoId) const
{
    const QString path = pathOf(photoId);
    if (path.isEmpty())
        return {};
    const QFileInfo file(path);
    return file.fileName() + QLatin1Char('\n') + QDir::toNativeSeparators(file.path());
}

} // namespace lookalike::ui
