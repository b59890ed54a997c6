// The import end to end with the real models: the wizard on a small folder of real photos
// (counted in the background, subfolder labels pre-ticked), the grid filling while the
// import runs, people in the sidebar, the failed file listed with its reason; closing the
// window during an import asks, stops cleanly, and reopening the library offers to finish.
// The GUI thread's longest stall during the import is reported with qInfo.
#include "backgroundjobs.h"
#include "facegridmodel.h"
#include "failuresdialog.h"
#include "importcontroller.h"
#include "importfolderpage.h"
#include "importsummarypage.h"
#include "importwizard.h"
#include "labelmodel.h"
#include "labelsidebar.h"
#include "latencyprobe.h"
#include "library.h"
#include "windowfixture.h"
#include <QCheckBox>
#include <QDirIterator>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTreeWidget>
#include <QtTest>

using namespace lookalike;
using namespace lookalike::ui;

class TestImportWizard : public QObject {
    Q_OBJECT
    std::optional<ModelRegistry> m_registry;

private slots:
    void initTestCase()
    {
        REQUIRE_TEST_DATA("faces/bbt");
        REQUIRE_APP_MODELS(registry)
        m_registry = registry;
    }

    void wizardImportsAFolder()
    {
        QTemporaryDir dir;
        const QString photos = dir.filePath(QStringLiteral("bbt"));
        QVERIFY(test::copyBbtPeople(photos, {"amy", "penny", "raj", "howard"}));
        QVERIFY(QFile::copy(test::dataPath(QStringLiteral("tricky/corrupt/garbage_header.jpg")),
                            photos + QStringLiteral("/garbage_header.jpg")));
        test::WindowFixture f(m_registry, dir.path());
        f.window->show();
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));

        ImportWizard* wizard = f.window->imports()->showWizard(photos);
        QVERIFY(wizard);
        QVERIFY(wizard->isVisible());
        ImportFolderPage* page = wizard->folderPage();
        QTRY_VERIFY_WITH_TIMEOUT(!page->survey().isRunning() &&
                                     !page->countText().contains(QStringLiteral("Counting")),
                                 20000);
        qInfo("wizard says: %s", qPrintable(page->countText()));
        QVERIFY(page->countText().startsWith(QStringLiteral("20 photos found")));
        QVERIFY(page->labelsBox()->isChecked()); // <name>/<photos>: pre-ticked
        QVERIFY(page->recursiveBox()->isChecked());
        const QString library = page->libraryEdit()->text();
        QCOMPARE(library, dir.filePath(QStringLiteral("libraries/bbt.lookalike")));
        QVERIFY(page->isComplete());
        wizard->next();
        QCOMPARE(wizard->currentId(), int(ImportWizard::SummaryPageId));
        const QString summary = static_cast<ImportSummaryPage*>(wizard->currentPage())->text();
        QVERIFY2(summary.contains(QStringLiteral("20 photos")) &&
                     summary.contains(QStringLiteral("labelled")),
                 qPrintable(summary));

        LatencyProbe probe;
        probe.start();
        QSignalSpy finished(f.window->imports(), &ImportController::importFinished);
        QSignalSpy committed(&f.indexing, &IndexingService::committed);
        wizard->accept();
        QTRY_VERIFY(!f.window->imports()->wizard()); // closes at once
        QVERIFY(f.indexing.isRunning());
        QCOMPARE(f.window->libraryPath(), library);
        QVERIFY(f.window->jobs()->isRunning());
        QVERIFY(f.settings.unfinishedImport(library));
        // Faces reach the grid while the import runs (each committed batch).
        QTRY_VERIFY_WITH_TIMEOUT(f.window->gridModel()->rowCount() > 0 || !finished.isEmpty(),
                                 120000);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 120000);
        const auto stall = probe.stats();
        qInfo("import of 21 photos: GUI thread longest stall %.1f ms (p99 %.1f ms, mean %.2f ms, "
              "%lld samples), %lld commits",
              stall.maxMs, stall.p99Ms, stall.meanMs, stall.samples, qint64(committed.count()));
        const auto outcome = finished.front().front().value<IndexingService::Outcome>();
        QVERIFY2(outcome.ok, qPrintable(outcome.error));
        QCOMPARE(outcome.summary.imagesFailed, 0);
        QCOMPARE(outcome.summary.failures.size(), size_t(1)); // not a photo: reported by the scan
        QVERIFY(committed.count() >= 1);

        QTRY_COMPARE(f.window->gridModel()->rowCount(), 20);
        LabelModel* labels = f.window->sidebar()->model();
        QTRY_COMPARE(labels->rowCount(), 5);
        QStringList people;
        for (int r = 1; r < labels->rowCount(); ++r)
            people << labels->index(r, 0).data().toString();
        QCOMPARE(people, QStringList({"amy", "howard", "penny", "raj"}));
        QVERIFY(!f.settings.unfinishedImport(library));
        QVERIFY(!f.window->jobs()->isRunning());
        QVERIFY2(f.window->jobs()->text().contains(QStringLiteral("1 file failed")),
                 qPrintable(f.window->jobs()->text()));

        FailuresDialog* failures = f.window->imports()->showFailures(library);
        QTRY_VERIFY(failures->isLoaded());
        QCOMPARE(failures->count(), 1);
        auto* tree = failures->findChild<QTreeWidget*>();
        QVERIFY(tree->topLevelItem(0)->text(0).endsWith(QStringLiteral("garbage_header.jpg")));
        QVERIFY(!tree->topLevelItem(0)->text(1).isEmpty());
        qInfo("failure reason: %s", qPrintable(tree->topLevelItem(0)->text(1)));
        failures->close();
        QCOMPARE(f.sink.errors(), 0);
    }

    // Photos only: faces unticked, the photos are described (duplicates, look-alikes) and no
    // face is looked for; labels and names have nothing to label, so they go grey.
    void photosOnlyImportDescribesPhotosWithoutFaces()
    {
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("photos"))));
        for (const QString& f : {QStringLiteral("bbt1.jpg"), QStringLiteral("bbt2.jpg")})
            QVERIFY(QFile::copy(test::dataPath(QStringLiteral("faces/bbt/") + f), dir.filePath(QStringLiteral("photos/") + f)));
        test::WindowFixture f(m_registry, dir.path());
        f.window->show();
        ImportWizard* wizard = f.window->imports()->showWizard(dir.filePath(QStringLiteral("photos")));
        ImportFolderPage* page = wizard->folderPage();
        QTRY_VERIFY(page->countText().contains(QStringLiteral("2 photos found")));
        QVERIFY(page->facesBox()->isChecked()); // faces by default
        QVERIFY(page->objectsBox()->isChecked()); // and the same object with them
        QVERIFY(page->objectsBox()->text().contains(QStringLiteral("ms a photo")));
        page->facesBox()->setChecked(false);
        QVERIFY(!page->labelsBox()->isEnabled() && !page->namesBox()->isEnabled());
        QVERIFY(!page->request().findFaces);
        // Photos only is about speed: the object pass follows "Find faces" off, but stays a
        // choice (it works without faces) and a choice made is kept.
        QVERIFY(!page->objectsBox()->isChecked() && page->objectsBox()->isEnabled());
        QVERIFY(!page->request().findObjects);
        QTest::mouseClick(page->objectsBox(), Qt::LeftButton, {},
                          QPoint(8, page->objectsBox()->height() / 2));
        QVERIFY(page->request().findObjects);
        page->facesBox()->setChecked(true);
        page->facesBox()->setChecked(false);
        QVERIFY(page->request().findObjects);
        const QString library = page->libraryEdit()->text();
        wizard->next();
        const QString summary = static_cast<ImportSummaryPage*>(wizard->currentPage())->text();
        QVERIFY2(summary.contains(QStringLiteral("without looking for faces")), qPrintable(summary));
        QSignalSpy finished(f.window->imports(), &ImportController::importFinished);
        wizard->accept();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 120000);
        const auto outcome = finished.front().front().value<IndexingService::Outcome>();
        QVERIFY2(outcome.ok, qPrintable(outcome.error));
        QCOMPARE(outcome.summary.faces, 0);
        auto lib = Library::open(library, Library::Mode::ReadOnly);
        QVERIFY2(lib, qPrintable(lib.error()));
        const auto images = (*lib)->images((*lib)->roots().front().id);
        QCOMPARE(images.size(), 2);
        for (const ImageRecord& r : images) {
            QVERIFY2(r.hasPhoto, qPrintable(r.path));   // described as a photo
            QVERIFY2(r.hasObject, qPrintable(r.path));  // with its keypoints, as asked
            QVERIFY2(!r.facesDone, qPrintable(r.path)); // the face pass is still to come
        }
        QCOMPARE((*lib)->stats().faces, 0);
        QCOMPARE(f.window->gridModel()->rowCount(), 0);
    }

    void folderWithoutSubfoldersIsNotLabelled()
    {
        QTemporaryDir dir;
        for (const QString& f : {QStringLiteral("bbt1.jpg"), QStringLiteral("bbt2.jpg")})
            QVERIFY(QFile::copy(test::dataPath(QStringLiteral("faces/bbt/") + f), dir.filePath(f)));
        test::WindowFixture f(m_registry, dir.path());
        ImportWizard* wizard = f.window->imports()->showWizard(dir.path());
        QTRY_VERIFY(wizard->folderPage()->countText().contains(QStringLiteral("2 photos found")));
        QVERIFY(!wizard->folderPage()->labelsBox()->isChecked());
        wizard->folderPage()->libraryEdit()->clear();
        QVERIFY(!wizard->folderPage()->isComplete());
        wizard->reject();
    }

    void closingDuringAnImportAsksStopsAndOffersToFinish()
    {
        REQUIRE_TEST_DATA("faces/lfw-devtrain/images");
        QTemporaryDir dir;
        const QString photos = dir.filePath(QStringLiteral("lfw"));
        QDirIterator it(test::dataPath(QStringLiteral("faces/lfw-devtrain/images")),
                        {QStringLiteral("*.jpg")}, QDir::Files, QDirIterator::Subdirectories);
        int copied = 0;
        while (it.hasNext() && copied < 240) {
            const QString source = it.next();
            const QString target = photos + QLatin1Char('/') + QFileInfo(source).fileName();
            QDir().mkpath(photos);
            QVERIFY(QFile::copy(source, target));
            ++copied;
        }
        const QString library = dir.filePath(QStringLiteral("lfw.lookalike"));
        const ImportRequest request{photos, library, true, false};
        {
            test::WindowFixture f(m_registry, dir.path());
            f.window->show();
            f.window->imports()->start(request);
            QTRY_VERIFY_WITH_TIMEOUT(f.catalog.count() > 0, 120000);
            QVERIFY(f.indexing.isRunning());

            f.sink.confirmAnswers.push_back(false); // "keep importing"
            QVERIFY(!f.window->close());
            QCOMPARE(f.sink.questions.size(), 1);
            QVERIFY(f.window->isVisible());
            QVERIFY(f.indexing.isRunning());

            f.sink.confirmAnswers.push_back(true); // "stop and quit"
            f.window->close();
            QVERIFY(f.indexing.isCancelling() || !f.indexing.isRunning());
            QTRY_VERIFY_WITH_TIMEOUT(!f.window->isVisible(), 60000);
            QVERIFY(!f.indexing.isRunning());
            QVERIFY(f.settings.unfinishedImport(library));
        }
        qint64 before = 0;
        {
            FaceCatalog partial;
            partial.open(library);
            QTRY_VERIFY(partial.isLoaded());
            before = partial.count();
            QVERIFY(before > 0);
        }
        test::WindowFixture g(m_registry, dir.path());
        g.window->show();
        QSignalSpy finished(g.window->imports(), &ImportController::importFinished);
        g.sink.confirmAnswers.push_back(true); // "finish import"
        g.window->openLibrary(library);
        QCOMPARE(g.sink.questions.size(), 1);
        QVERIFY(g.sink.questions.front().startsWith(QStringLiteral("Unfinished import")));
        QVERIFY(g.indexing.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 300000);
        const auto outcome = finished.front().front().value<IndexingService::Outcome>();
        QVERIFY2(outcome.ok && !outcome.summary.cancelled, qPrintable(outcome.error));
        QVERIFY(outcome.summary.imagesUnchanged > 0); // what the first run did is kept
        QCOMPARE(outcome.summary.imagesUnchanged + outcome.summary.imagesIndexed +
                     outcome.summary.imagesFailed,
                 qint64(copied));
        QTRY_VERIFY(g.catalog.count() > before);
        QVERIFY(!g.settings.unfinishedImport(library));
    }
};

QTEST_MAIN(TestImportWizard)
#include "tst_importwizard.moc"
