#include "mappage.h"
#include "faceactions.h"
#include "facecatalog.h"
#include "mapexportjob.h"
#include "mapservice.h"
#include "maptoolbar.h"
#include "mapview.h"
#include "messagesink.h"
#include "peopleactions.h"
#include "plural.h"
#include "querysession.h"
#include "settings.h"
#include <QAction>
#include <QComboBox>
#include <QFileInfo>
#include <QMenu>
#include <QVBoxLayout>

namespace lookalike::ui {

MapPage::MapPage(FaceCatalog* catalog, ThumbnailCache* thumbnails, QuerySession* session,
                 Settings* settings, MessageSink* sink, QWidget* parent)
    : QWidget(parent), m_catalog(catalog), m_thumbnails(thumbnails), m_session(session),
      m_settings(settings), m_sink(sink), m_view(new MapView(this)), m_service(new MapService(this))
{
    m_view->setThumbnailCache(thumbnails);
    m_view->setDescriber([this](qint64 id) { return describe(id); });
    m_export = new MapExportJob({m_service, m_view, &m_groups}, sink, settings,
                                QStringLiteral("map"), tr("&Map as SVG…"), tr("Map as &PNG…"),
                                this);
    connect(m_export, &MapExportJob::message, this, &MapPage::message);
    createToolBar();
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(MapService::kSettleMs);
    connect(&m_refresh, &QTimer::timeout, this, [this] { m_service->update(); });
    connect(m_service, &MapService::mapChanged, this, &MapPage::mapChanged);
    connect(catalog, &FaceCatalog::changed, this, &MapPage::catalogChanged);
    connect(session, &QuerySession::resultsChanged, this, &MapPage::updateMarker);
    connect(session, &QuerySession::activeChanged, this, &MapPage::updateMarker);
    connect(m_view, &MapView::selectionChanged, this, &MapPage::selectionChanged);
    connect(m_view, &QWidget::customContextMenuRequested, this, &MapPage::contextMenu);
}

void MapPage::createToolBar()
{
    m_colourBy = new QComboBox(this);
    m_colourBy->addItem(tr("Colour by label"), int(MapColouring::Label));
    m_colourBy->addItem(tr("Colour by person"), int(MapColouring::Person));
    m_colourBy->addItem(tr("Colour by folder"), int(MapColouring::Folder));
    m_colourBy->setToolTip(tr("Person: the label, or the suggested person of an unlabelled face"));
    connect(m_colourBy, &QComboBox::currentIndexChanged, this, &MapPage::refreshGroups);
    m_toolBar = new MapToolBar(m_view, m_service, tr("face"), tr("faces"), this);
    m_toolBar->addLeading(m_colourBy);
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(m_toolBar);
    column->addWidget(m_view, 1);
}

void MapPage::setActions(FaceActions* faces, PeopleActions* people)
{
    m_faceActions = faces;
    m_people = people;
    for (QAction* a : {faces->showPhotoAction(), faces->findSimilarAction(),
                       faces->setLabelAction(), faces->openFolderAction(), faces->copyPathAction(),
                       people->confirmAction(), people->rejectAction()})
        m_view->addAction(a); // their shortcuts work while the map has focus
    connect(m_view, &MapView::faceActivated, faces, &FaceActions::showPhoto);
}

void MapPage::setLibrary(const QString& path)
{
    m_libraryPath = path;
    m_groups = {};
    m_toolBar->openLibrary(path);
    m_stale = true;
    if (m_active)
        m_service->update();
}

void MapPage::setActive(bool active, const LabelFilter& gridFilter, bool queryShown)
{
    m_active = active;
    if (!m_faceActions)
        return;
    m_faceActions->setSelection(active ? static_cast<FaceSelection*>(m_view) : nullptr);
    m_people->setSelection(active ? static_cast<FaceSelection*>(m_view) : nullptr);
    if (!active) {
        m_people->setView(gridFilter, queryShown);
        return;
    }
    selectionChanged();
    if (m_stale)
        m_service->update();
    m_view->setFocus();
}

void MapPage::mapChanged()
{
    m_stale = false;
    const MapUpdater::Result& map = m_service->map();
    m_view->setMap(map.ids, map.positions);
    refreshGroups();
    setHighlight(m_highlight);
    updateMarker();
    m_view->setMessage(map.ids.empty() && !m_libraryPath.isEmpty() && !m_service->isBusy()
                           ? tr("No faces to show yet.")
                           : QString());
    if (map.change == MapUpdater::Change::Placed)
        emit message(
            tr("Placed %1 on the map").arg(plural(map.placed, tr("new face"), tr("new faces"))));
    catalogChanged(); // faces that came while it ran
    m_toolBar->updateStatus();
}

void MapPage::catalogChanged()
{
    refreshGroups();
    if (m_catalog->isLoading() || m_libraryPath.isEmpty() || m_service->isBusy())
        return;
    // Faces added or removed: the map is brought up to date once they settle.
    if (m_catalog->ids() != m_service->map().ids &&
        (m_catalog->count() > 0 || m_service->hasMap())) {
        m_stale = true;
        if (m_active)
            m_refresh.start();
    }
}

MapColouring MapPage::colouring() const
{
    return MapColouring(m_colourBy->currentData().toInt());
}

void MapPage::setColouring(MapColouring colouring)
{
    m_colourBy->setCurrentIndex(m_colourBy->findData(int(colouring)));
}

void MapPage::refreshGroups()
{
    const std::vector<qint64>& ids = m_service->map().ids;
    m_groups = MapGroups::build(
        qint64(ids.size()),
        [&](qint64 i) {
            const FaceInfo* f = m_catalog->find(ids[i]);
            return f ? MapItemInfo{f->path, f->label, f->person} : MapItemInfo{};
        },
        colouring());
    m_view->setGroups(m_groups);
}

void MapPage::setHighlight(const LabelFilter& filter)
{
    m_highlight = filter;
    m_view->setHighlighted(filter.kind == LabelFilter::Kind::All ? std::vector<qint64>()
                                                                 : m_catalog->idsFor(filter));
}

void MapPage::updateMarker()
{
    if (!m_session->isActive() || m_session->matches().empty()) {
        m_view->setMarker(std::nullopt, {});
        return;
    }
    const QueryPhoto& photo = m_session->photo();
    QImage face;
    qint64 own = -1; // a library face: where it is
    if (photo.selected >= 0 && photo.selected < int(photo.faces.size())) {
        const QueryFaceInfo& q = photo.faces[size_t(photo.selected)];
        const QSizeF s = photo.image.size();
        face = photo.image.copy(QRectF(q.box.x() * s.width(), q.box.y() * s.height(),
                                       q.box.width() * s.width(), q.box.height() * s.height())
                                    .toRect());
        own = q.faceId;
    }
    std::vector<std::pair<qint64, float>> nearest;
    for (const FaceMatch& m : m_session->matches())
        nearest.emplace_back(m.face.id, m.similarity);
    const std::optional<QPointF> at = m_view->placeAmong(own, nearest);
    m_view->setMarker(at, face);
}

void MapPage::selectionChanged()
{
    if (!m_active || !m_faceActions)
        return;
    // The people actions act on the one person the selected faces share, as if chosen in
    // the sidebar: name, merge, split them off.
    const auto ids = m_view->selectedFaceIds();
    LabelFilter filter = LabelFilter::all();
    if (const FaceInfo* first = ids.empty() ? nullptr : m_catalog->find(ids.front())) {
        const bool sameLabel = std::all_of(ids.begin(), ids.end(), [&](qint64 id) {
            const FaceInfo* f = m_catalog->find(id);
            return f && f->label == first->label &&
                   (!first->label.isEmpty() || f->person == first->person);
        });
        if (sameLabel && !first->label.isEmpty())
            filter = LabelFilter::label(first->label);
        else if (sameLabel && first->person > 0)
            filter = LabelFilter::unnamedPerson(first->person);
    }
    m_people->setView(filter, false);
    m_faceActions->updateEnabled();
    m_people->updateEnabled();
}

void MapPage::contextMenu(const QPoint& pos)
{
    if (!m_faceActions)
        return;
    if (m_view->selectForMenu(pos).empty())
        return;
    QMenu menu(this);
    m_faceActions->addTo(&menu);
    menu.addSeparator();
    m_people->addFaceActionsTo(&menu);
    if (m_people->mergeAction()->isEnabled())
        menu.addAction(m_people->mergeAction());
    if (m_people->renameAction()->isEnabled())
        menu.addAction(m_people->renameAction());
    menu.exec(m_view->mapToGlobal(pos));
}

QString MapPage::describe(qint64 faceId) const
{
    const FaceInfo* f = m_catalog->find(faceId);
    if (!f)
        return {};
    const QString who = !f->label.isEmpty() ? f->label
                        : f->person > 0     ? tr("Unnamed person %1").arg(f->person)
                                            : tr("Unlabelled");
    return who + QLatin1Char('\n') + QFileInfo(f->path).fileName();
}

void MapPage::addExportActionsTo(QMenu* menu) const
{
    m_export->addActionsTo(menu);
}

bool MapPage::isBusy() const
{
    return m_service->isBusy() || m_export->isBusy();
}

void MapPage::exportMap(bool svg)
{
    m_export->start(svg);
}

} // namespace lookalike::ui
