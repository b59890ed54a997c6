// FaceGridView at scale: 100,000 faces (synthetic records on the real LFW photos; another
// number from LOOKALIKE_GRID_FACES, e.g. 1000000 for the README's figures) scroll in
// a virtualised icon-mode list; only what is on screen (and the next screen) is loaded; the
// memory cache stays within its bound; rows arriving during an import keep the scroll
// position and the selection. Timings and GUI-thread stalls are reported with qInfo; none is
// asserted.
#include "facecatalog.h"
#include "facedelegate.h"
#include "facegridmodel.h"
#include "facegridview.h"
#include "labelediting.h"
#include "latencyprobe.h"
#include "thumbnailcache.h"
#include "uitestsupport.h"
#include "windowfixture.h"
#include <QDirIterator>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike;
using namespace lookalike::ui;

class TestFaceGridView : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_library;
    qint64 m_faces = 100000; // at least this many, LOOKALIKE_GRID_FACES
    int m_facesPerPhoto = 11;
    // Waits grow with the library: 100,000 faces is 1.
    int scale() const { return int(std::max<qint64>(1, m_faces / 100000)); }

    std::vector<FaceGridModel::Row> rowsOf(const std::vector<qint64>& ids)
    {
        std::vector<FaceGridModel::Row> rows;
        rows.reserve(ids.size());
        for (qint64 id : ids)
            rows.push_back({id, NAN});
        return rows;
    }

    static bool settled(test::WindowFixture& f)
    {
        return f.catalog.isLoaded() && !f.catalog.isLoading() && f.window->labelEditing()->isIdle();
    }

    // A copy of the 100k library open in the window, settled: loaded, its people found.
    void openCopy(test::WindowFixture& f, const QString& library)
    {
        QVERIFY(QFile::copy(m_library, library));
        f.window->show();
        f.window->openLibrary(library);
        QTRY_VERIFY_WITH_TIMEOUT(settled(f) && f.window->gridModel()->rowCount() >= m_faces, 120000 * scale());
        QTest::qWait(200);
    }

private slots:
    void initTestCase()
    {
        REQUIRE_TEST_DATA("faces/lfw-devtrain/images");
        QStringList photos;
        QDirIterator it(test::dataPath(QStringLiteral("faces/lfw-devtrain/images")),
                        {QStringLiteral("*.jpg")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            photos << it.next();
        photos.sort();
        if (const int wanted = qEnvironmentVariableIntValue("LOOKALIKE_GRID_FACES"); wanted > 0)
            m_faces = wanted;
        m_facesPerPhoto = int((m_faces + photos.size() - 1) / photos.size());
        QVERIFY(photos.size() * m_facesPerPhoto >= m_faces);
        m_library = m_dir.filePath(QStringLiteral("big.lookalike"));
        QElapsedTimer clock;
        clock.start();
        QVERIFY(test::makeSyntheticLibrary(m_library, photos, m_facesPerPhoto,
                                           {"a", "b", "c", "d", ""}));
        qInfo("synthetic library of %lld faces written in %lld ms",
              qint64(photos.size()) * m_facesPerPhoto, clock.elapsed());
    }

    void scrollsAHundredThousandFaces()
    {
        FaceCatalog catalog;
        QElapsedTimer clock;
        clock.start();
        qint64 firstCount = 0, firstMs = 0;
        connect(&catalog, &FaceCatalog::changed, this, [&] {
            if (firstCount == 0 && catalog.count() > 0) {
                firstCount = catalog.count();
                firstMs = clock.elapsed();
            }
        });
        catalog.open(m_library);
        QTRY_VERIFY_WITH_TIMEOUT(catalog.isLoaded() && !catalog.isLoading(), 60000 * scale());
        qInfo("catalog: first %lld faces after %lld ms, all %lld loaded in the background in "
              "%lld ms",
              firstCount, firstMs, catalog.count(), clock.elapsed());
        QVERIFY(catalog.count() >= m_faces);
        // A large library comes in blocks: the grid has faces to show before the whole load.
        QVERIFY(firstCount > 0 && firstCount < catalog.count());

        ThumbnailCache::Options options;
        options.diskDir = m_dir.filePath(QStringLiteral("thumbs"));
        options.memoryBytes = 8 << 20; // small on purpose: the bound must hold while scrolling
        ThumbnailCache cache(options);
        cache.setLibrary(m_library);
        FaceGridModel model(&catalog, &cache);
        FaceGridView view;
        view.setModel(&model);
        view.setThumbnailCache(&cache);
        view.resize(1200, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        LatencyProbe probe;
        probe.start();
        clock.restart();
        model.setRows(rowsOf(catalog.ids()));
        QCoreApplication::processEvents();
        const qint64 setRowsMs = clock.elapsed();
        QCOMPARE(model.rowCount(), int(catalog.count()));
        QTRY_VERIFY(view.verticalScrollBar()->maximum() > 0);
        qInfo("%lld rows set and laid out in %lld ms (longest GUI stall %.1f ms)", catalog.count(),
              setRowsMs, probe.stats().maxMs);

        // Thumbnails of the first screen arrive.
        auto visibleReady = [&] {
            const auto [first, last] = view.visibleRows();
            for (int r = first; r <= last; ++r)
                if (model.index(r).data(FaceGridModel::ThumbnailStateRole).toInt() ==
                    FaceGridModel::Loading)
                    return false;
            return first >= 0;
        };
        QTRY_VERIFY_WITH_TIMEOUT(visibleReady(), 30000);

        // Scroll through the whole grid a page every 10 ms, as a held Page Down would.
        probe.start();
        clock.restart();
        QScrollBar* bar = view.verticalScrollBar();
        int pages = 0;
        const int step = std::max(bar->pageStep(), bar->maximum() / 400);
        while (bar->value() < bar->maximum()) {
            bar->setValue(bar->value() + step);
            ++pages;
            QTest::qWait(10);
            QVERIFY(cache.memoryBytes() <= options.memoryBytes);
        }
        const auto stall = probe.stats();
        qInfo("scrolled %d screens to row %d in %lld ms: longest GUI stall %.1f ms, p99 %.1f ms, "
              "mean %.2f ms",
              pages, view.visibleRows().first, clock.elapsed(), stall.maxMs, stall.p99Ms,
              stall.meanMs);
        QTRY_VERIFY_WITH_TIMEOUT(visibleReady(), 30000);
        const auto stats = cache.stats();
        qInfo("thumbnails: %lld rendered, %lld from disk, %lld failed; %d in memory (%.1f MB of "
              "%.1f MB)",
              stats.rendered, stats.diskHits, stats.failed, cache.memoryCount(),
              cache.memoryBytes() / 1048576.0, options.memoryBytes / 1048576.0);
        // Only a small part of the 100,000 faces was ever loaded: what was on screen.
        QVERIFY2(stats.rendered + stats.diskHits + stats.failed < catalog.count() / 5,
                 qPrintable(QString::number(stats.rendered)));
        QVERIFY(cache.memoryBytes() <= options.memoryBytes);
    }

    void arrivingRowsKeepScrollAndSelection()
    {
        FaceCatalog catalog;
        catalog.open(m_library);
        QTRY_VERIFY_WITH_TIMEOUT(catalog.isLoaded() && !catalog.isLoading(), 60000 * scale());
        ThumbnailCache cache({});
        cache.setLibrary(m_library);
        FaceGridModel model(&catalog, &cache);
        FaceGridView view;
        view.setModel(&model);
        view.resize(1000, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const std::vector<qint64> all = catalog.ids();
        model.setRows(rowsOf({all.begin(), all.begin() + 60000}));
        QTRY_VERIFY(view.verticalScrollBar()->maximum() > 0);
        view.scrollTo(model.index(30000), QAbstractItemView::PositionAtTop);
        view.selectionModel()->select(model.index(30001), QItemSelectionModel::Select);
        QCoreApplication::processEvents();
        const int position = view.verticalScrollBar()->value();
        const int firstVisible = view.visibleRows().first;

        QElapsedTimer clock;
        clock.start();
        model.setRows(rowsOf(all)); // 40,000 more faces committed
        QCoreApplication::processEvents();
        qInfo("40k rows appended to 60k in %lld ms", clock.elapsed());
        QCOMPARE(view.verticalScrollBar()->value(), position);
        QCOMPARE(view.visibleRows().first, firstVisible);
        QVERIFY(view.selectionModel()->isSelected(model.index(30001)));
    }

    void commitsDuringALargeImportStayCheap()
    {
        // What the window does on every committed batch of an import, on a 100k library:
        // load the new faces, update the sidebar, the label list and the grid.
        QTemporaryDir dir;
        const QString library = dir.filePath(QStringLiteral("copy.lookalike"));
        test::WindowFixture f(std::nullopt, dir.path());
        openCopy(f, library);
        LatencyProbe probe;
        double worst = 0;
        for (int batch = 0; batch < 5; ++batch) {
            QStringList photos;
            for (int i = 0; i < 64; ++i)
                photos << dir.filePath(QStringLiteral("new/%1-%2.jpg").arg(batch).arg(i));
            QVERIFY(test::makeSyntheticLibrary(library, photos, 1,
                                               {QStringLiteral("new person %1").arg(batch)}));
            const qint64 before = f.catalog.count();
            probe.start();
            f.catalog.refresh();
            QTRY_COMPARE(f.catalog.count(), before + 64);
            QTest::qWait(50);
            worst = std::max(worst, probe.stats().maxMs);
        }
        QCOMPARE(f.window->gridModel()->rowCount(), int(f.catalog.count()));
        qInfo("a commit of 64 faces into a %lld-face window: longest GUI stall %.1f ms", m_faces, worst);
    }

    void aLabelEditAndItsUndoInAHundredThousandFaceWindow()
    {
        // What Set label and Ctrl+Z do to the GUI thread on a 100k library (no photos move:
        // the synthetic library has no subfolder labels).
        QTemporaryDir dir;
        const QString library = dir.filePath(QStringLiteral("copy.lookalike"));
        test::WindowFixture f(std::nullopt, dir.path());
        openCopy(f, library);
        auto idle = [&] { return settled(f); };
        std::vector<qint64> faces = f.catalog.idsWithLabel(QStringLiteral("a"));
        faces.resize(50);
        LatencyProbe probe;
        probe.start();
        QElapsedTimer clock;
        clock.start();
        f.window->labelEditing()->relabel(faces, QStringLiteral("e"));
        QTRY_VERIFY_WITH_TIMEOUT(idle(), 60000 * scale());
        QCOMPARE(f.catalog.idsWithLabel(QStringLiteral("e")), faces);
        const qint64 editMs = clock.elapsed();
        const double editStall = probe.stats().maxMs;
        probe.start();
        f.window->labelEditing()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(idle() && f.catalog.idsWithLabel(QStringLiteral("e")).empty(), 60000 * scale());
        for (qint64 id : faces)
            QCOMPARE(f.catalog.find(id)->label, QStringLiteral("a"));
        qInfo("a 50-face relabel in a %lld-face window: shown after %lld ms (longest GUI stall %.1f ms), undone "
              "after %lld ms (%.1f ms)",
              m_faces, editMs, editStall, clock.elapsed(), probe.stats().maxMs);
    }

    void zoomChangesTheTiles()
    {
        FaceGridView view;
        const QSize before = view.faceDelegate()->tileSize(view.fontMetrics());
        view.setThumbnailSide(160);
        const QSize after = view.faceDelegate()->tileSize(view.fontMetrics());
        QCOMPARE(after.width() - before.width(), 160 - 112);
    }
};

QTEST_MAIN(TestFaceGridView)
#include "tst_facegridview.moc"
