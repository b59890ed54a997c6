#include "mappage.h"
#include "faceactions.h"
#include "facecatalog.h"
#include "futurewatch.h"
#include "mapexporter.h"
#include "maplayout.h"
#include "mapservice.h"
#include "mapview.h"
#include "messagesink.h"
#include "peopleactions.h"
#include "plural.h"
#include "querysession.h"
#include "settings.h"
#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QProgressBar>
#include <QToolButton>
#include <QtConcurrent>

namespace lookalike::ui {

namespace {

constexpr int kRefreshMs = 1500; // wait for a burst of changes (an import's commits) to settle
constexpr int kMarkerNeighbours = 15;

QToolButton* toolButton(QWidget* parent, const QString& text, const QString& tip,
                        bool checkable = false)
{
    auto* b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(tip);
    b->setCheckable(checkable);
    b->setAutoRaise(true);
    return b;
}

} // namespace

MapPage::MapPage(FaceCatalog* catalog, ThumbnailCache* thumbnails, QuerySession* session,
                 Settings* settings, MessageSink* sink, QWidget* parent)
    : QWidget(parent), m_catalog(catalog), m_thumbnails(thumbnails), m_session(session),
      m_settings(settings), m_sink(sink), m_view(new MapView(this)), m_service(new MapService(this))
{
    m_view->setThumbnailCache(thumbnails);
    m_view->setDescriber([this](qint64 id) { return describe(id); });
    m_exportSvg = new QAction(tr("&Map as SVG…"), this);
    m_exportPng = new QAction(tr("Map as &PNG…"), this);
    connect(m_exportSvg, &QAction::triggered, this, [this] { exportMap(true); });
    connect(m_exportPng, &QAction::triggered, this, [this] { exportMap(false); });
    createToolBar();
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(kRefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, [this] { m_service->update(); });
    connect(m_service, &MapService::mapChanged, this, &MapPage::mapChanged);
    connect(m_service, &MapService::busyChanged, this, &MapPage::busyChanged);
    connect(m_service, &MapService::progress, this,
            [this](double f) { m_progress->setValue(int(f * 1000)); });
    connect(m_service, &MapService::failed, this, [this](const QString& error) {
        m_view->setMessage(tr("The map could not be made: %1").arg(error));
    });
    connect(catalog, &FaceCatalog::changed, this, &MapPage::catalogChanged);
    connect(session, &QuerySession::resultsChanged, this, &MapPage::updateMarker);
    connect(session, &QuerySession::activeChanged, this, &MapPage::updateMarker);
    connect(m_view, &MapView::selectionChanged, this, &MapPage::selectionChanged);
    connect(m_view, &QWidget::customContextMenuRequested, this, &MapPage::contextMenu);
    updateStatus();
}

void MapPage::createToolBar()
{
    m_colourBy = new QComboBox(this);
    m_colourBy->addItem(tr("Colour by label"), int(MapColouring::Label));
    m_colourBy->addItem(tr("Colour by person"), int(MapColouring::Person));
    m_colourBy->addItem(tr("Colour by folder"), int(MapColouring::Folder));
    m_colourBy->setToolTip(tr("Person: the label, or the suggested person of an unlabelled face"));
    connect(m_colourBy, &QComboBox::currentIndexChanged, this, &MapPage::refreshGroups);
    m_names = toolButton(this, tr("Names"), tr("Names on the islands"), true);
    m_names->setChecked(true);
    connect(m_names, &QToolButton::toggled, m_view, &MapView::setShowNames);

    auto* tools = new QActionGroup(this);
    auto tool = [&](const QString& text, const QString& tip, QKeySequence key, MapView::Tool t) {
        auto* b = toolButton(this, text, tip, true);
        auto* a = new QAction(text, tools);
        a->setCheckable(true);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        a->setToolTip(tip);
        addAction(a);
        b->setDefaultAction(a);
        connect(a, &QAction::triggered, this, [this, t] { m_view->setTool(t); });
        return b;
    };
    auto* pan = tool(tr("Pan"), tr("Drag to move the map (H); Shift+drag selects"), Qt::Key_H,
                     MapView::Tool::Pan);
    auto* rect = tool(tr("Rectangle"), tr("Drag to select the faces in a rectangle (R); Ctrl adds"),
                      Qt::Key_R, MapView::Tool::Rectangle);
    auto* lasso = tool(tr("Lasso"), tr("Drag around faces to select them (L); Ctrl adds"),
                       Qt::Key_L, MapView::Tool::Lasso);
    pan->defaultAction()->setChecked(true);
    auto* fit = toolButton(this, tr("Fit"), tr("Show the whole map (0)"));
    connect(fit, &QToolButton::clicked, m_view, &MapView::fit);
    auto* relayout =
        toolButton(this, tr("Lay out again"), tr("Lay the whole map out from scratch"));
    connect(relayout, &QToolButton::clicked, this, [this] { m_service->update(true); });

    m_status = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    m_cancel = toolButton(this, tr("Cancel"), tr("Stop laying out the map"));
    connect(m_cancel, &QToolButton::clicked, m_service, &MapService::cancel);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(6, 2, 6, 2);
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_colourBy, m_names, pan, rect, lasso, fit, relayout})
        bar->addWidget(w);
    bar->addStretch(1);
    bar->addWidget(m_status);
    bar->addWidget(m_progress);
    bar->addWidget(m_cancel);
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addLayout(bar);
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
    m_view->setMap({}, {});
    m_view->setMessage(path.isEmpty() ? QString() : tr("Opening the map…"));
    m_service->setLibrary(path);
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
    updateStatus();
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
    std::optional<QPointF> at;
    if (photo.selected >= 0 && photo.selected < int(photo.faces.size())) {
        const QueryFaceInfo& q = photo.faces[size_t(photo.selected)];
        const QSizeF s = photo.image.size();
        face = photo.image.copy(QRectF(q.box.x() * s.width(), q.box.y() * s.height(),
                                       q.box.width() * s.width(), q.box.height() * s.height())
                                    .toRect());
        if (const QPointF own = m_view->screenPosition(q.faceId);
            q.faceId >= 0 && !std::isnan(own.x()))
            at = m_view->scene().toMap(own); // a library face: where it is
    }
    if (!at) {
        std::vector<float> sims, positions;
        for (const FaceMatch& m : m_session->matches()) {
            const int p = m_view->scene().pointOf.value(m.face.id, -1);
            if (p < 0)
                continue;
            sims.push_back(m.similarity);
            positions.push_back(m_view->scene().positions[2 * p]);
            positions.push_back(m_view->scene().positions[2 * p + 1]);
            if (int(sims.size()) == kMarkerNeighbours)
                break;
        }
        const auto [x, y] = MapLayout::positionAmong(sims, positions);
        if (!std::isnan(x))
            at = QPointF(x, y);
    }
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
    updateStatus();
}

void MapPage::contextMenu(const QPoint& pos)
{
    if (!m_faceActions)
        return;
    const int p =
        m_view->scene().grid.nearest(m_view->scene().toMap(pos), 8 / m_view->scene().scale);
    if (p >= 0 && !m_view->scene().selected[p])
        m_view->selectFaces({m_view->scene().ids[p]});
    if (m_view->selectedFaceIds().empty())
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

void MapPage::busyChanged(bool busy)
{
    m_progress->setValue(0);
    if (busy && !m_service->hasMap())
        m_view->setMessage(tr("Laying out the map…"));
    updateStatus();
}

void MapPage::updateStatus()
{
    const bool busy = m_service->isBusy();
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy);
    m_exportSvg->setEnabled(m_service->hasMap());
    m_exportPng->setEnabled(m_service->hasMap());
    const qint64 selected = qint64(m_view->selectedFaceIds().size());
    QString text = busy ? tr("Laying out…") : plural(m_view->count(), tr("face"), tr("faces"));
    if (selected > 0)
        text += tr(", %1 selected").arg(selected);
    m_status->setText(text);
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
    menu->addAction(m_exportSvg);
    menu->addAction(m_exportPng);
}

bool MapPage::isBusy() const
{
    return m_service->isBusy() || m_exporting > 0;
}

void MapPage::exportMap(bool svg)
{
    if (!m_service->hasMap())
        return;
    const QString title = svg ? tr("Export the map as SVG") : tr("Export the map as PNG");
    const QString suggested =
        QDir(m_settings->lastFolder())
            .filePath(QFileInfo(m_libraryPath).completeBaseName() +
                      (svg ? QStringLiteral("-map.svg") : QStringLiteral("-map.png")));
    const QString file = m_sink->chooseSaveFile(
        title, suggested, svg ? tr("SVG pictures (*.svg)") : tr("PNG pictures (*.png)"));
    if (file.isEmpty())
        return;
    MapPicture picture;
    picture.positions = m_service->map().positions;
    picture.groups = m_groups;
    picture.marker = m_view->scene().marker;
    MapExporter::Options options;
    options.names = m_view->scene().showNames;
    ++m_exporting;
    auto job = QtConcurrent::run([file, svg, picture, options] {
        return svg ? MapExporter::writeSvg(file, picture, options)
                   : MapExporter::writePng(file, picture, options);
    });
    whenFinished(job, this, [this, file, title](const Status& s) {
        --m_exporting;
        if (!s)
            m_sink->error(title, s.error());
        else
            emit message(tr("Saved %1").arg(QDir::toNativeSeparators(file)));
    });
}

} // namespace lookalike::ui
