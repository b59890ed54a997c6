// The Photos side of the main window: PhotoCatalog/PhotoLibrary list a library's photos,
// PhotoGridModel groups them by folder (a header per folder) and by date, thumbnails come
// from a ThumbnailCache in photo mode, and the Faces | Photos switch keeps each side's state
// and is remembered.
#include "facegridmodel.h"
#include "faceactions.h"
#include "facecatalog.h"
#include "facegridview.h"
#include "labelsidebar.h"
#include "photocatalog.h"
#include "photogridmodel.h"
#include "photogridview.h"
#include "photolibrary.h"
#include "photospage.h"
#include "peopleactions.h"
#include "photoviewer.h"
#include "thumbnailcache.h"
#include "filetree.h"
#include "uitestsupport.h"
#include "windowfixture.h"
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike;
using namespace lookalike::ui;

namespace {

// A real JPEG of `size`, its mtime set to `mtime` (the grid's date when none is taken).
QString writePhoto(const QString& path, QSize size, const QDateTime& mtime, QColor colour)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    QPainter(&image).fillRect(QRect(QPoint(0, 0), size / 2), Qt::white);
    if (!image.save(path, "JPG", 90))
        return {};
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite) ||
        !file.setFileTime(mtime, QFileDevice::FileModificationTime))
        return {};
    return path;
}

} // namespace

class TestPhotosPage : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_library;
    QStringList m_photos; // as written: b/ first, out of date order

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QDateTime day(QDate(2024, 5, 1), QTime(12, 0));
        // Folder "b" sorts after "a"; within a folder the order is by date, not by name.
        m_photos << writePhoto(m_dir.filePath("photos/b/z-first.jpg"), {300, 200}, day, Qt::red)
                 << writePhoto(m_dir.filePath("photos/b/a-second.jpg"), {200, 300},
                               day.addDays(1), Qt::green)
                 << writePhoto(m_dir.filePath("photos/a/m-only.jpg"), {320, 240},
                               day.addDays(5), Qt::blue)
                 << writePhoto(m_dir.filePath("photos/b/c-third.jpg"), {240, 240},
                               day.addDays(2), Qt::yellow);
        QVERIFY(!m_photos.contains(QString()));
        m_library = m_dir.filePath("photos.lookalike");
        // No faces at all: a photo without faces is a normal photo.
        QVERIFY(test::makeSyntheticLibrary(m_library, m_photos, 0));
    }

    void catalogSortsByFolderThenDate()
    {
        auto library = Library::open(m_library, Library::Mode::ReadOnly);
        QVERIFY(library);
        std::vector<PhotoInfo> photos = PhotoCatalog::block(**library, 0, 0);
        QCOMPARE(photos.size(), size_t(4));
        QCOMPARE(PhotoCatalog::lastId(**library), photos.back().id);
        // Blocks of ids: the first two, then the rest.
        const qint64 firstId = photos.front().id;
        QCOMPARE(PhotoCatalog::block(**library, firstId - 1, 2).size(), size_t(2));
        QCOMPARE(PhotoCatalog::block(**library, firstId + 1, 0).size(), size_t(2));
        PhotoCatalog::sortForDisplay(photos);
        QStringList names;
        for (const PhotoInfo& p : photos)
            names << QFileInfo(p.path).fileName();
        QCOMPARE(names, QStringList({"m-only.jpg", "z-first.jpg", "a-second.jpg", "c-third.jpg"}));
        QCOMPARE(photos.front().width, 150); // as the library stores it
        QCOMPARE(photos.front().takenMs, qint64(0)); // this library knows no dates taken
    }

    void modelGroupsPhotosUnderFolderHeaders()
    {
        ThumbnailCache::Options options;
        options.photos = true;
        ThumbnailCache thumbnails(options);
        thumbnails.setLibrary(m_library);
        PhotoLibrary photos;
        PhotoGridModel model(&thumbnails);
        QAbstractItemModelTester tester(&model);
        QSignalSpy changed(&photos, &PhotoLibrary::changed);
        photos.open(m_library);
        QTRY_VERIFY(photos.isLoaded());
        model.setPhotos(photos.photos());
        QCOMPARE(model.photoCount(), 4);
        QCOMPARE(model.folderCount(), 2);
        QCOMPARE(model.rowCount(), 6);
        QVERIFY(model.isHeader(0));
        QCOMPARE(model.index(0).data(PhotoGridModel::PathRole).toString(),
                 m_dir.filePath("photos/a"));
        QCOMPARE(model.index(0).data(PhotoGridModel::CountRole).toInt(), 1);
        QCOMPARE(model.index(1).data(Qt::DisplayRole).toString(), QStringLiteral("m-only.jpg"));
        QVERIFY(model.isHeader(2));
        QCOMPARE(model.index(2).data(PhotoGridModel::CountRole).toInt(), 3);
        QCOMPARE(model.index(3).data(Qt::DisplayRole).toString(), QStringLiteral("z-first.jpg"));
        QCOMPARE(model.index(5).data(Qt::DisplayRole).toString(), QStringLiteral("c-third.jpg"));
        // Headers cannot be selected; photos can.
        QCOMPARE(model.flags(model.index(2)) & Qt::ItemIsSelectable, Qt::ItemFlags());
        QVERIFY(model.flags(model.index(3)) & Qt::ItemIsSelectable);
        QCOMPARE(model.rowOf(model.photo(5)->id), 5);
        QCOMPARE(model.photoIds(0, 5).size(), size_t(4));

        // Thumbnails are whole photos, aspect kept: 200 x 300 at side 64 is 43 x 64.
        thumbnails.setSide(64);
        const qint64 tall = model.photo(4)->id;
        QVERIFY(model.index(4).data(Qt::DecorationRole).value<QPixmap>().isNull());
        QTRY_VERIFY(thumbnails.contains(tall));
        const QPixmap pixmap = model.index(4).data(Qt::DecorationRole).value<QPixmap>();
        QCOMPARE(pixmap.height(), 64);
        QVERIFY(qAbs(pixmap.width() - 43) <= 1);
        QCOMPARE(model.index(4).data(PhotoGridModel::ThumbnailStateRole).toInt(),
                 int(PhotoGridModel::Ready));
    }

    void missingPhotoThumbnailFails()
    {
        const QString lib = m_dir.filePath("gone.lookalike");
        const QString gone = writePhoto(m_dir.filePath("gone/x.jpg"), {50, 50},
                                        QDateTime::currentDateTime(), Qt::gray);
        QVERIFY(test::makeSyntheticLibrary(lib, {gone}, 0));
        QVERIFY(QFile::remove(gone));
        ThumbnailCache::Options options;
        options.photos = true;
        ThumbnailCache thumbnails(options);
        thumbnails.setLibrary(lib);
        auto library = Library::open(lib, Library::Mode::ReadOnly);
        const qint64 id = PhotoCatalog::lastId(**library);
        thumbnails.request(id);
        QTRY_VERIFY(thumbnails.failed(id));
    }

    void arrowKeysStepOverFolderHeaders()
    {
        ThumbnailCache::Options options;
        options.photos = true;
        ThumbnailCache thumbnails(options);
        PhotosPage page(&thumbnails);
        page.resize(900, 600);
        page.setLibrary(m_library);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_COMPARE(page.model()->photoCount(), 4);
        QCOMPARE(page.title(), QStringLiteral("Photos — 4 photos in 2 folders"));
        PhotoGridView* grid = page.grid();
        // Headers take a whole line: the folder a's only photo sits alone on its line.
        QVERIFY(grid->visualRect(page.model()->index(0)).width() > 600);
        QVERIFY(grid->visualRect(page.model()->index(3)).top() >
                grid->visualRect(page.model()->index(1)).bottom());
        grid->setFocus();
        grid->setCurrentIndex(page.model()->index(1));
        QTest::keyClick(grid, Qt::Key_Right);
        QCOMPARE(grid->currentIndex().row(), 3); // over the header of folder b
        QTest::keyClick(grid, Qt::Key_Right);
        QCOMPARE(grid->currentPhotoId(), page.model()->photo(4)->id);
        QTest::keyClick(grid, Qt::Key_Home); // the first photo, not the first header
        QCOMPARE(grid->currentIndex().row(), 1);
        QTest::keyClick(grid, Qt::Key_End);
        QCOMPARE(grid->currentIndex().row(), 5);
        grid->selectAll(); // the photos, not the headers
        QCOMPARE(grid->selectedPhotoIds(),
                 std::vector<qint64>({page.model()->photo(1)->id, page.model()->photo(3)->id,
                                      page.model()->photo(4)->id, page.model()->photo(5)->id}));
        QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy(), 20000);
    }

    void doubleClickOpensThePhoto()
    {
        ThumbnailCache::Options options;
        options.photos = true;
        ThumbnailCache thumbnails(options);
        QWidget window;
        auto* page = new PhotosPage(&thumbnails, &window);
        window.resize(900, 600);
        page->resize(900, 600);
        page->setLibrary(m_library);
        window.show();
        QTRY_COMPARE(page->model()->photoCount(), 4);
        const QModelIndex tile = page->model()->index(1);
        QTRY_VERIFY(page->grid()->viewport()->rect().contains(
            page->grid()->visualRect(tile).center()));
        const QPoint centre = page->grid()->visualRect(tile).center();
        QSignalSpy activated(page->grid(), &PhotoGridView::photoActivated);
        // A double click is a press and release, then a press that turns into a double click.
        QTest::mouseClick(page->grid()->viewport(), Qt::LeftButton, {}, centre);
        QTest::mouseDClick(page->grid()->viewport(), Qt::LeftButton, {}, centre);
        QCOMPARE(activated.count(), 1);
        PhotoViewer* viewer = nullptr;
        QTRY_VERIFY((viewer = window.findChild<PhotoViewer*>()) != nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(viewer->isLoaded(), 20000);
        QCOMPARE(viewer->windowTitle(), QStringLiteral("m-only.jpg"));
        QCOMPARE(viewer->boxCount(), 0);
        viewer->close();
    }

    // Delete on the photos grid: the photos go to the desktop trash and leave the grid (and
    // their faces the face grid); Ctrl+Z brings them back, files byte for byte.
    void deleteMovesPhotosToTheTrashAndUndoBringsThemBack()
    {
        QTemporaryDir dir;
        qputenv("XDG_DATA_HOME", QFile::encodeName(dir.filePath(QStringLiteral("xdg"))));
        QStringList photos;
        for (const QString& p : m_photos) {
            photos << dir.filePath(QStringLiteral("photos/") + QDir(m_dir.filePath("photos")).relativeFilePath(p));
            QVERIFY(QDir().mkpath(QFileInfo(photos.back()).absolutePath()));
            QVERIFY(QFile::copy(p, photos.back()));
        }
        const QString library = dir.filePath("trash.lookalike");
        QVERIFY(test::makeSyntheticLibrary(library, photos, 1, {"Amy"}));
        const auto files = test::treeChecksums(dir.filePath(QStringLiteral("photos")));
        test::WindowFixture f(std::nullopt, dir.path());
        f.window->show();
        f.window->openLibrary(library);
        QTRY_VERIFY(f.catalog.isLoaded());
        QTest::keyClick(f.window.get(), Qt::Key_2, Qt::ControlModifier);
        PhotosPage* page = f.window->photosPage();
        QTRY_COMPARE(page->model()->photoCount(), 4);
        PhotoGridView* grid = page->grid();
        grid->setFocus();
        grid->setCurrentIndex(page->model()->index(1)); // the first photo under the first header
        const std::vector<qint64> chosen = grid->selectedPhotoIds();
        QCOMPARE(chosen.size(), size_t(1));
        const QString path = page->model()->index(1).data(PhotoGridModel::PathRole).toString();
        QVERIFY(QFileInfo::exists(path));

        QTest::keyClick(grid, Qt::Key_Delete);
        QTRY_VERIFY_WITH_TIMEOUT(f.window->isIdle() && page->model()->photoCount() == 3, 20000);
        QVERIFY(!QFileInfo::exists(path));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("xdg/Trash/files/")) + QFileInfo(path).fileName()));
        QTRY_COMPARE(f.window->gridModel()->rowCount(), 3); // its face left the face grid
        QVERIFY(f.window->statusBar()->currentMessage().contains(QStringLiteral("trash")));

        QVERIFY(f.window->peopleActions()->undoAction()->isEnabled());
        f.window->peopleActions()->undoAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(f.window->isIdle() && page->model()->photoCount() == 4, 20000);
        QCOMPARE(test::treeChecksums(dir.filePath(QStringLiteral("photos"))), files);
        QTRY_COMPARE(f.window->gridModel()->rowCount(), 4);
        f.window->close();
    }

    // The status bar counts every photo: a library without faces (imported photos only) is
    // not "0 faces in 0 photos"; in Photos it speaks of photos and folders first.
    void statusBarCountsThePhotos()
    {
        QTemporaryDir dir;
        test::WindowFixture f(std::nullopt, dir.path());
        f.window->show();
        f.window->openLibrary(m_library); // 4 photos in 2 folders, no faces
        QTRY_VERIFY(f.catalog.isLoaded() && f.window->photosPage()->photos()->isLoaded());
        QTRY_COMPARE(f.window->summaryText(),
                     QStringLiteral("photos: 4 photos, no faces found yet"));
        // The empty face grid says where the photos are, not "import a folder".
        QVERIFY2(f.window->grid()->emptyText().startsWith(
                     QStringLiteral("No faces found yet in the 4 photos")),
                 qPrintable(f.window->grid()->emptyText()));
        QTest::keyClick(f.window.get(), Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(f.window->summaryText(),
                 QStringLiteral("photos: 4 photos in 2 folders, no faces found yet"));

        // With faces: how many, in how many of the photos.
        const QString faces = dir.filePath("faces.lookalike");
        QVERIFY(test::makeSyntheticLibrary(faces, m_photos.mid(0, 3), 2, {"Amy", ""}));
        QVERIFY(test::makeSyntheticLibrary(faces, m_photos.mid(3), 0));
        f.window->openLibrary(faces);
        QTRY_VERIFY(f.catalog.isLoaded() && f.window->photosPage()->photos()->isLoaded());
        QTRY_COMPARE(f.window->summaryText(),
                     QStringLiteral("faces: 4 photos in 2 folders; 6 faces in 3 of them"));
        QTest::keyClick(f.window.get(), Qt::Key_1, Qt::ControlModifier);
        QVERIFY2(f.window->summaryText().startsWith(
                     QStringLiteral("faces: 6 faces in 3 of 4 photos, 1 person named")),
                 qPrintable(f.window->summaryText()));
        f.window->closeLibrary();
        QCOMPARE(f.window->summaryText(), QStringLiteral("No library open."));
    }

    void switchKeepsEachSidesStateAndIsRemembered()
    {
        QTemporaryDir dir;
        const QString faces = dir.filePath("faces.lookalike");
        QVERIFY(test::makeSyntheticLibrary(faces, m_photos, 2, {"Amy", ""}));
        {
            test::WindowFixture f(std::nullopt, dir.path());
            f.window->show();
            f.window->openLibrary(faces);
            QTRY_VERIFY(f.catalog.isLoaded());
            QTRY_COMPARE(f.window->gridModel()->rowCount(), 8);
            QVERIFY(!f.window->isPhotosShown());
            f.window->grid()->setCurrentIndex(f.window->gridModel()->index(5));
            const qint64 face = f.window->grid()->currentFaceId();

            QTest::keyClick(f.window.get(), Qt::Key_2, Qt::ControlModifier);
            QVERIFY(f.window->isPhotosShown());
            QVERIFY(!f.window->sidebar()->isVisible());
            QTRY_COMPARE(f.window->photosPage()->model()->photoCount(), 4);
            PhotoGridView* photos = f.window->photosPage()->grid();
            photos->setCurrentIndex(f.window->photosPage()->model()->index(4));
            const qint64 photo = photos->currentPhotoId();

            QTest::keyClick(f.window.get(), Qt::Key_1, Qt::ControlModifier);
            QVERIFY(!f.window->isPhotosShown());
            QVERIFY(f.window->sidebar()->isVisible());
            QCOMPARE(f.window->grid()->currentFaceId(), face);
            QTest::keyClick(f.window.get(), Qt::Key_2, Qt::ControlModifier);
            QCOMPARE(photos->currentPhotoId(), photo);

            // From a face, "Photos with this face" switches to its photo.
            QTest::keyClick(f.window.get(), Qt::Key_1, Qt::ControlModifier);
            f.window->grid()->setCurrentIndex(f.window->gridModel()->index(0));
            const qint64 image = f.catalog.find(f.window->grid()->currentFaceId())->imageId;
            QVERIFY(image != photo);
            f.window->faceActions()->updateEnabled();
            QVERIFY(f.window->faceActions()->inPhotosAction()->isEnabled());
            f.window->faceActions()->inPhotosAction()->trigger();
            QVERIFY(f.window->isPhotosShown());
            QCOMPARE(photos->currentPhotoId(), image);
            QCOMPARE(photos->selectedPhotoIds(), std::vector<qint64>{image});
            QTRY_VERIFY_WITH_TIMEOUT(f.window->isIdle(), 20000);
            f.window->close();
        }
        test::WindowFixture g(std::nullopt, dir.path()); // the same settings file
        QVERIFY(g.window->isPhotosShown());
    }
};

QTEST_MAIN(TestPhotosPage)
#include "tst_photospage.moc"
