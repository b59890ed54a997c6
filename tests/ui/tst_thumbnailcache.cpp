// ThumbnailCache: placeholder first then the real pixmap, memory hits, disk hits after a
// new cache instance, the memory bound, the queue bound, and failures for missing photos.
// Real photos from ../shared/data (copied into a temp folder); faces without landmarks, so
// the box crop is used.
#include "facecatalog.h"
#include "facegridmodel.h"
#include "thumbnailcache.h"
#include "thumbnailjob.h"
#include "uitestsupport.h"
#include <QDirIterator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike;
using namespace lookalike::ui;

class TestThumbnailCache : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_library;
    std::vector<qint64> m_ids;

    ThumbnailCache::Options options(const QString& disk)
    {
        ThumbnailCache::Options o;
        o.diskDir = disk;
        o.threads = 2;
        return o;
    }
    int diskFiles(const QString& disk)
    {
        int n = 0;
        QDirIterator it(disk, {QStringLiteral("*.jpg")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            ++n;
        }
        return n;
    }

private slots:
    void initTestCase()
    {
        REQUIRE_TEST_DATA("faces/lfw-devtrain/images");
        QStringList photos;
        QDirIterator it(test::dataPath(QStringLiteral("faces/lfw-devtrain/images")),
                        {QStringLiteral("*.jpg")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext() && photos.size() < 40) {
            const QString source = it.next();
            const QString copy = m_dir.filePath(QStringLiteral("photos/%1.jpg").arg(photos.size()));
            QDir().mkpath(QFileInfo(copy).absolutePath());
            QVERIFY(QFile::copy(source, copy));
            photos << copy;
        }
        m_library = m_dir.filePath(QStringLiteral("lib.lookalike"));
        QVERIFY(test::makeSyntheticLibrary(m_library, photos, 2));
        FaceCatalog catalog;
        catalog.open(m_library);
        QTRY_VERIFY(catalog.isLoaded());
        m_ids = catalog.ids();
        QCOMPARE(m_ids.size(), size_t(80));
    }

    void placeholderThenPixmapThenMemoryHit()
    {
        const QString disk = m_dir.filePath(QStringLiteral("cache1"));
        ThumbnailCache cache(options(disk));
        cache.setLibrary(m_library);
        cache.setSide(96);
        QSignalSpy ready(&cache, &ThumbnailCache::ready);
        const qint64 id = m_ids.front();
        QVERIFY(cache.find(id).isNull());
        cache.request(id);
        QVERIFY(cache.find(id).isNull()); // nothing is done on the calling thread
        QTRY_VERIFY(!cache.find(id).isNull());
        QVERIFY(ready.count() >= 1);
        QCOMPARE(cache.find(id).size(), QSize(96, 96));
        const auto before = cache.stats();
        QCOMPARE(before.rendered, 1);
        QCOMPARE(before.diskHits, 0);
        QVERIFY(!cache.find(id).isNull());
        QCOMPARE(cache.stats().memoryHits, before.memoryHits + 1);
        QTRY_COMPARE(diskFiles(disk), 1);
    }

    void diskHitAfterANewInstance()
    {
        const QString disk = m_dir.filePath(QStringLiteral("cache2"));
        {
            ThumbnailCache cache(options(disk));
            cache.setLibrary(m_library);
            cache.prefetch({m_ids[0], m_ids[1], m_ids[2]});
            QTRY_VERIFY(cache.isIdle());
            QCOMPARE(cache.stats().rendered, 3);
        }
        ThumbnailCache fresh(options(disk));
        fresh.setLibrary(m_library);
        QVERIFY(fresh.find(m_ids[1]).isNull());
        fresh.prefetch({m_ids[0], m_ids[1], m_ids[2]});
        QTRY_VERIFY(fresh.isIdle());
        QCOMPARE(fresh.stats().diskHits, 3);
        QCOMPARE(fresh.stats().rendered, 0);
        QVERIFY(!fresh.find(m_ids[1]).isNull());
    }

    void diskKeyFollowsTheFile()
    {
        FaceRecord face;
        face.id = 7;
        face.path = QStringLiteral("/photos/a.jpg");
        face.box = QRectF(0.1, 0.2, 0.3, 0.4);
        const QString a = ThumbnailJob::diskPath(QStringLiteral("/c"), face, 100, 5000);
        QCOMPARE(ThumbnailJob::diskPath(QStringLiteral("/c"), face, 100, 5000), a);
        QVERIFY(ThumbnailJob::diskPath(QStringLiteral("/c"), face, 101, 5000) != a);
        QVERIFY(ThumbnailJob::diskPath(QStringLiteral("/c"), face, 100, 5001) != a);
        face.id = 8;
        QVERIFY(ThumbnailJob::diskPath(QStringLiteral("/c"), face, 100, 5000) != a);
    }

    void memoryStaysWithinItsBound()
    {
        ThumbnailCache::Options o = options({});
        o.memoryBytes = 10 * 64 * 64 * 4; // ten 64 px thumbnails
        ThumbnailCache cache(o);
        cache.setLibrary(m_library);
        cache.setSide(64);
        cache.prefetch(std::vector<qint64>(m_ids.begin(), m_ids.begin() + 40));
        QTRY_VERIFY_WITH_TIMEOUT(cache.isIdle(), 30000);
        QCOMPARE(cache.stats().rendered, 40);
        QVERIFY2(cache.memoryCount() <= 10, qPrintable(QString::number(cache.memoryCount())));
        QVERIFY(cache.memoryBytes() <= o.memoryBytes);
    }

    void queueKeepsTheNewestRequests()
    {
        ThumbnailCache::Options o = options({});
        o.maxQueued = 10;
        o.threads = 1;
        o.batchSize = 2;
        ThumbnailCache cache(o);
        cache.setLibrary(m_library);
        for (qint64 id : m_ids)
            cache.request(id); // like a fast scroll: all painted in one go
        QTRY_VERIFY_WITH_TIMEOUT(cache.isIdle(), 30000);
        const qint64 done = cache.stats().rendered;
        QVERIFY2(done <= 10, qPrintable(QString::number(done)));
        // The newest requests (the last painted) are the ones served.
        QVERIFY(!cache.find(m_ids.back()).isNull());
        QVERIFY(cache.find(m_ids.front()).isNull());
    }

    void missingPhotoFails()
    {
        QTemporaryDir dir;
        const QString photo = dir.filePath(QStringLiteral("gone.jpg"));
        const QString lib = dir.filePath(QStringLiteral("gone.lookalike"));
        QVERIFY(test::makeSyntheticLibrary(lib, {photo}, 1));
        FaceCatalog catalog;
        catalog.open(lib);
        QTRY_VERIFY(catalog.isLoaded());
        ThumbnailCache cache(options({}));
        cache.setLibrary(lib);
        const qint64 id = catalog.ids().front();
        cache.request(id);
        QTRY_VERIFY(cache.failed(id));
        QVERIFY(cache.find(id).isNull());
        QCOMPARE(cache.stats().failed, 1);
    }

    void modelShowsPlaceholderThenThumbnail()
    {
        FaceCatalog catalog;
        catalog.open(m_library);
        QTRY_VERIFY(catalog.isLoaded());
        ThumbnailCache cache(options({}));
        cache.setLibrary(m_library);
        FaceGridModel model(&catalog, &cache);
        model.setRows({{m_ids[5], NAN}});
        const QModelIndex index = model.index(0);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(!index.data(Qt::DecorationRole).isValid());
        QCOMPARE(index.data(FaceGridModel::ThumbnailStateRole).toInt(),
                 int(FaceGridModel::Loading));
        QTRY_VERIFY(changed.count() >= 1);
        QVERIFY(!index.data(Qt::DecorationRole).value<QPixmap>().isNull());
        QCOMPARE(index.data(FaceGridModel::ThumbnailStateRole).toInt(), int(FaceGridModel::Ready));
    }
};

QTEST_MAIN(TestThumbnailCache)
#include "tst_thumbnailcache.moc"
