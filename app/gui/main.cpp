// The desktop application: the one place where services are created and wired together.
//
//   lookalike [LIBRARY | FOLDER]
//
// A library file opens it; a folder opens the import wizard on it; nothing opens the last
// library, or a welcome page. Hidden options drive the real window for screenshots and
// latency measurements (see ui/window/automation.h).
#include "automation.h"
#include "dialogmessagesink.h"
#include "facealigner.h"
#include "facecatalog.h"
#include "foldersurvey.h"
#include "importcontroller.h"
#include "importfolderpage.h"
#include "importwizard.h"
#include "indexingservice.h"
#include "mainwindow.h"
#include "modelregistry.h"
#include "querysession.h"
#include "searchservice.h"
#include "settings.h"
#include "thumbnailcache.h"
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QThread>
#include <QTimer>
#include <cstdio>

using namespace lookalike;
using namespace lookalike::ui;

namespace {

struct Arguments {
    QString target; // library file or folder
    Automation::Options automation;
    bool automate = false;
};

Arguments parseArguments(const QApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Find lookalike faces in photo folders."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("LIBRARY|FOLDER"),
        QStringLiteral("A library file to open, or a folder of photos to import."),
        QStringLiteral("[LIBRARY|FOLDER]"));
    QCommandLineOption query(QStringLiteral("query"),
                             QStringLiteral("Drop this photo on the window (repeatable)."),
                             QStringLiteral("IMAGE"));
    QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Save a picture of the window once it has settled, then quit."),
        QStringLiteral("FILE"));
    QCommandLineOption when(
        QStringLiteral("screenshot-when"),
        QStringLiteral("When to take the screenshot: idle (default) or importing."),
        QStringLiteral("WHEN"), QStringLiteral("idle"));
    QCommandLineOption probe(
        QStringLiteral("probe-latency"),
        QStringLiteral("Measure GUI-thread stalls during an import of FOLDER (into a "
                       "library in a temporary folder) or queries on LIBRARY; print JSON."));
    QCommandLineOption importNow(
        QStringLiteral("import"),
        QStringLiteral("Import FOLDER at once with the wizard's defaults, without the wizard."));
    QCommandLineOption map(QStringLiteral("map"), QStringLiteral("Show View > Map (with --screenshot)."));
    QCommandLineOption mapZoom(QStringLiteral("map-zoom"),
                               QStringLiteral("Zoom the map this much into its largest labelled island."),
                               QStringLiteral("FACTOR"), QStringLiteral("1"));
    QCommandLineOption photos(
        QStringLiteral("photos"),
        QStringLiteral("Show View > Photos (with --screenshot); with --query, "
                       "the photos dropped there too, all at once."));
    QCommandLineOption probeMap(
        QStringLiteral("probe-map"),
        QStringLiteral("Measure the map's frame rate while panning and zooming over LIBRARY; print JSON."));
    for (QCommandLineOption* o :
         {&query, &screenshot, &when, &probe, &importNow, &map, &mapZoom, &probeMap, &photos})
        o->setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({query, screenshot, when, probe, importNow, map, mapZoom, probeMap, photos});
    parser.process(app);

    Arguments a;
    a.target = parser.positionalArguments().value(0);
    a.automation.queries = parser.values(query);
    a.automation.screenshot = parser.value(screenshot);
    a.automation.screenshotWhen = parser.value(when);
    a.automation.probeLatency = parser.isSet(probe);
    a.automation.showMap = parser.isSet(map);
    a.automation.mapZoom = parser.value(mapZoom).toDouble();
    a.automation.probeMap = parser.isSet(probeMap);
    a.automation.showPhotos = parser.isSet(photos);
    a.automate = parser.isSet(query) || parser.isSet(screenshot) || parser.isSet(probe) ||
                 parser.isSet(probeMap);
    if (parser.isSet(importNow) || (parser.isSet(probe) && QFileInfo(a.target).isDir())) {
        a.automation.import.folder = QFileInfo(a.target).absoluteFilePath();
        a.automate = true;
    }
    return a;
}

struct Models {
    std::optional<ModelRegistry> registry;
    // The manifest even when a face model is missing: photo queries use the object codebook.
    std::optional<ModelRegistry> photoModels;
    QString error;
    double samePerson = 0.35;
    std::optional<FaceAligner> aligner;
};

Models loadModels()
{
    Models m;
    auto registry = ModelRegistry::load();
    if (!registry) {
        m.error = registry.error();
        return m;
    }
    const QString embedder = registry->idForTask(QStringLiteral("face-embedding"));
    auto spec = registry->model(embedder);
    if (!spec) {
        m.error = spec.error();
    } else {
        m.samePerson = spec->threshold(QStringLiteral("same_person"), 0.35);
        if (auto aligner = FaceAligner::create(*spec))
            m.aligner = *aligner;
    }
    m.photoModels = *registry;
    m.registry = std::move(*registry);
    if (!m.error.isEmpty())
        m.registry.reset(); // a model file is missing or damaged: imports and queries would fail
    return m;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    // No organisation name: paths are ~/.local/share/lookalike, ~/.cache/lookalike (beside
    // the models) and ~/.config/lookalike/lookalike.conf, not lookalike/lookalike.
    QApplication::setApplicationName(QStringLiteral("lookalike"));
    QApplication::setApplicationDisplayName(QStringLiteral("Lookalike"));
    QApplication::setApplicationVersion(QStringLiteral(LOOKALIKE_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/lookalike/lookalike.png")));
    Arguments args = parseArguments(app);

    QSettings store(QStringLiteral("lookalike"), QStringLiteral("lookalike"));
    Settings settings(&store);
    Models models = loadModels();

    ThumbnailCache::Options thumbOptions;
    thumbOptions.diskDir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
                           QStringLiteral("/thumbnails");
    thumbOptions.aligner = models.aligner;
    // Leave a core to the GUI thread (and the query thread): on a 2-core machine two
    // decoding workers made scrolling stutter while thumbnails loaded.
    thumbOptions.threads = std::max(1, QThread::idealThreadCount() - 1);
    ThumbnailCache thumbnails(thumbOptions);
    ThumbnailCache::Options photoOptions;
    photoOptions.diskDir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
                           QStringLiteral("/photo-thumbnails");
    photoOptions.threads = thumbOptions.threads;
    photoOptions.photos = true;
    ThumbnailCache photoThumbnails(photoOptions);
    SearchService search(models.registry, models.error);
    IndexingService indexing(models.registry, models.error);
    FaceCatalog catalog;
    QuerySession session(&search);
    DialogMessageSink sink;

    MainWindow::Services services;
    services.settings = &settings;
    services.sink = &sink;
    services.catalog = &catalog;
    services.thumbnails = &thumbnails;
    services.photoThumbnails = &photoThumbnails;
    services.search = &search;
    services.indexing = &indexing;
    services.session = &session;
    services.libraryDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                          QStringLiteral("/libraries");
    services.samePersonThreshold = models.samePerson;
    services.photoModels = models.photoModels ? &*models.photoModels : nullptr;
    MainWindow window(services);
    sink.setParentWidget(&window);
    window.show();

    if (!models.error.isEmpty())
        window.statusBar()->showMessage(
            QObject::tr("Models unavailable: importing and searching are off. %1")
                .arg(models.error));

    const QFileInfo target(args.target);
    if (args.automation.import.folder.isEmpty() == false) {
        // Scripted import: the wizard's defaults, in a temporary place when probing.
        ImportRequest& r = args.automation.import;
        const QString libraryDir =
            args.automation.probeLatency
                ? QDir::tempPath() +
                      QStringLiteral("/lookalike-probe-%1").arg(QCoreApplication::applicationPid())
                : services.libraryDir;
        r.libraryPath = ImportFolderPage::defaultLibraryPath(libraryDir, r.folder);
        QFile::remove(r.libraryPath);
        r.labelsFromSubfolders = FolderSurvey::run(r.folder, true).looksLikePeople;
    } else if (!args.target.isEmpty() && target.isDir()) {
        window.imports()->showWizard(target.absoluteFilePath());
    } else if (!args.target.isEmpty() && target.isFile()) {
        window.openLibrary(target.absoluteFilePath());
    } else if (!args.target.isEmpty()) {
        sink.error(QObject::tr("Lookalike"),
                   QObject::tr("There is no file or folder %1.").arg(args.target));
    } else if (const QString last = settings.lastLibrary();
               !last.isEmpty() && QFileInfo(last).isFile()) {
        window.openLibrary(last);
    }

    int exitCode = 0;
    if (args.automate) {
        auto* automation =
            new Automation(&window, &catalog, &thumbnails, &session, &indexing, args.automation);
        QObject::connect(automation, &Automation::done, &app, [&](int code) {
            exitCode = code;
            QTimer::singleShot(0, &app, [&] {
                indexing.cancel(); // ~IndexingService waits for it to stop
                app.exit(code);
            });
        });
        automation->start();
    }
    const int code = app.exec();
    return args.automate ? exitCode : code;
}
