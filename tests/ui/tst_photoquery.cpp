// Query by photo in Photos mode, on a small real library: INRIA Holidays photos (a few
// scenes of two to four shots each, ../shared/data/images/holidays-dev, groundtruth.tsv says
// which) indexed photos-only with the CLI, one of them also as a byte-identical copy, and a
// resized, re-encoded copy of another made here and kept outside the library. Checks that a
// copy finds its original among the duplicates, an original finds its scene among the
// look-alikes, the threshold filters without searching again, a file that is no photo says
// so, and the main window wires it: drop, paste, Find similar photos, double-click, Esc and
// "Similar faces (N)" (the last with the real face models).
#include "clirun.h"
#include "filetree.h"
#include "photogridmodel.h"
#include "photogridview.h"
#include "photomatchmodel.h"
#include "photoqueryservice.h"
#include "photoquerysession.h"
#include "photoqueryview.h"
#include "photospage.h"
#include "photoviewer.h"
#include "querysession.h"
#include "thumbnailcache.h"
#include "uitestsupport.h"
#include "windowfixture.h"
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace lookalike;
using namespace lookalike::ui;

namespace {

const char* const kHolidays = "images/holidays-dev";

// image -> scene, from groundtruth.tsv
QHash<QString, QString> scenes()
{
    QHash<QString, QString> out;
    QFile file(test::dataPath(QStringLiteral("%1/groundtruth.tsv").arg(QLatin1String(kHolidays))));
    if (!file.open(QIODevice::ReadOnly))
        return out;
    file.readLine(); // the header
    while (!file.atEnd()) {
        const QStringList cells =
            QString::fromUtf8(file.readLine()).trimmed().split(QLatin1Char('\t'));
        if (cells.size() >= 2)
            out.insert(cells[0], cells[1]);
    }
    return out;
}

QStringList names(const std::vector<PhotoMatch>& matches)
{
    QStringList out;
    for (const PhotoMatch& m : matches)
        out << QFileInfo(m.path).fileName();
    return out;
}

// The face models alone, read where they are (LOOKALIKE_MODELS_DIR for the app), everything
// else in test locations. test::realModels() also wants the optional image models of the
// manifest, which faces do not need and a machine may not have.
std::optional<ModelRegistry> faceModels()
{
    auto registry = ModelRegistry::load();
    if (!registry)
        return std::nullopt;
    for (const char* task : {"face-detection", "face-landmarks", "face-embedding"})
        if (!registry->model(registry->idForTask(QLatin1String(task))))
            return std::nullopt;
    qputenv("LOOKALIKE_MODELS_DIR", registry->modelsDir().toUtf8());
    QStandardPaths::setTestModeEnabled(true);
    return *registry;
}

} // namespace

class TestPhotoQuery : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_photos; // the library's folder
    QString m_library;
    QString m_copy; // 100000.jpg made smaller and saved again, outside the library
    QHash<QString, QString> m_scene;

    QString holiday(const QString& name) const
    {
        return test::dataPath(QStringLiteral("%1/jpg/%2").arg(QLatin1String(kHolidays), name));
    }
    QString inLibrary(const QString& name) const { return m_photos + QLatin1Char('/') + name; }

    // A session on the test library, answered.
    struct Query {
        PhotoQueryService service;
        PhotoQuerySession session{&service, nullptr};
    };
    // The Photos page on a library, shown, with its own thumbnail cache.
    struct Page {
        explicit Page(const QString& library)
        {
            page.resize(1000, 700);
            page.setLibrary(library);
            page.show();
        }
        ThumbnailCache thumbnails{[] {
            ThumbnailCache::Options options;
            options.photos = true;
            return options;
        }()};
        PhotosPage page{&thumbnails};
    };
    void waitFor(PhotoQuerySession& session) { QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), 30000); }

private slots:
    void initTestCase()
    {
        REQUIRE_TEST_DATA(kHolidays);
        QVERIFY(m_dir.isValid());
        m_scene = scenes();
        QVERIFY(m_scene.size() > 100);
        m_photos = m_dir.filePath(QStringLiteral("photos"));
        QVERIFY(QDir().mkpath(m_photos));
        // Scenes 1000 (3 shots), 1001 (2), 1003 (3), 1005 (4), and single shots of others.
        const QStringList files = {"100000.jpg", "100001.jpg", "100002.jpg", "100100.jpg",
                                   "100101.jpg", "100300.jpg", "100301.jpg", "100302.jpg",
                                   "100500.jpg", "100501.jpg", "100502.jpg", "100503.jpg",
                                   "100700.jpg", "101000.jpg", "102000.jpg", "103000.jpg"};
        for (const QString& f : files)
            QVERIFY(QFile::copy(holiday(f), inLibrary(f)));
        QVERIFY(QFile::copy(holiday("100100.jpg"), inLibrary("100100 copy.jpg")));
        const QImage original(holiday("100000.jpg"));
        QVERIFY(!original.isNull());
        m_copy = m_dir.filePath(QStringLiteral("outside/resized.jpg"));
        QVERIFY(QDir().mkpath(QFileInfo(m_copy).absolutePath()));
        QVERIFY(
            original.scaled(original.size() / 2, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
                .save(m_copy, "JPG", 70));

        m_library = m_dir.filePath(QStringLiteral("holidays.lookalike"));
        const test::Run run = test::cli({"index", m_library, m_photos, "--photos-only"});
        QVERIFY2(run.code == 0, run.err.constData());
        QCOMPARE(run.json().value(QStringLiteral("photos_described")).toInt(), files.size() + 1);
    }

    void copyFindsItsOriginalAmongDuplicates()
    {
        Query q;
        q.service.setLibrary(m_library);
        QSignalSpy active(&q.session, &PhotoQuerySession::activeChanged);
        q.session.queryFile(m_copy);
        QVERIFY(q.session.isActive());
        QVERIFY(q.session.isBusy()); // never answered on the GUI thread
        waitFor(q.session);
        QVERIFY2(q.session.result().error.isEmpty(), qPrintable(q.session.result().error));
        QCOMPARE(q.session.result().name, QStringLiteral("resized.jpg"));
        QCOMPARE(q.session.result().imageId, qint64(-1)); // not a library photo
        QVERIFY(!q.session.result().preview.isNull());
        QVERIFY(q.session.result().preview.width() <= PhotoQueryService::kPreviewSide);
        const std::vector<PhotoMatch> copies = q.session.duplicates();
        QCOMPARE(names(copies), QStringList{"100000.jpg"});
        QCOMPARE(copies.front().kind, PhotoMatchKind::Near);
        QVERIFY(copies.front().similarity > 0.8f);
        QVERIFY(!names(q.session.lookAlikes()).contains("100000.jpg"));
        QCOMPARE(active.count(), 1);
    }

    // The look-alike descriptor (colour layout and texture) ranks the whole scene first for
    // some scenes (1005, 1001); for others only the nearest photo is of the scene (1000: its
    // third shot comes ninth), or not even that (1003, left out).
    void originalFindsItsSceneAmongLookAlikes_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("wholeSceneFirst");
        QTest::addColumn<QStringList>("copies");
        QTest::newRow("scene 1005") << "100500.jpg" << true << QStringList();
        QTest::newRow("scene 1001") << "100100.jpg" << true << QStringList{"100100 copy.jpg"};
        QTest::newRow("scene 1000") << "100000.jpg" << false << QStringList();
    }

    void originalFindsItsSceneAmongLookAlikes()
    {
        QFETCH(QString, query);
        QFETCH(bool, wholeSceneFirst);
        QFETCH(QStringList, copies);
        Query q;
        q.service.setLibrary(m_library);
        q.session.setMinSimilarity(0);
        q.session.queryFile(inLibrary(query)); // a photo of the library, dropped
        waitFor(q.session);
        QVERIFY2(q.session.result().error.isEmpty(), qPrintable(q.session.result().error));
        // It is that photo of the library, not a copy of itself.
        QVERIFY(q.session.result().imageId > 0);
        QCOMPARE(names(q.session.duplicates()), copies);
        const QStringList found = names(q.session.lookAlikes());
        QCOMPARE(found.size(), 16 - copies.size());
        QVERIFY(!found.contains(query));
        QStringList scene; // the other shots of the scene, from groundtruth.tsv
        for (const QString& f : QDir(m_photos).entryList({"*.jpg"}))
            if (f != query && m_scene.value(f) == m_scene.value(query) && !copies.contains(f))
                scene << f;
        QVERIFY(!scene.isEmpty());
        QVERIFY2(scene.contains(found.value(0)), qPrintable(found.join(',')));
        if (!wholeSceneFirst)
            return;
        const QStringList best = found.mid(0, scene.size());
        for (const QString& f : scene)
            QVERIFY2(best.contains(f), qPrintable(f + " not in " + found.join(',')));
    }

    void thresholdFiltersWithoutSearchingAgain()
    {
        Page shown(m_library);
        PhotosPage& page = shown.page;
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        PhotoQuerySession* session = page.query();
        PhotoQueryView* view = page.queryView();
        QAbstractItemModelTester tester(view->model());
        session->queryFile(inLibrary("100500.jpg"));
        QVERIFY(page.isQueryShown());
        waitFor(*session);
        QCOMPARE(session->searchCount(), 1);
        const int found = session->lookAlikesFound();
        QCOMPARE(found, 16); // every other photo of the library: none is a duplicate
        PhotoMatchModel* model = view->model();
        QSignalSpy reset(model, &QAbstractItemModel::modelReset);

        QVERIFY(view->thresholdSlider()->isEnabled());
        view->thresholdBox()->setValue(0.0);
        QCOMPARE(model->lookAlikeCount(), found);
        QCOMPARE(model->rowCount(), 2 + found);
        QCOMPARE(view->thresholdSlider()->value(), 0);
        // The best look-alike stays current while the threshold moves.
        const int first = model->lookAlikesHeaderRow() + 1;
        view->grid()->setCurrentIndex(model->index(first));
        const qint64 best = view->grid()->currentPhotoId();
        QVERIFY(best > 0);

        int previous = found;
        for (int value : {30, 50, 70, 90}) {
            view->thresholdSlider()->setValue(value);
            QCOMPARE(session->minSimilarity(), value / 100.0);
            QCOMPARE(view->thresholdBox()->value(), value / 100.0);
            const int shown = model->lookAlikeCount();
            QCOMPARE(shown, int(session->lookAlikes().size()));
            QVERIFY(shown <= previous);
            for (const PhotoMatch& m : session->lookAlikes())
                QVERIFY(m.similarity >= value / 100.0f);
            previous = shown;
        }
        QVERIFY2(previous < found, "the threshold hid nothing");
        QVERIFY(model->index(model->lookAlikesHeaderRow())
                    .data(PhotoGridModel::NoteRole)
                    .toString()
                    .startsWith(QStringLiteral("%1 of %2").arg(previous).arg(found)));
        view->thresholdSlider()->setValue(0);
        QCOMPARE(model->lookAlikeCount(), found);
        if (previous > 0)
            QCOMPARE(view->grid()->currentPhotoId(), best);
        QCOMPARE(session->searchCount(), 1); // filtered, never searched again
        QVERIFY(!session->isBusy());
        QCOMPARE(reset.count(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy(), 20000);
    }

    // One threshold per similarity scale: the look vectors, with the VLADs, and each image
    // model with or without them; a model's scale starts at 0 (all its look-alikes show), a
    // remembered threshold comes from the memory, and a change is said for it to keep.
    void thresholdsPerScale()
    {
        const QString model = QStringLiteral("mobilenetv2-7");
        PhotoQuerySession session(nullptr, nullptr);
        QCOMPARE(session.minSimilarity(), 0.75); // no result yet: the look vectors' scale
        QCOMPARE(session.minSimilarity({}, true), 0.45);
        QCOMPARE(session.minSimilarity(model, false), 0.0);
        QCOMPARE(session.minSimilarity(model, true), 0.0);

        QSignalSpy changed(&session, &PhotoQuerySession::minSimilarityChanged);
        QSignalSpy shown(&session, &PhotoQuerySession::lookAlikesChanged);
        session.setMinSimilarityFor(model, false, 0.6);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.front().at(0).toString(), model);
        QCOMPARE(changed.front().at(1).toBool(), false);
        QCOMPARE(changed.front().at(2).toDouble(), 0.6);
        QCOMPARE(shown.count(), 0); // not the scale of the result shown
        QCOMPARE(session.minSimilarity(model, false), 0.6);
        QCOMPARE(session.minSimilarity(model, true), 0.0);
        QCOMPARE(session.minSimilarity(), 0.75);
        session.setMinSimilarity(0.8); // the scale in force
        QCOMPARE(shown.count(), 1);
        QCOMPARE(session.minSimilarity({}, false), 0.8);
        session.setMinSimilarity(0.8);
        QCOMPARE(changed.count(), 2); // no change, no signal

        PhotoQuerySession recalled(nullptr, nullptr);
        QStringList asked;
        recalled.setThresholdMemory([&](const QString& m, bool objects, double fallback) {
            asked << m + (objects ? QStringLiteral("+objects") : QString());
            return m == model && !objects ? 0.3 : fallback;
        });
        QCOMPARE(recalled.minSimilarity(model, false), 0.3);
        QCOMPARE(recalled.minSimilarity(model, true), 0.0);
        QCOMPARE(recalled.minSimilarity(model, false), 0.3);
        QCOMPARE(asked, QStringList({model, model + QStringLiteral("+objects")})); // once each
    }

    void fileThatIsNoPhotoSaysSo_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("text file") << "notes.txt" << QByteArray("shopping: eggs, milk\n");
        QTest::newRow("not a JPEG") << "broken.jpg" << QByteArray("this is no JPEG at all");
    }

    void fileThatIsNoPhotoSaysSo()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        const QString path = m_dir.filePath(name);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        file.close();
        Page shown(m_library);
        PhotosPage& page = shown.page;
        page.query()->queryFile(path);
        waitFor(*page.query());
        QVERIFY(page.query()->statusIsError());
        const QString message = page.query()->statusText();
        QVERIFY2(message.startsWith(name + QStringLiteral(" cannot be read as a photo")),
                 qPrintable(message));
        QCOMPARE(page.queryView()->statusLabel()->text(), message);
        QCOMPARE(page.queryView()->model()->rowCount(), 0);
        QVERIFY(page.queryView()->grid()->emptyText().contains(name));
        QVERIFY(!page.queryView()->similarFacesButton()->isVisibleTo(&page));
        QVERIFY(!page.queryView()->thresholdSlider()->isEnabled());
    }

    void findSimilarPhotosFromTheGrid()
    {
        Page shown(m_library);
        PhotosPage& page = shown.page;
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_COMPARE(page.model()->photoCount(), 17);
        int row = -1;
        for (int r = 0; r < page.model()->rowCount() && row < 0; ++r)
            if (page.model()->index(r).data(Qt::DisplayRole).toString() == "100100.jpg")
                row = r;
        QVERIFY(row >= 0);
        page.grid()->setFocus();
        page.grid()->setCurrentIndex(page.model()->index(row));
        const qint64 id = page.grid()->currentPhotoId();
        QTest::keyClick(page.grid(), Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(page.isQueryShown());
        waitFor(*page.query());
        QCOMPARE(page.query()->result().imageId, id);
        QCOMPARE(page.query()->result().name, QStringLiteral("100100.jpg"));
        QCOMPARE(page.query()->faceCount(), 0); // photos-only: the library knows no faces
        QVERIFY(!page.queryView()->similarFacesButton()->isVisible());
        // Its byte-identical copy, as the first duplicate, described as such.
        PhotoMatchModel* model = page.queryView()->model();
        QCOMPARE(model->duplicateCount(), 1);
        const QModelIndex copy = model->index(1);
        QCOMPARE(copy.data(Qt::DisplayRole).toString(), QStringLiteral("100100 copy.jpg"));
        QCOMPARE(copy.data(PhotoGridModel::NoteRole).toString(),
                 QStringLiteral("same file content"));
        QCOMPARE(model->index(model->lookAlikesHeaderRow()).data(Qt::DisplayRole).toString(),
                 QStringLiteral("Photos that look like this"));
        // The other shot of the scene is a look-alike, the best one.
        QCOMPARE(model->index(model->lookAlikesHeaderRow() + 1).data(Qt::DisplayRole).toString(),
                 QStringLiteral("100101.jpg"));
        QVERIFY(page.title().startsWith(QStringLiteral("Photos like 100100.jpg — 1 duplicate, ")));

        // Keyboard: the results grid has focus on the first result; Down reaches look-alikes
        // over the section header.
        PhotoGridView* results = page.queryView()->grid();
        QTRY_VERIFY(results->hasFocus());
        QCOMPARE(results->currentIndex().row(), 1);
        QTest::keyClick(results, Qt::Key_Right);
        QCOMPARE(results->currentIndex().row(), model->lookAlikesHeaderRow() + 1);
        // Enter opens it.
        QTest::keyClick(results, Qt::Key_Return);
        PhotoViewer* viewer = nullptr;
        QTRY_VERIFY((viewer = page.findChild<PhotoViewer*>()) != nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(viewer->isLoaded(), 20000);
        QCOMPARE(viewer->windowTitle(), QStringLiteral("100101.jpg"));
        viewer->close();
        QApplication::setActiveWindow(&page);
        QVERIFY(QTest::qWaitForWindowActive(&page));
        results->setFocus();
        // And from a result, a query with it.
        const qint64 next = results->currentPhotoId();
        QCOMPARE(next, model->match(model->lookAlikesHeaderRow() + 1)->imageId);
        QTest::keyClick(results, Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
        waitFor(*page.query());
        QCOMPARE(page.query()->result().imageId, next);
        QCOMPARE(page.query()->searchCount(), 2);
        page.closeQuery();
        QVERIFY(!page.isQueryShown());
        QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy(), 20000);
    }

    void mainWindowDropPasteOpenAndEsc()
    {
        QTemporaryDir dir;
        test::WindowFixture f(std::nullopt, dir.path());
        f.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
        f.window->openLibrary(m_library);
        QTest::keyClick(f.window.get(), Qt::Key_2, Qt::ControlModifier);
        QVERIFY(f.window->isPhotosShown());
        PhotosPage* page = f.window->photosPage();
        QTRY_COMPARE(page->model()->photoCount(), 17);

        // Dropped on the window: a photo query, not a face query.
        auto* mime = new QMimeData;
        mime->setUrls({QUrl::fromLocalFile(m_copy)});
        QVERIFY(test::drop(f.window.get(), mime));
        delete mime;
        QVERIFY(page->isQueryShown());
        QVERIFY(!f.session.isActive());
        waitFor(*page->query());
        QCOMPARE(names(page->query()->duplicates()), QStringList{"100000.jpg"});

        // Double-click a result opens it.
        PhotoGridView* results = page->queryView()->grid();
        const QModelIndex first = page->queryView()->model()->index(1);
        QTRY_VERIFY(results->viewport()->rect().contains(results->visualRect(first).center()));
        const QPoint centre = results->visualRect(first).center();
        QTest::mouseClick(results->viewport(), Qt::LeftButton, {}, centre);
        QTest::mouseDClick(results->viewport(), Qt::LeftButton, {}, centre);
        PhotoViewer* viewer = nullptr;
        QTRY_VERIFY((viewer = f.window->findChild<PhotoViewer*>()) != nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(viewer->isLoaded(), 20000);
        QCOMPARE(viewer->windowTitle(), QStringLiteral("100000.jpg"));
        viewer->close();

        // Esc: back to every photo.
        QApplication::setActiveWindow(f.window.get());
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        results->setFocus();
        QTest::keyClick(results, Qt::Key_Escape);
        QVERIFY(!page->query()->isActive());
        QVERIFY(!page->isQueryShown());

        // Pasted: a file URL, then image data.
        auto* copied = new QMimeData;
        copied->setUrls({QUrl::fromLocalFile(inLibrary("100300.jpg"))});
        QApplication::clipboard()->setMimeData(copied);
        f.window->pasteQuery();
        QVERIFY(page->isQueryShown());
        waitFor(*page->query());
        QCOMPARE(page->query()->result().name, QStringLiteral("100300.jpg"));
        QApplication::clipboard()->setImage(QImage(holiday("100500.jpg")));
        f.window->pasteQuery();
        waitFor(*page->query());
        QCOMPARE(page->query()->result().name, QStringLiteral("Pasted image"));
        QVERIFY2(page->query()->result().error.isEmpty(),
                 qPrintable(page->query()->result().error));
        QCOMPARE(names(page->query()->duplicates()), QStringList{"100500.jpg"});

        // File > Query image: the chosen file.
        f.sink.fileAnswers.push_back(m_copy);
        QTest::keyClick(f.window.get(), Qt::Key_O, Qt::ControlModifier);
        QCOMPARE(page->query()->result().name, QStringLiteral("resized.jpg"));
        waitFor(*page->query());
        QVERIFY(!f.session.isActive()); // Faces never asked
        QTRY_VERIFY_WITH_TIMEOUT(f.window->isIdle(), 20000);
        QCOMPARE(f.sink.errors(), 0);

        // The threshold is remembered with the window's settings.
        page->queryView()->thresholdSlider()->setValue(83);
        f.window->close();
        test::WindowFixture g(std::nullopt, dir.path());
        QCOMPARE(g.window->photosPage()->query()->minSimilarity(), 0.83);
        QCOMPARE(g.window->photosPage()->queryView()->thresholdBox()->value(), 0.83);
    }

    // Several photos dropped at once in Photos: each is a query of its own, in line, stepped
    // through with Alt+Right / Alt+Left or the arrows by its name, as Faces does; a file that
    // is not a photo is named in the status bar, not silently dropped.
    void severalDroppedPhotosAreEachAQuery()
    {
        QTemporaryDir dir;
        test::WindowFixture f(std::nullopt, dir.path());
        f.window->show();
        QApplication::setActiveWindow(f.window.get()); // Xvfb has no window manager to do it
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        f.window->openLibrary(m_library);
        f.window->showPhotos(true);
        PhotosPage* page = f.window->photosPage();
        PhotoQuerySession* query = page->query();
        QTRY_COMPARE(page->model()->photoCount(), 17);
        const QString notes = dir.filePath(QStringLiteral("notes.txt"));
        test::writeFile(notes, "not a photo");

        auto* mime = new QMimeData;
        mime->setUrls({QUrl::fromLocalFile(m_copy), QUrl::fromLocalFile(notes),
                       QUrl::fromLocalFile(inLibrary("100300.jpg")),
                       QUrl::fromLocalFile(holiday("100501.jpg"))});
        QVERIFY(test::drop(f.window.get(), mime));
        delete mime;
        QVERIFY(!f.session.isActive()); // Faces never asked
        QCOMPARE(query->queueLength(), 3);
        QCOMPARE(query->position(), 0);
        const QString said = f.window->statusBar()->currentMessage();
        QVERIFY2(said.contains(QStringLiteral("3 photos")) &&
                     said.contains(QStringLiteral("notes.txt is not a photo")),
                 qPrintable(said));
        waitFor(*query);
        QCOMPARE(query->result().name, QStringLiteral("resized.jpg"));
        QCOMPARE(names(query->duplicates()), QStringList{"100000.jpg"});
        PhotoQueryView* view = page->queryView();
        QCOMPARE(view->nameLabel()->text(), QStringLiteral("resized.jpg (1 of 3)"));
        QVERIFY(view->nextButton()->isVisible() && view->nextButton()->isEnabled());
        QVERIFY(view->previousButton()->isVisible() && !view->previousButton()->isEnabled());
        QVERIFY2(query->statusText().contains(QStringLiteral("Photo 1 of 3")),
                 qPrintable(query->statusText()));
        QVERIFY(page->title().contains(QStringLiteral("(1 of 3)")));

        // The second, with the window's key: a photo of the library finds its scene.
        QTest::keyClick(f.window.get(), Qt::Key_Right, Qt::AltModifier);
        QCOMPARE(query->position(), 1);
        waitFor(*query);
        QCOMPARE(query->result().name, QStringLiteral("100300.jpg"));
        QVERIFY(names(query->lookAlikes()).contains(QStringLiteral("100301.jpg")) ||
                names(query->lookAlikes()).contains(QStringLiteral("100302.jpg")));
        // The third with the arrow; the last has no next.
        QTest::mouseClick(view->nextButton(), Qt::LeftButton);
        waitFor(*query);
        QCOMPARE(query->result().name, QStringLiteral("100501.jpg"));
        QCOMPARE(names(query->duplicates()), QStringList{"100501.jpg"});
        QCOMPARE(view->nameLabel()->text(), QStringLiteral("100501.jpg (3 of 3)"));
        QVERIFY(!view->nextButton()->isEnabled());
        QTest::keyClick(f.window.get(), Qt::Key_Right, Qt::AltModifier);
        QCOMPARE(query->position(), 2);
        // And back.
        QTest::keyClick(f.window.get(), Qt::Key_Left, Qt::AltModifier);
        QTest::keyClick(f.window.get(), Qt::Key_Left, Qt::AltModifier);
        QCOMPARE(query->position(), 0);
        waitFor(*query);
        QCOMPARE(query->result().name, QStringLiteral("resized.jpg"));
        // One photo after: a line of one, no arrows.
        query->queryFile(inLibrary("100700.jpg"));
        QCOMPARE(query->queueLength(), 1);
        waitFor(*query);
        QVERIFY(!view->nextButton()->isVisible() && !view->previousButton()->isVisible());
        QCOMPARE(view->nameLabel()->text(), QStringLiteral("100700.jpg"));
        // Esc: every photo again, the line forgotten.
        QTest::keyClick(f.window.get(), Qt::Key_Escape);
        QVERIFY(!page->isQueryShown());
        QCOMPARE(query->queueLength(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(f.window->isIdle(), 20000);
        QCOMPARE(f.sink.errors(), 0);
    }

    void similarFacesSwitchesToTheFaceQuery()
    {
        REQUIRE_TEST_DATA("faces/bbt");
        const std::optional<ModelRegistry> registry = faceModels();
        if (!registry)
            QSKIP("face models not found: run packaging/fetch-models.sh");
        QTemporaryDir dir;
        const QString photos = dir.filePath(QStringLiteral("people"));
        QVERIFY(test::copyBbtPeople(photos, {"sheldon", "penny"}));
        const QString library = dir.filePath(QStringLiteral("people.lookalike"));
        QVERIFY(test::indexWithRealModels(*registry, library, photos)); // faces and photos
        test::WindowFixture f(registry, dir.path());
        f.window->show();
        f.window->openLibrary(library);
        QTRY_VERIFY(f.catalog.isLoaded());
        f.window->showPhotos(true);
        PhotosPage* page = f.window->photosPage();
        QTRY_VERIFY(page->model()->photoCount() > 5);

        // A photo of the library: its faces are the library's.
        page->query()->queryFile(photos + QStringLiteral("/penny/penny1.png"));
        waitFor(*page->query());
        QVERIFY2(page->query()->result().error.isEmpty(),
                 qPrintable(page->query()->result().error));
        QCOMPARE(page->query()->faceCount(), 1);
        QPushButton* button = page->queryView()->similarFacesButton();
        QVERIFY(button->isVisible());
        QCOMPARE(button->text().remove(QLatin1Char('&')), QStringLiteral("Similar faces (1)"));
        const qint64 face = page->query()->result().faceIds.front();
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(!f.window->isPhotosShown());
        QVERIFY(f.session.isActive());
        QTRY_VERIFY_WITH_TIMEOUT(!f.session.isBusy(), 30000);
        QCOMPARE(f.session.photo().faces.at(size_t(f.session.photo().selected)).faceId, face);
        QVERIFY(!f.session.rows().empty());

        // A photo from outside: its faces are found by the face pipeline.
        f.window->showPhotos(true);
        page->query()->queryFile(test::dataPath(QStringLiteral("faces/bbt/bbt1.jpg")));
        waitFor(*page->query());
        QTRY_VERIFY_WITH_TIMEOUT(page->query()->faceCount() >= 0, 30000);
        QVERIFY(page->query()->faceCount() >= 2);
        QVERIFY(button->isVisible());
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(!f.window->isPhotosShown());
        QTRY_VERIFY_WITH_TIMEOUT(!f.session.isBusy(), 30000);
        QCOMPARE(f.session.photo().name, QStringLiteral("bbt1.jpg"));
        QCOMPARE(int(f.session.photo().faces.size()), page->query()->faceCount());
        QTRY_VERIFY_WITH_TIMEOUT(f.window->isIdle(), 30000);
    }
};

QTEST_MAIN(TestPhotoQuery)
#include "tst_photoquery.moc"
