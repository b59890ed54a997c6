// View > Map in Photos mode, in the real main window, on a photos-only library of real photos
// (Holidays and photos without people, indexed by the CLI): the photos' map is laid out in
// the background and drawn (points in their folders' colours); Faces | Photos switches the
// map; a rubber band's selection goes to Move to Trash (Delete), which takes the photos off
// the map and out of the library, and Ctrl+Z brings them back, files byte for byte; a
// photo asked about is pinned among the photos like it.
#include "clirun.h"
#include "filetree.h"
#include "mappage.h"
#include "mapservice.h"
#include "mapview.h"
#include "peopleactions.h"
#include "photomappage.h"
#include "photolibrary.h"
#include "photoquerysession.h"
#include "photospage.h"
#include "testdata.h"
#include "windowfixture.h"
#include <QApplication>
#include <QImage>
#include <QSet>
#include <QStatusBar>
#include <QtTest>
#include <cmath>

using namespace lookalike;
using namespace lookalike::ui;

class TestPhotoMapPage : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_photos;
    QString m_library;

private slots:
    void initTestCase()
    {
        REQUIRE_TEST_DATA("images/holidays-dev/jpg");
        REQUIRE_TEST_DATA("images/noface-dev/cbsd68");
        m_photos = m_dir.filePath(QStringLiteral("photos"));
        for (const QString& source :
             {QStringLiteral("images/holidays-dev/jpg"), QStringLiteral("images/noface-dev/cbsd68")}) {
            const QDir from(test::dataPath(source));
            const QString to = m_photos + QLatin1Char('/') + from.dirName();
            QVERIFY(QDir().mkpath(to));
            for (const QString& file : from.entryList(QDir::Files, QDir::Name).mid(0, 20))
                QVERIFY(QFile::copy(from.filePath(file), to + QLatin1Char('/') + file));
        }
        m_library = m_dir.filePath(QStringLiteral("photos.lookalike"));
        const test::Run run = test::cli(
            {QStringLiteral("index"), m_library, m_photos, QStringLiteral("--photos-only")});
        QVERIFY2(run.code == 0, run.err.constData());
        QCOMPARE(run.json().value(QStringLiteral("photos_described")).toInt(), 40);
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("xdg"))));
    }

    void mapOfPhotosSelectionToTrashAndUndo()
    {
        QTemporaryDir dir;
        test::WindowFixture f(std::nullopt, dir.path());
        f.window->show();
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        f.window->openLibrary(m_library);
        QTest::keyClick(f.window.get(), Qt::Key_2, Qt::ControlModifier); // Photos
        f.window->showMap(true);
        QVERIFY(f.window->isPhotosShown() && f.window->isMapShown());
        PhotoMapPage* page = f.window->photoMapPage();
        MapView* view = page->view();
        QTRY_VERIFY_WITH_TIMEOUT(view->count() == 40 && !page->isBusy() &&
                                     f.window->photosPage()->photos()->isLoaded(),
                                 60000);

        // Drawn: points in the colours of the two folders on the view's background.
        view->setShowNames(false);
        QSet<QRgb> colours;
        auto pointsDrawn = [&] { // the points' raster is made in the background
            const QImage shown = view->grab().toImage();
            const QColor background = shown.pixelColor(2, 2);
            colours.clear();
            int drawn = 0;
            for (qint64 id : view->scene().ids) {
                const QPointF c = view->screenPosition(id) * shown.devicePixelRatio();
                const QColor px =
                    shown.pixelColor(int(std::lround(c.x())), int(std::lround(c.y())));
                if (px != background) {
                    ++drawn;
                    colours.insert(px.rgb());
                }
            }
            return drawn;
        };
        QTRY_VERIFY_WITH_TIMEOUT(pointsDrawn() >= 36, 10000);
        view->setShowNames(true);
        QVERIFY2(colours.size() >= 2, qPrintable(QString::number(colours.size())));
        QCOMPARE(view->scene().groupNames.size(), 2); // jpg, cbsd68

        // Faces | Photos switches the map.
        QTest::keyClick(f.window.get(), Qt::Key_1, Qt::ControlModifier);
        QVERIFY(f.window->isMapShown() && !f.window->isPhotosShown());
        QTest::keyClick(f.window.get(), Qt::Key_2, Qt::ControlModifier);
        QVERIFY(f.window->isMapShown() && f.window->isPhotosShown());

        // A rubber band (Shift+drag) around the five leftmost photos.
        std::vector<QPointF> byX;
        for (qint64 id : view->scene().ids)
            byX.push_back(view->screenPosition(id));
        std::sort(byX.begin(), byX.end(), [](QPointF a, QPointF b) { return a.x() < b.x(); });
        QRectF box(byX[0], QSizeF(1, 1));
        for (int i = 1; i < 5; ++i)
            box = box.united(QRectF(byX[size_t(i)], QSizeF(1, 1)));
        box.adjust(-3, -3, 3, 3);
        std::vector<qint64> expected;
        for (qint64 id : view->scene().ids)
            if (box.contains(view->screenPosition(id)))
                expected.push_back(id);
        QVERIFY(!expected.empty());
        QTest::mousePress(view, Qt::LeftButton, Qt::ShiftModifier, box.topLeft().toPoint());
        QTest::mouseMove(view, box.center().toPoint());
        QTest::mouseMove(view, box.bottomRight().toPoint());
        QTest::mouseRelease(view, Qt::LeftButton, Qt::ShiftModifier, box.bottomRight().toPoint());
        QCOMPARE(view->selectedFaceIds(), expected);
        QVERIFY(page->trashAction()->isEnabled());

        const auto files = test::treeChecksums(m_photos);
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Delete);
        const int left = 40 - int(expected.size());
        QTRY_VERIFY_WITH_TIMEOUT(f.window->isIdle() && view->count() == left, 30000);
        for (qint64 id : expected)
            QVERIFY(!view->scene().pointOf.contains(id));
        QCOMPARE(QDir(m_dir.filePath(QStringLiteral("xdg/Trash/files"))).entryList(QDir::Files).size(),
                 int(expected.size()));

        QVERIFY(f.window->peopleActions()->undoAction()->isEnabled());
        f.window->peopleActions()->undoAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(f.window->isIdle() && view->count() == 40, 30000);
        // Back among their neighbours, the others unmoved (or, past a fifth of the map, laid
        // out again).
        QCOMPARE(page->service()->map().change, expected.size() <= 8 ? MapUpdater::Change::Placed
                                                                     : MapUpdater::Change::Computed);
        QCOMPARE(test::treeChecksums(m_photos), files);

        // A photo from outside the library, asked about while the map shows: a pin among the
        // photos most like it, and the map stays.
        const QDir holidays(test::dataPath(QStringLiteral("images/holidays-dev/jpg")));
        const QString outside = holidays.filePath(holidays.entryList(QDir::Files, QDir::Name).value(20));
        QVERIFY(!view->scene().marker);
        f.window->photosPage()->query()->queryFile(outside);
        QTRY_VERIFY_WITH_TIMEOUT(view->scene().marker.has_value(), 30000);
        QVERIFY(f.window->isMapShown() && f.window->isPhotosShown());
        QVERIFY(std::isfinite(view->scene().marker->x()));
        QCOMPARE(f.sink.errors(), 0);
        f.window->close();
    }
};

QTEST_MAIN(TestPhotoMapPage)
#include "tst_photomappage.moc"
