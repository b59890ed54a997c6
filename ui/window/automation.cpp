#include "automation.h"
#include "facecatalog.h"
#include "facegridmodel.h"
#include "facegridview.h"
#include "importcontroller.h"
#include "indexingservice.h"
#include "labelediting.h"
#include "mainwindow.h"
#include "mappage.h"
#include "mapprobe.h"
#include "mapservice.h"
#include "mapview.h"
#include "photomappage.h"
#include "querysession.h"
#include "thumbnailcache.h"
#include <QApplication>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMimeData>
#include <QScrollBar>
#include <memory>
#include <QUrl>
#include <cstdio>

namespace lookalike::ui {

Automation::Automation(MainWindow* window, FaceCatalog* catalog, ThumbnailCache* thumbnails,
                       QuerySession* session, IndexingService* indexing, const Options& options)
    : QObject(window), m_window(window), m_catalog(catalog), m_thumbnails(thumbnails),
      m_session(session), m_indexing(indexing), m_options(options)
{
    m_poll.setInterval(50);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        if (m_clock.elapsed() > qint64(m_options.maxSeconds) * 1000) {
            std::fprintf(stderr, "lookalike: automation timed out\n");
            finish(3);
            return;
        }
        if (!m_condition || !m_condition()) {
            m_settledSince = -1;
            return;
        }
        if (m_settledSince < 0)
            m_settledSince = m_clock.elapsed();
        if (m_clock.elapsed() - m_settledSince < m_settleMs)
            return;
        m_condition = nullptr;
        m_settledSince = -1;
        m_poll.stop();
        auto then = std::move(m_then);
        then();
    });
}

bool Automation::dropFiles(QWidget* target, const QStringList& paths)
{
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString& p : paths)
        urls << QUrl::fromLocalFile(QFileInfo(p).absoluteFilePath());
    mime.setUrls(urls);
    const QPoint pos = target->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}

void Automation::start()
{
    m_clock.start();
    QTimer::singleShot(0, this, &Automation::next);
}

void Automation::waitFor(std::function<bool()> condition, std::function<void()> then, int settleMs)
{
    m_condition = std::move(condition);
    m_then = std::move(then);
    m_settleMs = settleMs;
    m_settledSince = -1;
    m_poll.start();
}

void Automation::next()
{
    switch (m_step++) {
    case 0:
        if (m_options.import.isValid())
            return runImport();
        return next();
    case 1:
        if (m_options.probeLatency && !m_options.import.isValid())
            return runOpen();
        if (!m_options.queries.isEmpty() || m_options.probeLatency)
            return waitFor([this] { return m_catalog->isLoaded() && !m_catalog->isLoading(); },
                           [this] { runQueries(0); });
        if (m_options.showMap || m_options.probeMap)
            return waitFor([this] { return m_catalog->isLoaded() && !m_catalog->isLoading(); },
                           [this] { next(); });
        return next();
    case 2:
        if (m_options.probeLatency)
            return runScroll();
        return next();
    case 3:
        if (m_options.probeLatency)
            return runEdit();
        return next();
    case 4:
        if (m_options.showMap && m_options.showPhotos && !m_options.probeMap)
            return runPhotoMap();
        if (m_options.showMap || m_options.probeMap)
            return runMap();
        return next();
    case 5:
        if (m_options.showPhotos) {
            m_window->showPhotos(true);
            // With --query, the photos dropped again, all at once, now as photo queries: the
            // first is shown, the others wait in line.
            if (!m_options.queries.isEmpty() && !m_options.probeLatency &&
                !dropFiles(m_window, m_options.queries))
                return finish(2);
        }
        if (!m_options.screenshot.isEmpty())
            return takeScreenshot();
        return next();
    default:
        if (m_options.probeMap && !m_options.probeLatency) {
            const QByteArray json = QJsonDocument(m_report).toJson(QJsonDocument::Indented);
            std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
            std::fflush(stdout);
        }
        if (m_options.probeLatency) {
            m_report.insert(QStringLiteral("queries"), m_queryReports);
            m_report.insert(QStringLiteral("query_stall_max_ms"), m_queryStallMax);
            const QByteArray json = QJsonDocument(m_report).toJson(QJsonDocument::Indented);
            std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
            std::fflush(stdout);
        }
        finish(0);
    }
}

void Automation::runOpen()
{
    // The library opened just before start(): time to the first faces in the grid, to the
    // whole catalog, and the longest GUI stall meanwhile.
    m_probe.start();
    waitFor([this] { return m_window->gridModel()->rowCount() > 0 || (m_catalog->isLoaded() && !m_catalog->isLoading()); },
            [this] {
                const qint64 shown = m_clock.elapsed();
                waitFor([this] { return m_catalog->isLoaded() && !m_catalog->isLoading(); },
                        [this, shown] {
                            QJsonObject open = statsJson(m_probe.stats());
                            m_probe.stop();
                            open.insert(QStringLiteral("grid_shown_ms"), shown);
                            open.insert(QStringLiteral("catalog_loaded_ms"), m_clock.elapsed());
                            open.insert(QStringLiteral("faces"), m_catalog->count());
                            m_report.insert(QStringLiteral("open"), open);
                            runQueries(0);
                        });
            });
}

void Automation::runImport()
{
    auto* imports = m_window->imports();
    if (m_options.screenshotWhen == QLatin1String("importing") && !m_options.screenshot.isEmpty()) {
        // A grab in the middle of the import: some faces shown, the status bar busy.
        waitFor(
            [this] {
                return m_indexing->isRunning() && m_catalog->count() >= 12 &&
                       m_thumbnails->isIdle();
            },
            [this] { takeScreenshot(); }, 300);
    }
    m_probe.start();
    connect(
        imports, &ImportController::importFinished, this,
        [this](const IndexingService::Outcome& o) {
            const LatencyProbe::Stats stall = m_probe.stats();
            m_probe.stop();
            QJsonObject report = statsJson(stall);
            report.insert(QStringLiteral("ok"), o.ok);
            report.insert(QStringLiteral("error"), o.error);
            report.insert(QStringLiteral("seconds"), o.summary.seconds);
            report.insert(QStringLiteral("images"), o.summary.imagesIndexed);
            report.insert(QStringLiteral("faces"), o.summary.faces);
            report.insert(QStringLiteral("failed"), o.summary.imagesFailed);
            m_report.insert(QStringLiteral("import"), report);
            if (m_options.screenshotWhen == QLatin1String("importing"))
                return;
            waitFor([this] { return m_window->isIdle(); }, [this] { next(); }, 500);
        },
        Qt::SingleShotConnection);
    imports->start(m_options.import);
}

void Automation::runQueries(int index)
{
    QStringList queries = m_options.queries;
    if (queries.isEmpty() && m_catalog->count() > 0) {
        // Probe without --query: a few photos of the library itself.
        const auto ids = m_catalog->ids();
        for (size_t i = 0; i < ids.size() && queries.size() < 5;
             i += std::max<size_t>(1, ids.size() / 5))
            queries << m_catalog->find(ids[i])->path;
        queries.removeDuplicates();
        m_options.queries = queries;
    }
    if (index >= queries.size())
        return next();
    const QString path = queries[index];
    m_probe.start();
    QElapsedTimer wall;
    wall.start();
    if (!dropFiles(m_window, {path})) {
        std::fprintf(stderr, "lookalike: the window refused a drop of %s\n", qPrintable(path));
        return finish(2);
    }
    waitFor([this] { return !m_session->isBusy(); },
            [this, index, path, wall] {
                const LatencyProbe::Stats stall = m_probe.stats();
                m_probe.stop();
                QJsonObject q = statsJson(stall);
                q.insert(QStringLiteral("image"), path);
                q.insert(QStringLiteral("faces"), qint64(m_session->photo().faces.size()));
                q.insert(QStringLiteral("matches_shown"), m_window->gridModel()->rowCount());
                q.insert(QStringLiteral("drop_to_results_ms"), wall.elapsed());
                q.insert(QStringLiteral("service_ms"), m_session->lastLatencyMs());
                q.insert(QStringLiteral("status"), m_session->statusText());
                m_queryReports.append(q);
                m_queryStallMax = std::max(m_queryStallMax, stall.maxMs);
                // Let the thumbnails of the results arrive before the next drop.
                const bool last = index + 1 >= m_options.queries.size();
                waitFor([this] { return m_thumbnails->isIdle(); },
                        [this, index, last] {
                            if (last && !m_options.probeLatency)
                                return next();
                            runQueries(index + 1);
                        });
            });
}

void Automation::runScroll()
{
    // Scroll the whole library, a screenful every 30 ms, thumbnails loading behind; in at most
    // 1,000 steps (a 1,000,000-face grid is 25,000 screens: larger steps then).
    m_session->clear();
    FaceGridView* grid = m_window->grid();
    QScrollBar* bar = grid->verticalScrollBar();
    bar->setValue(0);
    m_probe.start();
    auto* timer = new QTimer(this);
    timer->setInterval(30);
    QElapsedTimer clock;
    clock.start();
    const int step = std::max(bar->pageStep(), bar->maximum() / 1000);
    connect(timer, &QTimer::timeout, this, [this, timer, bar, clock, step] {
        if (bar->value() < bar->maximum()) {
            bar->setValue(bar->value() + step);
            return;
        }
        timer->stop();
        timer->deleteLater();
        QJsonObject scroll = statsJson(m_probe.stats());
        m_probe.stop();
        scroll.insert(QStringLiteral("faces"), m_window->gridModel()->rowCount());
        scroll.insert(QStringLiteral("seconds"), clock.elapsed() / 1000.0);
        scroll.insert(QStringLiteral("thumbnails_in_memory"), m_thumbnails->memoryCount());
        scroll.insert(QStringLiteral("thumbnail_memory_mb"),
                      m_thumbnails->memoryBytes() / 1048576.0);
        m_report.insert(QStringLiteral("scroll"), scroll);
        next();
    });
    timer->start();
}

void Automation::runEdit()
{
    LabelEditing* editing = m_window->labelEditing();
    const auto all = m_catalog->ids();
    const std::vector<qint64> faces(all.begin(),
                                    all.begin() + long(std::min<size_t>(50, all.size())));
    if (faces.empty())
        return next();
    const bool moved = editing->moveFiles();
    editing->setMoveFiles(false); // a probe never moves the user's photos
    m_probe.start();
    QElapsedTimer wall;
    wall.start();
    const QString label = QStringLiteral("Latency probe");
    const qint64 first = faces.front();
    const QString before = m_catalog->find(first)->label;
    // The grid shows the new label once the catalog holds it (the suggestions that follow
    // every change may still be on their way: the undo waits for them).
    auto shows = [this, first](const QString& text) {
        const FaceInfo* face = m_catalog->find(first);
        return face && face->label == text && !m_catalog->isLoading() && !m_catalog->isUpdating();
    };
    // Timed at the catalog's change itself, not at the next 50 ms poll.
    auto shownMs = std::make_shared<qint64>(-1);
    auto watch = std::make_shared<QMetaObject::Connection>();
    *watch = connect(m_catalog, &FaceCatalog::changed, this, [shows, label, shownMs, wall] {
        if (*shownMs < 0 && shows(label))
            *shownMs = wall.elapsed();
    });
    editing->relabel(faces, label);
    waitFor([shows, label] { return shows(label); },
            [this, editing, wall, moved, shows, before, shownMs, watch] {
                disconnect(*watch);
                const qint64 relabelMs = *shownMs >= 0 ? *shownMs : wall.elapsed();
                waitFor([editing] { return editing->isIdle(); }, [this, editing, wall, moved, relabelMs, shows, before] {
                // Undo only the probe's own change, never one of the user's.
                if (editing->undoText().contains(QLatin1String("Latency probe")))
                    editing->undo();
                waitFor([editing, shows, before] { return editing->isIdle() && shows(before); },
                        [this, editing, wall, moved, relabelMs] {
                            editing->setMoveFiles(moved);
                            QJsonObject edit = statsJson(m_probe.stats());
                            m_probe.stop();
                            edit.insert(QStringLiteral("faces"), 50);
                            edit.insert(QStringLiteral("relabel_to_grid_ms"), relabelMs);
                            edit.insert(QStringLiteral("relabel_and_undo_ms"), wall.elapsed());
                            m_report.insert(QStringLiteral("edit"), edit);
                            next();
                        });
                });
            });
}

void Automation::runMap()
{
    m_window->showPhotos(false); // the faces' map, whichever mode the last session left
    m_window->showMap(true);
    MapPage* page = m_window->mapPage();
    QElapsedTimer wall;
    wall.start();
    waitFor(
        [this, page] {
            return page->view()->count() == m_catalog->count() && m_catalog->count() > 0 &&
                   !page->isBusy();
        },
        [this, page, wall] {
            m_report.insert(QStringLiteral("map_ready_seconds"), wall.elapsed() / 1000.0);
            MapView* view = page->view();
            const auto& islands = view->scene().islands;
            if (m_options.mapZoom > 1 && !islands.empty()) {
                view->centreOn(islands.front().position);
                view->zoomBy(m_options.mapZoom);
            }
            if (!m_options.probeMap)
                return next();
            m_probe.start();
            auto* probe = new MapProbe(view, this);
            probe->start([this](const QJsonObject& report) {
                QJsonObject map = report;
                const LatencyProbe::Stats stall = m_probe.stats();
                m_probe.stop();
                map.insert(QStringLiteral("stall_max_ms"), stall.maxMs);
                m_report.insert(QStringLiteral("map"), map);
                m_window->mapPage()->view()->fit();
                next();
            });
        },
        200);
}

void Automation::runPhotoMap()
{
    m_window->showPhotos(true);
    m_window->showMap(true);
    PhotoMapPage* page = m_window->photoMapPage();
    waitFor([page] { return page->view()->count() > 0 && !page->isBusy(); },
            [this, page] {
                MapView* view = page->view();
                const auto& islands = view->scene().islands;
                if (m_options.mapZoom > 1 && !islands.empty()) {
                    view->centreOn(islands.front().position);
                    view->zoomBy(m_options.mapZoom);
                }
                next();
            },
            200);
}

void Automation::takeScreenshot()
{
    waitFor(
        [this] {
            return m_options.screenshotWhen == QLatin1String("importing") || m_window->isIdle();
        },
        [this] {
            const QPixmap grab = m_window->grab();
            if (!grab.save(m_options.screenshot)) {
                std::fprintf(stderr, "lookalike: cannot save %s\n",
                             qPrintable(m_options.screenshot));
                return finish(2);
            }
            std::fprintf(stderr, "lookalike: saved %s\n", qPrintable(m_options.screenshot));
            if (m_options.screenshotWhen == QLatin1String("importing"))
                return finish(0);
            next();
        },
        m_options.screenshotWhen == QLatin1String("importing") ? 0 : 800);
}

void Automation::finish(int code)
{
    m_poll.stop();
    emit done(code);
}

QJsonObject Automation::statsJson(const LatencyProbe::Stats& s)
{
    return QJsonObject{{QStringLiteral("stall_max_ms"), s.maxMs},
                       {QStringLiteral("stall_p99_ms"), s.p99Ms},
                       {QStringLiteral("stall_mean_ms"), s.meanMs},
                       {QStringLiteral("stalls_over_50_ms"), s.over50Ms},
                       {QStringLiteral("probe_samples"), s.samples}};
}

} // namespace lookalike::ui
