#include "mappage.h"
#include "faceactions.h"
#include "facecatalog.h"
#include "mapexportjob.h"
#include "mapservice.h"
#include "maptoolbar.h"
#include "mapview.h"
#include "peopleactions.h"
#include "querysession.h"
#include <QAction>
#include <QComboBox>
#include <QFileInfo>
#include <QMenu>

namespace lookalike::ui {

MapPage::MapPage(FaceCatalog* catalog, ThumbnailCache* thumbnails, QuerySession* session,
                 Settings* settings, MessageSink* sink, QWidget* parent)
    : MapPageBase(ItemKind::Face, thumbnails, settings, sink,
                  {tr("face"), tr("faces"), tr("new face"), tr("new faces"),
                   tr("No faces to show yet."), QStringLiteral("map"), tr("&Map as SVG…"),
                   tr("Map as &PNG…")},
                  parent),
      m_catalog(catalog), m_session(session), m_colourBy(new QComboBox(this))
{
    m_colourBy->addItem(tr("Colour by label"), int(MapColouring::Label));
    m_colourBy->addItem(tr("Colour by person"), int(MapColouring::Person));
    m_colourBy->addItem(tr("Colour by folder"), int(MapColouring::Folder));
    m_colourBy->setToolTip(tr("Person: the label, or the suggested person of an unlabelled face"));
    connect(m_colourBy, &QComboBox::currentIndexChanged, this, &MapPage::refreshGroups);
    toolBar()->addLeading(m_colourBy);
    connect(catalog, &FaceCatalog::changed, this, &MapPage::catalogChanged);
    connect(session, &QuerySession::resultsChanged, this, &MapPage::updateMarker);
    connect(session, &QuerySession::activeChanged, this, &MapPage::updateMarker);
    connect(view(), &MapView::selectionChanged, this, &MapPage::selectionChanged);
    connect(view(), &QWidget::customContextMenuRequested, this, &MapPage::contextMenu);
}

void MapPage::setActions(FaceActions* faces, PeopleActions* people)
{
    m_faceActions = faces;
    m_people = people;
    for (QAction* a : {faces->showPhotoAction(), faces->findSimilarAction(),
                       faces->setLabelAction(), faces->openFolderAction(), faces->copyPathAction(),
                       people->confirmAction(), people->rejectAction()})
        view()->addAction(a); // their shortcuts work while the map has focus
    connect(view(), &MapView::faceActivated, faces, &FaceActions::showPhoto);
}

void MapPage::setActive(bool active, const LabelFilter& gridFilter, bool queryShown)
{
    if (!active)
        deactivate();
    if (m_faceActions) {
        m_faceActions->setSelection(active ? static_cast<FaceSelection*>(view()) : nullptr);
        m_people->setSelection(active ? static_cast<FaceSelection*>(view()) : nullptr);
        if (!active)
            m_people->setView(gridFilter, queryShown);
    }
    if (!active)
        return;
    activate();
    selectionChanged();
}

void MapPage::mapShown()
{
    setHighlight(m_highlight);
    catalogChanged(); // faces that came while it ran
}

void MapPage::catalogChanged()
{
    refreshGroups();
    if (m_catalog->isLoading() || !hasLibrary() || service()->isBusy())
        return;
    // Faces added or removed: the map is brought up to date once they settle.
    if (m_catalog->ids() != service()->map().ids && (m_catalog->count() > 0 || service()->hasMap()))
        markStale();
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
    const std::vector<qint64>& ids = service()->map().ids;
    setGroups(MapGroups::build(
        qint64(ids.size()),
        [&](qint64 i) {
            const FaceInfo* f = m_catalog->find(ids[i]);
            return f ? MapItemInfo{f->path, f->label, f->person} : MapItemInfo{};
        },
        colouring()));
}

void MapPage::setHighlight(const LabelFilter& filter)
{
    m_highlight = filter;
    view()->setHighlighted(filter.kind == LabelFilter::Kind::All ? std::vector<qint64>()
                                                                 : m_catalog->idsFor(filter));
}

void MapPage::updateMarker()
{
    if (!m_session->isActive() || m_session->matches().empty()) {
        view()->setMarker(std::nullopt, {});
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
    const std::optional<QPointF> at = view()->placeAmong(own, nearest);
    view()->setMarker(at, face);
}

void MapPage::selectionChanged()
{
    if (!isActive() || !m_faceActions)
        return;
    // The people actions act on the one person the selected faces share, as if chosen in
    // the sidebar: name, merge, split them off.
    const auto ids = view()->selectedFaceIds();
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
    if (view()->selectForMenu(pos).empty())
        return;
    QMenu menu(this);
    m_faceActions->addTo(&menu);
    menu.addSeparator();
    m_people->addFaceActionsTo(&menu);
    if (m_people->mergeAction()->isEnabled())
        menu.addAction(m_people->mergeAction());
    if (m_people->renameAction()->isEnabled())
        menu.addAction(m_people->renameAction());
    menu.exec(view()->mapToGlobal(pos));
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
    exportJob()->addActionsTo(menu);
}

void MapPage::exportMap(bool svg)
{
    exportJob()->start(svg);
}

} // namespace lookalike::ui
