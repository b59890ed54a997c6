#include "mainwindow.h"
#include "backgroundjobs.h"
#include "duplicatephotoreview.h"
#include "duplicatereview.h"
#include "exportactions.h"
#include "imagemodelactions.h"
#include "metadataactions.h"
#include "faceactions.h"
#include "facecatalog.h"
#include "facedelegate.h"
#include "facegridmodel.h"
#include "facegridview.h"
#include "gridtitle.h"
#include "importcontroller.h"
#include "indexingservice.h"
#include "labelediting.h"
#include "labelmodel.h"
#include "labelsidebar.h"
#include "mapexportjob.h"
#include "mappage.h"
#include "mapview.h"
#include "peopleactions.h"
#include "peoplesearchstatus.h"
#include "photogridmodel.h"
#include "photogridview.h"
#include "photolibrary.h"
#include "photoquerysession.h"
#include "photomappage.h"
#include "photospage.h"
#include "plural.h"
#include "library.h"
#include "messagesink.h"
#include "queryinput.h"
#include "querypanel.h"
#include "querysession.h"
#include "searchservice.h"
#include "settings.h"
#include "thumbnailcache.h"
#include "welcomepage.h"
#include <QActionGroup>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMimeData>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <map>

namespace lookalike::ui {

MainWindow::MainWindow(const Services& services, QWidget* parent)
    : QMainWindow(parent), m_s(services), m_stack(new QStackedWidget(this)),
      m_welcome(new WelcomePage(this)), m_splitter(new QSplitter(Qt::Horizontal, this)),
      m_sidebar(new LabelSidebar(services.catalog, this)), m_header(new QLabel(this)),
      m_grid(new FaceGridView(this)),
      m_model(new FaceGridModel(services.catalog, services.thumbnails, this)),
      m_panel(new QueryPanel(services.session, this)), m_summary(new QLabel(this)),
      m_jobs(new BackgroundJobs(this))
{
    setWindowTitle(tr("Lookalike"));
    setAcceptDrops(true);
    m_imports =
        new ImportController(m_s.indexing, m_s.settings, m_s.sink, m_jobs, m_s.libraryDir, this);
    m_faceActions = new FaceActions(m_grid, m_s.catalog, m_s.session, m_s.sink, this);
    m_editing = new LabelEditing(m_s.catalog, m_s.sink, this);
    m_faceActions->setLabelEditing(m_editing);
    m_people = new PeopleActions(m_editing, m_sidebar, m_grid, m_s.catalog, m_s.settings, m_s.sink, this);
    new PeopleSearchStatus(m_editing, m_jobs, this); // Find people's progress and cancel
    m_exports = new ExportActions(m_s.session, m_s.settings, m_s.sink, m_jobs, this);
    m_metadata = new MetadataActions(m_editing, m_s.sink, m_jobs, this);
    m_imageModels = new ImageModelActions(m_s.photoModels, m_s.sink, m_jobs, this);
    m_query = new QueryInput(m_s.session, m_s.settings, m_s.sink, this);
    m_map = new MapPage(m_s.catalog, m_s.thumbnails, m_s.session, m_s.settings, m_s.sink, this);
    m_map->setActions(m_faceActions, m_people);
    if (!m_s.photoThumbnails) {
        ThumbnailCache::Options options;
        options.photos = true;
        m_s.photoThumbnails = new ThumbnailCache(options, this);
    }
    m_photos = new PhotosPage(m_s.photoThumbnails, this);
    m_photoMap = new PhotoMapPage(m_photos, m_s.photoThumbnails, m_s.settings, m_s.sink, this);
    m_photos->query()->setFaceSearch(m_s.search); // "Similar faces (N)" of a photo query
    if (m_s.photoModels)
        m_photos->setModels(*m_s.photoModels); // same object, another photo
    m_query->setPhotoQuery(m_photos->query());
    m_views = new QStackedWidget(this);
    createLayout();
    createMenus();
    restoreSettings();

    connect(m_s.catalog, &FaceCatalog::changed, this, &MainWindow::catalogChanged);
    connect(m_s.catalog, &FaceCatalog::loadFailed, this, [this](const QString& error) {
        const QString path = m_libraryPath;
        closeLibrary();
        m_s.settings->removeRecentLibrary(path);
        updateRecentMenu();
        m_s.sink->error(tr("Open library"), tr("%1 cannot be opened: %2").arg(path, error));
    });
    connect(m_sidebar, &LabelSidebar::filterChosen, this, &MainWindow::showFilter);
    connect(m_imageModels, &ImageModelActions::modelChanged, m_photos, &PhotosPage::modelsChanged);
    connect(m_people, &PeopleActions::showFilter, this, [this](const LabelFilter& filter) {
        m_sidebar->setCurrentFilter(filter);
        showFilter(filter);
    });
    connect(m_editing, &LabelEditing::libraryChanged, m_s.search, &SearchService::libraryChanged);
    connect(m_s.search, &SearchService::indexProgress, this, [this](double fraction) {
        if (fraction < 0)
            statusBar()->showMessage(tr("The search index could not be built: searches stay exact, and slower"), 10000);
        else if (fraction < 1)
            statusBar()->showMessage(tr("Building the search index… %1% (searches are exact, and slower, meanwhile)")
                                         .arg(int(fraction * 100)));
        else
            statusBar()->showMessage(tr("Search index ready"), 5000);
    });
    connect(m_editing, &LabelEditing::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 10000); });
    connect(m_editing, &LabelEditing::busyChanged, this, [this](bool busy) {
        if (busy)
            statusBar()->showMessage(tr("Saving changes…"));
        else if (statusBar()->currentMessage() == tr("Saving changes…"))
            statusBar()->clearMessage();
    });
    connect(m_s.session, &QuerySession::resultsChanged, this, [this] {
        m_s.catalog->add([this] {
            std::vector<FaceRecord> records;
            for (const FaceMatch& m : m_s.session->matches())
                if (!m_s.catalog->find(m.face.id))
                    records.push_back(m.face);
            return records;
        }());
        showRows();
    });
    connect(m_s.session, &QuerySession::activeChanged, this, [this](bool active) {
        m_sidebar->setHighlighted(!active);
        m_people->setView(m_filter, active);
        showRows();
    });
    connect(m_panel, &QueryPanel::queryImageRequested, m_query, &QueryInput::chooseImage);
    connect(m_query, &QueryInput::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 15000); });
    connect(m_exports, &ExportActions::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 10000); });
    connect(m_map, &MapPage::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 10000); });
    connect(m_grid, &FaceGridView::faceActivated, m_faceActions, &FaceActions::showPhoto);
    connect(m_grid, &FaceGridView::zoomRequested, this, &MainWindow::zoom);
    connect(m_photos, &PhotosPage::zoomRequested, this, &MainWindow::zoom);
    connect(m_photos, &PhotosPage::trashRequested, this,
            [this](const std::vector<qint64>& ids) { m_editing->removePhotos(ids, {}); });
    connect(m_photoMap, &PhotoMapPage::trashRequested, this,
            [this](const std::vector<qint64>& ids) { m_editing->removePhotos(ids, {}); });
    connect(m_photoMap, &PhotoMapPage::similarRequested, this, [this](qint64 id) {
        showMap(false); // the query's results, in the photos grid
        m_photos->query()->queryPhoto(id);
    });
    connect(m_photoMap, &PhotoMapPage::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 10000); });
    // Photos moved, removed or back: the photos grid follows (labels alone do not show there).
    connect(m_editing, &LabelEditing::photosChanged, m_photos, &PhotosPage::reload);
    connect(m_photos->photos(), &PhotoLibrary::changed, this, [this] {
        showSummary();
        showHeader(); // a library without faces says how many photos it has
    });
    connect(m_photos, &PhotosPage::similarFacesRequested, this, [this] {
        showPhotos(false);
        m_photos->query()->queryFaces(m_s.session);
    });
    connect(m_faceActions, &FaceActions::photoRequested, this, [this](qint64 imageId) {
        showPhotos(true);
        m_photos->showPhoto(imageId);
    });
    connect(m_grid, &QWidget::customContextMenuRequested, this, &MainWindow::contextMenu);
    connect(m_grid->selectionModel(), &QItemSelectionModel::selectionChanged, m_faceActions,
            &FaceActions::updateEnabled);
    connect(m_grid->selectionModel(), &QItemSelectionModel::selectionChanged, m_people,
            &PeopleActions::updateEnabled);
    connect(m_welcome, &WelcomePage::newLibraryRequested, this,
            [this] { m_imports->showWizard(); });
    connect(m_welcome, &WelcomePage::openLibraryRequested, this, &MainWindow::chooseLibrary);
    connect(m_welcome, &WelcomePage::recentLibraryChosen, this, &MainWindow::openLibrary);

    connect(m_imports, &ImportController::importStarted, this, [this](const ImportRequest& r) {
        if (QFileInfo(r.libraryPath).absoluteFilePath() !=
            QFileInfo(m_libraryPath).absoluteFilePath())
            openLibrary(r.libraryPath);
    });
    connect(m_imports, &ImportController::facesCommitted, m_s.catalog, &FaceCatalog::refresh);
    connect(m_imports, &ImportController::importFinished, this,
            [this](const IndexingService::Outcome& o) {
                if (QFileInfo(o.request.libraryPath).absoluteFilePath() ==
                    QFileInfo(m_libraryPath).absoluteFilePath()) {
                    m_s.catalog->reload();
                    m_s.search->libraryChanged();
                    m_editing->refresh(true); // new faces: find people again
                    m_photos->reload();
                }
            });
    connect(m_imports, &ImportController::quitReady, this, [this] {
        m_closing = true;
        close();
    });
    showWelcome();
}

void MainWindow::createLayout()
{
    styleGridTitle(m_header);
    m_grid->setModel(m_model);
    m_grid->setThumbnailCache(m_s.thumbnails);
    m_grid->faceDelegate()->setSamePersonThreshold(m_s.samePersonThreshold);
    m_panel->setSamePersonThreshold(m_s.samePersonThreshold);

    auto* centre = new QWidget(this);
    auto* column = new QVBoxLayout(centre);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(m_header);
    m_views->addWidget(m_grid);
    m_views->addWidget(m_map);
    m_views->addWidget(m_photos);
    m_views->addWidget(m_photoMap);
    column->addWidget(m_views, 1);

    m_sidebar->setMinimumWidth(150);
    m_splitter->addWidget(m_sidebar);
    m_splitter->addWidget(centre);
    m_splitter->addWidget(m_panel);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 0);
    m_splitter->setCollapsible(1, false);
    m_splitter->setSizes({220, 760, 340});

    m_stack->addWidget(m_welcome);
    m_stack->addWidget(m_splitter);
    setCentralWidget(m_stack);
    statusBar()->addWidget(m_summary, 1);
    statusBar()->addPermanentWidget(m_jobs);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New library from folder…"), QKeySequence::New, this,
                    [this] { m_imports->showWizard(); });
    file->addAction(tr("&Open library…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this,
                    &MainWindow::chooseLibrary);
    m_recentMenu = file->addMenu(tr("Open &recent"));
    file->addSeparator();
    file->addAction(tr("&Query image…"), QKeySequence::Open, m_query, &QueryInput::chooseImage);
    file->addAction(tr("&Paste image to query"), QKeySequence::Paste, this,
                    &MainWindow::pasteQuery);
    file->addSeparator();
    QMenu* exports = file->addMenu(tr("&Export"));
    m_exports->addTo(exports);
    exports->addSeparator();
    m_map->addExportActionsTo(exports);
    m_photoMap->exportJob()->addActionsTo(exports);
    m_metadata->addTo(file);
    m_imageModels->addTo(file);
    file->addAction(tr("Files that &failed…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), this,
                    [this] { m_imports->showFailures(m_libraryPath); });
    file->addSeparator();
    file->addAction(tr("&Close library"), QKeySequence::Close, this, &MainWindow::closeLibrary);
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    m_people->addEditMenuTo(edit);

    QMenu* face = menuBar()->addMenu(tr("F&ace"));
    m_faceActions->addTo(face);
    face->addSeparator();
    face->addAction(tr("Select &all"), QKeySequence::SelectAll, this, [this] {
        if (m_views->currentWidget() == m_photoMap)
            m_photoMap->view()->selectAll();
        else if (isMapShown())
            m_map->view()->selectAll();
        else
            m_grid->selectAll();
    });

    QMenu* people = menuBar()->addMenu(tr("&People"));
    m_people->addPeopleMenuTo(people);

    QMenu* review = menuBar()->addMenu(tr("&Review"));
    m_review = review->addAction(tr("&Review duplicates and misfiled faces…"),
                                 QKeySequence(Qt::CTRL | Qt::Key_R), this, &MainWindow::openReview);
    m_photoReview = review->addAction(tr("Duplicate &photos…"),
                                      QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), this,
                                      &MainWindow::openPhotoReview);
    m_photoReview->setToolTip(tr("Copies of the same photo, side by side: keep one, move the "
                                 "others to the trash or a folder (Ctrl+Shift+R)"));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    auto* modes = new QActionGroup(this);
    m_showFaces = view->addAction(tr("&Faces"), QKeySequence(Qt::CTRL | Qt::Key_1), this,
                                  [this] { showPhotos(false); });
    m_showFaces->setToolTip(tr("Faces: every face found in the photos (Ctrl+1)"));
    m_showPhotos = view->addAction(tr("P&hotos"), QKeySequence(Qt::CTRL | Qt::Key_2), this,
                                   [this] { showPhotos(true); });
    m_showPhotos->setToolTip(tr("Photos: every photo of the library, by folder and date (Ctrl+2)"));
    for (QAction* a : {m_showFaces, m_showPhotos}) {
        a->setCheckable(true);
        modes->addAction(a);
    }
    m_showFaces->setChecked(true);
    QToolBar* switcher = addToolBar(tr("Faces or photos"));
    switcher->setObjectName(QStringLiteral("modeToolBar"));
    switcher->setMovable(false);
    switcher->setToolButtonStyle(Qt::ToolButtonTextOnly);
    switcher->addAction(m_showFaces);
    switcher->addAction(m_showPhotos);
    view->addSeparator();
    QAction* larger = view->addAction(tr("&Larger thumbnails"), this, [this] { zoom(1); });
    larger->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    view->addAction(tr("&Smaller thumbnails"), QKeySequence::ZoomOut, this, [this] { zoom(-1); });
    view->addSeparator();
    m_showMap = view->addAction(tr("&Map"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M), this,
                                [this](bool on) { showMap(on); });
    m_showMap->setCheckable(true);
    m_showMap->setToolTip(tr("Every face (in Photos: every photo) laid out by similarity: similar "
                             "ones close together"));
    view->addSeparator();
    view->addAction(tr("&Filter people"), QKeySequence::Find, this,
                    [this] { m_sidebar->focusFilter(); });
    view->addAction(tr("Close &query"), QKeySequence(Qt::Key_Escape), this, [this] {
        if (isPhotosShown())
            m_photos->closeQuery();
        else
            m_s.session->clear();
    });
    // Several photos dropped at once: each is a query of its own, in Faces as in Photos.
    view->addAction(tr("&Next dropped photo"), QKeySequence(Qt::ALT | Qt::Key_Right), this,
                    [this] { stepDropped(1); });
    view->addAction(tr("&Previous dropped photo"), QKeySequence(Qt::ALT | Qt::Key_Left), this,
                    [this] { stepDropped(-1); });
    updateRecentMenu();
}

void MainWindow::stepDropped(int step)
{
    if (isPhotosShown())
        step > 0 ? m_photos->query()->showNext() : m_photos->query()->showPrevious();
    else
        step > 0 ? m_s.session->showNext() : m_s.session->showPrevious();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = m_s.settings->recentLibraries();
    for (int i = 0; i < recent.size(); ++i) {
        QAction* a = m_recentMenu->addAction(
            tr("&%1 %2").arg(i + 1).arg(QDir::toNativeSeparators(recent[i])));
        connect(a, &QAction::triggered, this, [this, path = recent[i]] { openLibrary(path); });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
    m_welcome->setRecentLibraries(recent);
}

void MainWindow::restoreSettings()
{
    if (!restoreGeometry(m_s.settings->windowGeometry()))
        resize(1320, 860);
    m_splitter->restoreState(m_s.settings->splitterState());
    setThumbnailSide(m_s.settings->thumbnailSize());
    m_s.session->setTopK(m_s.settings->topK());
    m_s.session->setMinSimilarity(m_s.settings->minSimilarity(m_s.samePersonThreshold));
    m_photos->query()->setThresholdMemory(
        [settings = m_s.settings](const QString& model, bool withObjects, double fallback) {
            return settings->photoMinSimilarity(fallback, withObjects, model);
        });
    connect(m_photos->query(), &PhotoQuerySession::minSimilarityChanged, this,
            [settings = m_s.settings](const QString& model, bool withObjects, double value) {
                settings->setPhotoMinSimilarity(value, withObjects, model);
            });
    showPhotos(m_s.settings->photosShown());
}

void MainWindow::saveSettings()
{
    m_s.settings->setWindowGeometry(saveGeometry());
    m_s.settings->setSplitterState(m_splitter->saveState());
    m_s.settings->setThumbnailSize(m_grid->thumbnailSide());
    m_s.settings->setTopK(m_s.session->topK());
    m_s.settings->setMinSimilarity(m_s.session->minSimilarity());
    m_s.settings->setLastLibrary(m_libraryPath);
    m_s.settings->setPhotosShown(isPhotosShown());
    m_s.settings->sync();
}

void MainWindow::openLibrary(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (QFileInfo(path).isDir()) {
        m_s.sink->error(tr("Open library"), tr("%1 is a folder. Use New library from folder to "
                                               "import its photos.")
                                                .arg(path));
        return;
    }
    m_s.session->clear();
    closeReviews(absolute);
    m_libraryPath = absolute;
    m_filter = LabelFilter::all();
    m_sidebar->setCurrentFilter(m_filter);
    m_s.settings->addRecentLibrary(absolute);
    m_s.settings->setLastLibrary(absolute);
    updateRecentMenu();
    setWindowTitle(tr("%1 — Lookalike").arg(QFileInfo(absolute).completeBaseName()));
    m_stack->setCurrentWidget(m_splitter);
    m_faceActions->setLibraryPath(absolute);
    m_exports->setLibraryPath(absolute);
    m_metadata->setLibraryPath(absolute);
    m_imageModels->setLibraryPath(absolute);
    m_query->setLibraryPath(absolute);
    m_editing->setLibrary(absolute);
    m_imports->setLibrary(absolute, 0);
    m_s.thumbnails->setLibrary(absolute);
    m_s.search->setLibrary(absolute);
    m_map->setLibrary(absolute);
    m_photos->setLibrary(absolute);
    m_photoMap->setLibrary(absolute);
    m_s.catalog->open(absolute); // a file that is not a library comes back as loadFailed()
    m_imports->offerToFinish(absolute);
}

void MainWindow::closeLibrary()
{
    m_s.session->clear();
    closeReviews({});
    m_libraryPath.clear();
    m_s.catalog->open({});
    m_s.thumbnails->setLibrary({});
    m_s.search->setLibrary({});
    m_faceActions->setLibraryPath({});
    m_exports->setLibraryPath({});
    m_metadata->setLibraryPath({});
    m_imageModels->setLibraryPath({});
    m_query->setLibraryPath({});
    m_editing->setLibrary({});
    m_map->setLibrary({});
    m_photos->setLibrary({});
    m_photoMap->setLibrary({});
    m_s.settings->setLastLibrary({});
    showWelcome();
}

void MainWindow::showWelcome()
{
    setWindowTitle(tr("Lookalike"));
    updateRecentMenu();
    m_stack->setCurrentWidget(m_welcome);
    m_summary->setText(tr("No library open."));
}

void MainWindow::catalogChanged()
{
    m_sidebar->refresh();
    m_panel->setLabels(m_s.catalog->labels());
    const FaceCatalog::Change& change = m_s.catalog->lastChange();
    if (!change.all) {
        m_model->refreshInfo(change.ids);
    } else {
        // Every face may have changed (a load): the rows on screen are told. The grid is the
        // model's only view and keeps nothing of the rows off screen, while a dataChanged over
        // 1,000,000 rows costs the view a visualRect() each.
        const auto [first, last] = m_grid->visibleRows();
        m_model->refreshInfo(std::max(0, first), last < 0 ? -1 : last);
    }
    m_imports->setLibrary(m_libraryPath, m_s.catalog->failureCount());
    syncQueryLabels();
    showRows();
    showSummary();
}

void MainWindow::showSummary()
{
    if (m_libraryPath.isEmpty())
        return; // showWelcome() says so
    const QLocale locale;
    const PhotoLibrary* library = m_photos->photos();
    const qint64 faces = m_s.catalog->count();
    const qint64 withFaces = m_s.catalog->imageCount(); // photos with a face
    // Every photo, faces or not (a photos-only library has no faces at all).
    const bool photosRead = library->isLoaded() && library->libraryPath() == m_libraryPath;
    const qint64 photos = photosRead ? qint64(library->photos().size()) : -1;
    const QString allPhotos = plural(photos, tr("photo"), tr("photos"));
    QString text;
    if (isPhotosShown() && photosRead) {
        text = tr("%1 in %2")
                   .arg(allPhotos,
                        plural(m_photos->model()->folderCount(), tr("folder"), tr("folders")));
        if (m_s.catalog->isLoaded())
            text += faces == 0 ? tr(", no faces found yet")
                               : tr("; %1 in %2 of them")
                                     .arg(plural(faces, tr("face"), tr("faces")),
                                          locale.toString(withFaces));
    } else if (!m_s.catalog->isLoaded()) {
        text = tr("Loading…");
    } else if (faces == 0) {
        text = photosRead ? tr("%1, no faces found yet").arg(allPhotos) : tr("no faces found yet");
    } else {
        const QString in = photos > withFaces
                               ? tr("%1 of %2").arg(locale.toString(withFaces), allPhotos)
                               : plural(withFaces, tr("photo"), tr("photos"));
        text = tr("%1 in %2, %3 named, %4 suggested")
                   .arg(plural(faces, tr("face"), tr("faces")), in,
                        plural(qint64(m_s.catalog->labels().size()), tr("person"), tr("people")),
                        locale.toString(qint64(m_s.catalog->personCounts().size())));
    }
    if (m_s.catalog->notFaceCount() > 0)
        text += tr("; %1 not faces").arg(locale.toString(m_s.catalog->notFaceCount()));
    m_summary->setText(tr("%1: %2").arg(QFileInfo(m_libraryPath).completeBaseName(), text));
}

void MainWindow::showRows()
{
    std::vector<FaceGridModel::Row> rows;
    if (m_s.session->isActive()) {
        rows = m_s.session->rows();
    } else {
        const std::vector<qint64> ids = m_s.catalog->idsFor(m_filter);
        rows.reserve(ids.size());
        for (qint64 id : ids) {
            const LabelSuggestion* s = m_filter.kind == LabelFilter::Kind::Suggested
                                           ? m_s.catalog->suggestion(id)
                                           : nullptr;
            rows.push_back({id, s ? s->similarity : NAN});
        }
    }
    m_model->setRows(std::move(rows));
    m_exports->updateEnabled();
    m_review->setEnabled(!m_libraryPath.isEmpty());
    m_photoReview->setEnabled(!m_libraryPath.isEmpty());
    m_faceActions->updateEnabled();
    m_people->updateEnabled();
    showHeader();
}

QString MainWindow::gridTitle() const
{
    return m_header->text();
}

QString MainWindow::summaryText() const
{
    return m_summary->text();
}

void MainWindow::showHeader()
{
    const QLocale locale;
    const QString count = locale.toString(m_model->rowCount());
    if (m_s.session->isActive()) {
        const QueryPhoto& photo = m_s.session->photo();
        m_header->setText(m_s.session->isBusy() ? tr("Searching…")
                          : photo.faces.size() > 1
                              ? tr("Faces like face %1 of %2 — %3 shown")
                                    .arg(photo.selected + 1)
                                    .arg(photo.name, count)
                              : tr("Faces like %1 — %2 shown").arg(photo.name, count));
        m_grid->setEmptyText(m_s.session->isBusy() ? QString() : m_s.session->statusText());
        return;
    }
    const QString what = LabelModel::title(m_filter);
    m_header->setText(tr("%1 — %2").arg(what, count));
    const bool importing = m_s.indexing->isRunning();
    const PhotoLibrary* library = m_photos->photos();
    const qint64 photos = library->isLoaded() ? qint64(library->photos().size()) : 0;
    m_grid->setEmptyText(
        !m_s.catalog->isLoaded()   ? tr("Loading…")
        : importing                ? tr("Looking for faces… they appear here as they are found.")
        : m_s.catalog->count() > 0 ? tr("No faces here.")
        : photos > 0 ? tr("No faces found yet in the %1 of this library: they were imported "
                          "without looking for faces, or have none. Photos (Ctrl+2) shows them.")
                           .arg(plural(photos, tr("photo"), tr("photos")))
                     : tr("This library has no faces yet. Import a folder with File ▸ New "
                          "library from folder (Ctrl+N)."));
}

bool MainWindow::isIdle() const
{
    return !m_s.catalog->isLoading() && m_s.thumbnails->isIdle() && !m_s.session->isBusy() &&
           !m_s.indexing->isRunning() && m_editing->isIdle() && !m_map->isBusy() &&
           !m_photos->isBusy() && !m_photoMap->isBusy();
}

void MainWindow::setThumbnailSide(int side)
{
    side = std::clamp(side, Settings::kMinThumbnail, Settings::kMaxThumbnail);
    m_s.thumbnails->setSide(int(side * devicePixelRatioF()));
    m_grid->setThumbnailSide(side);
    m_photos->setThumbnailSide(side * 3 / 2); // whole photos need more room than faces
}

void MainWindow::zoom(int steps)
{
    setThumbnailSide(m_grid->thumbnailSide() + steps * 16);
    m_s.settings->setThumbnailSize(m_grid->thumbnailSide());
}

void MainWindow::contextMenu(const QPoint& pos)
{
    const QModelIndex index = m_grid->indexAt(pos);
    if (!index.isValid())
        return;
    if (!m_grid->selectionModel()->isSelected(index))
        m_grid->setCurrentIndex(index);
    m_faceActions->updateEnabled();
    m_people->updateEnabled();
    QMenu menu(this);
    m_faceActions->addTo(&menu);
    if (!m_s.session->isActive()) {
        menu.addSeparator();
        m_people->addFaceActionsTo(&menu);
    }
    menu.exec(m_grid->viewport()->mapToGlobal(pos));
}

void MainWindow::openReview()
{
    if (m_libraryPath.isEmpty())
        return;
    DuplicateReview* review = DuplicateReview::open(this, m_libraryPath, m_s.thumbnails, *m_s.sink,
                                                    m_s.samePersonThreshold);
    // Labels changed or photos moved there: show it here too.
    connect(review, &DuplicateReview::libraryChanged, this, &MainWindow::libraryEdited,
            Qt::UniqueConnection);
}

void MainWindow::openPhotoReview()
{
    if (m_libraryPath.isEmpty())
        return;
    DuplicatePhotoReview* review = DuplicatePhotoReview::open(
        this, m_libraryPath, m_s.photoThumbnails->diskDir(), *m_s.sink);
    // Photos moved to the trash or back: show it here too.
    connect(review, &DuplicatePhotoReview::libraryChanged, this, &MainWindow::libraryEdited,
            Qt::UniqueConnection);
}

namespace {

// Closes the windows of type Review (reviews of a library: they act on its files) that do not
// belong to `keep`. Their signals are cut first: a batch that finishes as a window goes is
// the closed library's, not the one now open.
template <typename Review> void closeReviewsBut(QWidget* window, const QString& keep)
{
    for (Review* review : window->findChildren<Review*>(Qt::FindDirectChildrenOnly)) {
        if (!keep.isEmpty() && review->libraryPath() == keep)
            continue;
        QObject::disconnect(review, nullptr, window, nullptr);
        review->close(); // deleted (WA_DeleteOnClose) once a running batch has finished
    }
}

} // namespace

void MainWindow::closeReviews(const QString& keep)
{
    closeReviewsBut<DuplicateReview>(this, keep);
    closeReviewsBut<DuplicatePhotoReview>(this, keep);
}

void MainWindow::libraryEdited()
{
    m_s.catalog->reload();
    m_s.search->libraryChanged();
    m_editing->refresh(false); // its undo stack and suggestions
    m_photos->reload();
}

void MainWindow::showMap(bool on)
{
    m_showMap->setChecked(on);
    if (isPhotosShown()) { // the photos' map
        m_views->setCurrentWidget(on ? static_cast<QWidget*>(m_photoMap) : m_photos);
        m_photoMap->setActive(on);
        if (!on)
            m_photos->setFocus();
        return;
    }
    m_views->setCurrentWidget(on ? static_cast<QWidget*>(m_map) : m_grid);
    m_map->setActive(on, m_filter, m_s.session->isActive());
    if (!on)
        m_grid->setFocus();
}

bool MainWindow::isMapShown() const
{
    return m_views->currentWidget() == m_map || m_views->currentWidget() == m_photoMap;
}

void MainWindow::showPhotos(bool on)
{
    // Each side keeps its own state (selection, scroll, map or grid, the face query): the
    // switch only changes which page shows. The people sidebar, the face header and the
    // face query panel belong to Faces.
    const bool map = m_showMap->isChecked();
    QWidget* page = on ? (map ? static_cast<QWidget*>(m_photoMap) : m_photos)
                       : (map ? static_cast<QWidget*>(m_map) : m_grid);
    const bool changed = page != m_views->currentWidget();
    m_views->setCurrentWidget(page);
    if (map && changed) { // the map of the other side
        m_map->setActive(!on, m_filter, m_s.session->isActive());
        m_photoMap->setActive(on);
    }
    m_sidebar->setVisible(!on);
    m_header->setVisible(!on);
    m_panel->setVisible(!on);
    (on ? m_showPhotos : m_showFaces)->setChecked(true);
    m_s.settings->setPhotosShown(on);
    m_query->setPhotoMode(on); // drops, pastes and File > Query image ask for photos
    showSummary();             // of photos in Photos, of faces in Faces
    if (on)
        page->setFocus();
    else if (!map)
        m_grid->setFocus();
}

bool MainWindow::isPhotosShown() const
{
    return m_views->currentWidget() == m_photos || m_views->currentWidget() == m_photoMap;
}

void MainWindow::showFilter(const LabelFilter& filter)
{
    m_filter = filter;
    m_map->setHighlight(filter);
    m_people->setView(filter, false);
    if (m_s.session->isActive())
        m_s.session->clear(); // also shows the rows
    else
        showRows();
}

void MainWindow::syncQueryLabels()
{
    if (!m_s.session->isActive())
        return;
    std::map<QString, std::vector<qint64>> changed; // new label -> faces
    for (const FaceMatch& m : m_s.session->matches())
        if (const FaceInfo* info = m_s.catalog->find(m.face.id); info && info->label != m.face.label)
            changed[info->label].push_back(m.face.id);
    for (const auto& [label, ids] : changed)
        m_s.session->relabel(ids, label);
}

void MainWindow::chooseLibrary()
{
    const QString path =
        m_s.sink->chooseOpenFile(tr("Open library"), m_s.libraryDir,
                                 tr("Lookalike libraries (*.lookalike *.db);;All files (*)"));
    if (!path.isEmpty())
        openLibrary(path);
}

void MainWindow::queryFiles(const QStringList& paths)
{
    m_query->queryFiles(paths);
}

void MainWindow::pasteQuery()
{
    m_query->paste();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_editing->isIdle()) {
        // Label changes asked for are the user's work: finish them, then close.
        event->ignore();
        statusBar()->showMessage(tr("Saving label changes before closing…"));
        if (!std::exchange(m_closeWhenSaved, true))
            connect(
                m_editing, &LabelEditing::busyChanged, this,
                [this](bool busy) {
                    if (!busy && m_editing->isIdle())
                        close();
                },
                Qt::QueuedConnection); // after the queue has started its next change
        return;
    }
    if (!m_closing && !m_imports->confirmClose()) {
        event->ignore();
        return;
    }
    saveSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    dragMoveEvent(event); // the same question on entering as at every point after
}

void MainWindow::dragMoveEvent(QDragMoveEvent* event)
{
    if (QueryInput::accepts(event->mimeData()))
        event->acceptProposedAction();
    else
        event->ignore();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    if (m_query->drop(event->mimeData()))
        event->acceptProposedAction();
    else
        event->ignore();
}

} // namespace lookalike::ui
