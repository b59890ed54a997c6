#pragma once
// Scripted runs of the real window for proof and diagnosis, behind hidden command-line
// options: query photos by sending real drop events (--query), save a screenshot once the
// window has settled (--screenshot), and measure how long the GUI thread stalls during an
// import, queries and scrolling (--probe-latency), printing JSON on stdout.
#include "importrequest.h"
#include "latencyprobe.h"
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <functional>

namespace lookalike::ui {

class FaceCatalog;
class IndexingService;
class MainWindow;
class QuerySession;
class ThumbnailCache;

class Automation : public QObject {
    Q_OBJECT
public:
    struct Options {
        QStringList queries; // photos to drop on the window, one after the other
        QString screenshot;  // file to save a grab of the window into
        QString screenshotWhen = QStringLiteral("idle"); // "idle" or "importing"
        bool probeLatency = false;
        bool showMap = false;  // View > Map before the screenshot
        double mapZoom = 1;    // then zoomed this much into the largest labelled island
        bool probeMap = false; // the map's frame rate while panning and zooming (MapProbe)
        bool showPhotos = false; // View > Photos before the screenshot
        ImportRequest import; // when valid: import this first (no wizard)
        int maxSeconds = 600; // give up (exit code 3) after this long
    };

    Automation(MainWindow* window, FaceCatalog* catalog, ThumbnailCache* thumbnails,
               QuerySession* session, IndexingService* indexing, const Options& options);

    void start();
    // Sends a real QDragEnterEvent + QDropEvent with these files to `target`. True when accepted.
    static bool dropFiles(QWidget* target, const QStringList& paths);

signals:
    void done(int exitCode);

private:
    void next();
    void waitFor(std::function<bool()> condition, std::function<void()> then, int settleMs = 0);
    void runOpen(); // --probe-latency on a library: how soon the grid shows faces
    void runImport();
    void runQueries(int index);
    void runScroll();
    void runEdit(); // a relabel of 50 faces and its undo, photos left in place
    void runMap();  // View > Map, laid out; the probe of its frame rate
    void runPhotoMap(); // View > Photos and View > Map: the photos' map, laid out
    void takeScreenshot();
    void finish(int code);
    static QJsonObject statsJson(const LatencyProbe::Stats& s);

    MainWindow* m_window;
    FaceCatalog* m_catalog;
    ThumbnailCache* m_thumbnails;
    QuerySession* m_session;
    IndexingService* m_indexing;
    Options m_options;
    LatencyProbe m_probe;
    QJsonObject m_report;
    QJsonArray m_queryReports;
    double m_queryStallMax = 0;
    int m_step = 0;
    QTimer m_poll;
    std::function<bool()> m_condition;
    std::function<void()> m_then;
    int m_settleMs = 0;
    qint64 m_settledSince = -1;
    QElapsedTimer m_clock;
};

} // namespace lookalike::ui
