// MainWindow on a real library (faces/bbt indexed with the real models): the sidebar and the
// grid fill, real drop events of photo files run a query and fill the results, faces dragged
// onto the query panel are searched, pasted images are searched, labels can be set, settings
// persist. The GUI thread's longest stall during each query is reported with qInfo.
#include "backgroundjobs.h"
#include "faceactions.h"
#include "facegridmodel.h"
#include "facegridview.h"
#include "faceidsmime.h"
#include "labelmodel.h"
#include "labelsidebar.h"
#include "latencyprobe.h"
#include "peopleactions.h"
#include "photoviewer.h"
#include "querypanel.h"
#include "windowfixture.h"
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QMimeData>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTreeView>
#include <QtTest>

using namespace lookalike;
using namespace lookalike::ui;

namespace {

using test::drop;

QMimeData* fileMime(const QStringList& paths)
{
    auto* mime = new QMimeData;
    QList<QUrl> urls;
    for (const QString& p : paths)
        urls << QUrl::fromLocalFile(p);
    mime->setUrls(urls);
    return mime;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_library;
    std::optional<ModelRegistry> m_registry;

    QString bbt(const QString& file) { return test::dataPath(QStringLiteral("faces/bbt/") + file); }

    void openAndWait(test::WindowFixture& f)
    {
        f.window->show();
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        f.window->openLibrary(m_library);
        QTRY_VERIFY(f.catalog.isLoaded());
        QTRY_VERIFY(f.window->gridModel()->rowCount() > 0);
    }

private slots:
    void initTestCase()
    {
        REQUIRE_TEST_DATA("faces/bbt");
        REQUIRE_APP_MODELS(registry)
        m_registry = registry;
        const QString photos = m_dir.filePath(QStringLiteral("photos"));
        QVERIFY(test::copyBbtPeople(photos, {"sheldon", "penny", "raj", "amy"}));
        m_library = m_dir.filePath(QStringLiteral("bbt.lookalike"));
        QVERIFY(test::indexWithRealModels(*m_registry, m_library, photos));
    }

    void showsLibraryFacesAndPeople()
    {
        QTemporaryDir dir;
        test::WindowFixture f(m_registry, dir.path());
        openAndWait(f);
        QCOMPARE(f.window->gridModel()->rowCount(), int(f.catalog.count()));
        QCOMPARE(f.catalog.count(), 20);
        LabelModel* labels = f.window->sidebar()->model();
        QCOMPARE(labels->rowCount(), 5); // All faces + 4 people
        QCOMPARE(labels->index(1, 0).data().toString(), QStringLiteral("amy"));
        QVERIFY(f.window->gridTitle().startsWith(QStringLiteral("All faces")));
        QVERIFY(f.window->windowTitle().contains(QStringLiteral("bbt")));
        // Thumbnails arrive for what is on screen.
        QTRY_VERIFY_WITH_TIMEOUT(f.thumbnails.isIdle() && f.thumbnails.memoryCount() > 0, 20000);
        QVERIFY(
            !f.window->gridModel()->index(0).data(Qt::DecorationRole).value<QPixmap>().isNull());

        // Choosing a person filters the grid.
        auto* tree = f.window->sidebar()->findChild<QTreeView*>();
        tree->setCurrentIndex(
            labels->index(labels->rowOf(LabelFilter::label(QStringLiteral("raj"))), 0));
        QCOMPARE(f.window->gridModel()->rowCount(), 5);
        for (int r = 0; r < 5; ++r)
            QCOMPARE(f.window->gridModel()->index(r).data(FaceGridModel::LabelRole).toString(),
                     QStringLiteral("raj"));
        QVERIFY(f.window->gridTitle().startsWith(QStringLiteral("raj")));
        QCOMPARE(f.sink.errors(), 0);
    }

    void droppingPhotoFilesRunsAQuery()
    {
        QTemporaryDir dir;
        test::WindowFixture f(m_registry, dir.path());
        openAndWait(f);
        f.session.setMinSimilarity(0.0);
        LatencyProbe probe;
        probe.start();
        std::unique_ptr<QMimeData> mime(fileMime(
            {bbt(QStringLiteral("penny/penny3.png")), bbt(QStringLiteral("amy/amy2.png"))}));
        QVERIFY(drop(f.window.get(), mime.get()));
        QVERIFY(f.session.isActive());
        QTRY_VERIFY_WITH_TIMEOUT(!f.session.isBusy(), 30000);
        const auto stall = probe.stats();
        qInfo("drop -> results: service %lld ms; GUI thread longest stall %.1f ms (p99 %.1f ms, "
              "%lld samples)",
              f.session.lastLatencyMs(), stall.maxMs, stall.p99Ms, stall.samples);
        FaceGridModel* grid = f.window->gridModel();
        QVERIFY(grid->rowCount() > 0);
        QVERIFY(grid->index(0).data(FaceGridModel::SimilarityRole).isValid());
        QCOMPARE(grid->index(0).data(FaceGridModel::LabelRole).toString(), QStringLiteral("penny"));
        QVERIFY(f.window->gridTitle().contains(QStringLiteral("penny3.png")));
        QCOMPARE(f.session.queueLength(), 2);

        // The minimum-similarity slider and top K update the grid live.
        const int all = grid->rowCount();
        f.window->queryPanel()->similaritySlider()->setValue(90);
        QVERIFY(grid->rowCount() < all);
        QVERIFY(grid->rowCount() >= 1);
        f.window->queryPanel()->similaritySlider()->setValue(0);
        QCOMPARE(grid->rowCount(), all);
        f.window->queryPanel()->topKBox()->setValue(3);
        QCOMPARE(grid->rowCount(), 3);
        f.window->queryPanel()->topKBox()->setValue(100);
        // The label filter (other people's faces can score below zero).
        f.session.setMinSimilarity(-1.0);
        QComboBox* label = f.window->queryPanel()->labelBox();
        const int raj = label->findText(QStringLiteral("raj"));
        QVERIFY(raj > 1);
        label->setCurrentIndex(raj);
        emit label->activated(raj);
        QCOMPARE(grid->rowCount(), 5);
        QCOMPARE(grid->index(0).data(FaceGridModel::LabelRole).toString(), QStringLiteral("raj"));

        // The second dropped photo.
        QTest::keyClick(f.window.get(), Qt::Key_Right, Qt::AltModifier);
        QTRY_VERIFY_WITH_TIMEOUT(
            !f.session.isBusy() && f.session.photo().name == QStringLiteral("amy2.png"), 30000);
        // Esc leaves the results for the library.
        QTest::keyClick(f.window.get(), Qt::Key_Escape);
        QVERIFY(!f.session.isActive());
        QCOMPARE(grid->rowCount(), int(f.catalog.count())); // back to "All faces"
    }

    void dragEnterIgnoresWhatCannotBeQueried()
    {
        QTemporaryDir dir;
        test::WindowFixture f(m_registry, dir.path());
        openAndWait(f);
        QMimeData text;
        text.setText(QStringLiteral("hello"));
        QVERIFY(!drop(f.window.get(), &text));
        std::unique_ptr<QMimeData> notPhoto(
            fileMime({m_dir.filePath(QStringLiteral("bbt.lookalike"))}));
        QVERIFY(!drop(f.window.get(), notPhoto.get()));
        QVERIFY(!f.session.isActive());
    }

    void faceDraggedOntoThePanelIsSearched()
    {
        QTemporaryDir dir;
        test::WindowFixture f(m_registry, dir.path());
        openAndWait(f);
        f.session.setMinSimilarity(0.0);
        FaceGridModel* grid = f.window->gridModel();
        const QModelIndex tile = grid->index(7);
        const qint64 id = tile.data(FaceGridModel::FaceIdRole).toLongLong();
        const QString person = tile.data(FaceGridModel::LabelRole).toString();
        std::unique_ptr<QMimeData> mime(grid->mimeData({tile}));
        QVERIFY(mime->hasFormat(FaceIdsMime::type()));
        // The window itself does not take faces (a tile dropped back on the grid does nothing)...
        QVERIFY(!drop(f.window.get(), mime.get()));
        // ... the query panel does.
        QVERIFY(drop(f.window->queryPanel(), mime.get()));
        QTRY_VERIFY_WITH_TIMEOUT(f.session.isActive() && !f.session.isBusy(), 30000);
        QVERIFY(grid->rowCount() > 0);
        for (int r = 0; r < grid->rowCount(); ++r)
            QVERIFY(grid->index(r).data(FaceGridModel::FaceIdRole).toLongLong() != id);
        QCOMPARE(grid->index(0).data(FaceGridModel::LabelRole).toString(), person);
        QCOMPARE(f.session.photo().faces[size_t(f.session.photo().selected)].faceId, id);
    }

    void pastedImageIsSearched()
    {
        QTemporaryDir dir;
        test::WindowFixture f(m_registry, dir.path());
        openAndWait(f);
        QImage image(bbt(QStringLiteral("sheldon/sheldon2.png")));
        QVERIFY(!image.isNull());
        QApplication::clipboard()->setImage(image);
        if (!QApplication::clipboard()->mimeData()->hasImage())
            QSKIP("this platform has no clipboard");
        f.window->pasteQuery();
        QTRY_VERIFY_WITH_TIMEOUT(f.session.isActive() && !f.session.isBusy(), 30000);
        QCOMPARE(f.session.photo().name, QStringLiteral("Pasted image"));
        QCOMPARE(f.window->gridModel()->index(0).data(FaceGridModel::LabelRole).toString(),
                 QStringLiteral("sheldon"));
    }

    void setLabelWritesTheLibrary()
    {
        QTemporaryDir dir;
        QTemporaryDir copyDir;
        const QString library = copyDir.filePath(QStringLiteral("copy.lookalike"));
        QVERIFY(QFile::copy(m_library, library));
        test::WindowFixture f(m_registry, dir.path());
        f.window->show();
        f.window->openLibrary(library);
        QTRY_VERIFY(f.window->gridModel()->rowCount() == 20);
        FaceGridView* grid = f.window->grid();
        grid->selectionModel()->select(f.window->gridModel()->index(0),
                                       QItemSelectionModel::Select);
        grid->selectionModel()->select(f.window->gridModel()->index(1),
                                       QItemSelectionModel::Select);
        const qint64 a = f.window->gridModel()->faceId(0);
        f.sink.textAnswers.push_back(QStringLiteral("Leslie"));
        // The copy shares its photos with the other tests: they stay where they are.
        f.window->peopleActions()->moveFilesAction()->setChecked(false);
        f.window->faceActions()->setLabelAction()->trigger();
        QTRY_COMPARE(f.catalog.find(a)->label, QStringLiteral("Leslie"));
        QCOMPARE(f.sink.errors(), 0);
        QTRY_VERIFY(
            f.window->sidebar()->model()->rowOf(LabelFilter::label(QStringLiteral("Leslie"))) >= 0);
        // Written to the file: a fresh catalog sees it.
        FaceCatalog fresh;
        fresh.open(library);
        QTRY_VERIFY(fresh.isLoaded());
        QCOMPARE(fresh.find(a)->label, QStringLiteral("Leslie"));
        QCOMPARE(fresh.idsWithLabel(QStringLiteral("Leslie")).size(), size_t(2));
    }

    void doubleClickOpensThePhotoWithItsFaces()
    {
        QTemporaryDir dir;
        test::WindowFixture f(m_registry, dir.path());
        openAndWait(f);
        FaceGridView* grid = f.window->grid();
        const QModelIndex tile = f.window->gridModel()->index(0);
        QTRY_VERIFY(grid->viewport()->rect().contains(grid->visualRect(tile).center()));
        QSignalSpy activated(grid, &FaceGridView::faceActivated);
        // A double click is a press and release, then a press that turns into a double click.
        QTest::mouseClick(grid->viewport(), Qt::LeftButton, {}, grid->visualRect(tile).center());
        QTest::mouseDClick(grid->viewport(), Qt::LeftButton, {}, grid->visualRect(tile).center());
        QCOMPARE(activated.count(), 1);
        PhotoViewer* viewer = nullptr;
        QTRY_VERIFY([&] {
            for (QWidget* w : QApplication::topLevelWidgets())
                if (auto* v = qobject_cast<PhotoViewer*>(w); v && v->isVisible())
                    viewer = v;
            return viewer != nullptr;
        }());
        QTRY_VERIFY_WITH_TIMEOUT(viewer->isLoaded(), 20000);
        QVERIFY(viewer->boxCount() >= 1);
        const double fitted = viewer->zoom();
        viewer->zoomBy(2.0);
        QCOMPARE(viewer->zoom(), fitted * 2.0);
        viewer->actualSize();
        QCOMPARE(viewer->zoom(), 1.0);
        viewer->close();
    }

    void exportsResultsAsCsv()
    {
        QTemporaryDir dir;
        test::WindowFixture f(m_registry, dir.path());
        openAndWait(f);
        f.window->queryFiles({bbt(QStringLiteral("raj/raj4.png"))});
        QTRY_VERIFY_WITH_TIMEOUT(f.session.isActive() && !f.session.isBusy(), 30000);
        const int shown = f.window->gridModel()->rowCount();
        QVERIFY(shown > 0);
        const QString csv = dir.filePath(QStringLiteral("matches.csv"));
        f.sink.fileAnswers.push_back(csv);
        QAction* exportResults = nullptr;
        for (QAction* a : f.window->findChildren<QAction*>())
            if (a->text().contains(QStringLiteral("results as CSV")))
                exportResults = a;
        QVERIFY(exportResults && exportResults->isEnabled());
        exportResults->trigger();
        QTRY_VERIFY(QFileInfo::exists(csv));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
        const QStringList lines =
            QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), shown + 2); // comment, header, one line per face shown
        QCOMPARE(lines[1], QStringLiteral("rank,face_id,similarity,label,path,x,y,w,h"));
        QVERIFY(lines[2].startsWith(QStringLiteral("1,")));
        QVERIFY(lines[2].contains(QStringLiteral(",raj,")));
        QCOMPARE(f.sink.errors(), 0);
    }

    void settingsPersist()
    {
        QTemporaryDir dir;
        {
            test::WindowFixture f(m_registry, dir.path());
            openAndWait(f);
            const int side = f.window->grid()->thumbnailSide();
            QTest::keyClick(f.window.get(), Qt::Key_Plus, Qt::ControlModifier);
            QCOMPARE(f.window->grid()->thumbnailSide(), side + 16);
            f.window->queryPanel()->topKBox()->setValue(42);
            f.window->close();
        }
        test::WindowFixture g(m_registry, dir.path());
        QCOMPARE(g.settings.thumbnailSize(), Settings::kDefaultThumbnail + 16);
        QCOMPARE(g.settings.topK(), 42);
        QCOMPARE(g.settings.lastLibrary(), QFileInfo(m_library).absoluteFilePath());
        QCOMPARE(g.window->grid()->thumbnailSide(), Settings::kDefaultThumbnail + 16);
        QVERIFY(g.settings.recentLibraries().contains(QFileInfo(m_library).absoluteFilePath()));
    }

    void badLibraryFileIsReported()
    {
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.lookalike"));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        test::WindowFixture f(m_registry, dir.path());
        f.window->show();
        f.window->openLibrary(bad);
        QTRY_COMPARE(f.sink.errors(), 1);
        QVERIFY(f.window->libraryPath().isEmpty());
        QVERIFY(!f.settings.recentLibraries().contains(bad));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
