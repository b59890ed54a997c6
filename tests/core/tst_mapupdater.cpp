// MapUpdater and MapStore on a real SQLite library: the map is computed once, kept, brought
// up to date by placing new faces, forgets removed ones, and is redone when much changed.
#include "database.h"
#include "fixtures.h"
#include "library.h"
#include "mappoints.h"
#include "mapstore.h"
#include "mapupdater.h"
#include <QTemporaryDir>
#include <QtTest>
#include <map>

using namespace lookalike;
using lookalike::test::fakeImage;

namespace {

const QString kModel = QStringLiteral("m");

} // namespace

class TestMapUpdater : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Library> m_library;
    qint64 m_root = 0;
    MapUpdater::Options m_options;

    void addImages(int first, int count)
    {
        std::vector<ImageResult> batch;
        for (int i = first; i < first + count; ++i)
            batch.push_back(fakeImage(QStringLiteral("/photos/p%1.jpg").arg(i), 1, quint32(i)));
        QVERIFY(m_library->storeResults(m_root, batch, kModel, 512));
    }

    MapUpdater::Result update()
    {
        auto r = MapUpdater::update(*m_library, kModel, m_options);
        if (!r)
            qFatal("%s", qPrintable(r.error()));
        return *r;
    }

private slots:
    void init()
    {
        static int n = 0;
        auto lib = Library::open(m_dir.filePath(QStringLiteral("lib%1.db").arg(++n)),
                                 Library::Mode::OpenOrCreate);
        QVERIFY(lib);
        m_library = std::move(*lib);
        m_root = *m_library->ensureRoot(QStringLiteral("/photos"), false, true);
        m_options = {};
        m_options.layout.epochs = 60;
        addImages(0, 300);
    }

    void computedOnceThenKept()
    {
        const MapUpdater::Result first = update();
        QCOMPARE(first.change, MapUpdater::Change::Computed);
        QCOMPARE(first.ids.size(), size_t(300));
        QCOMPARE(first.positions.size(), size_t(600));
        QVERIFY(std::is_sorted(first.ids.begin(), first.ids.end()));

        const MapUpdater::Result again = update();
        QCOMPARE(again.change, MapUpdater::Change::None);
        QCOMPARE(test::mapPoints(again), test::mapPoints(first));
        auto cached = MapUpdater::cached(*m_library, kModel, m_options.layout);
        QVERIFY(cached);
        QCOMPARE(test::mapPoints(*cached), test::mapPoints(first));
        // Another way of computing it does not count as the same map.
        MapLayout::Options other = m_options.layout;
        other.seed = 9;
        QVERIFY(MapUpdater::cached(*m_library, kModel, other)->ids.empty());
    }

    void newItemsArePlacedAndOthersStay()
    {
        const auto before = test::mapPoints(update());
        addImages(300, 20);
        QVERIFY(MapUpdater::cached(*m_library, kModel, m_options.layout)->ids.empty()); // stale
        const MapUpdater::Result r = update();
        QCOMPARE(r.change, MapUpdater::Change::Placed);
        QCOMPARE(r.placed, 20);
        const auto after = test::mapPoints(r);
        QCOMPARE(after.size(), size_t(320));
        for (const auto& [id, p] : before)
            QCOMPARE(after.at(id), p);
        // Kept in the library: the next update has nothing to do.
        QCOMPARE(update().change, MapUpdater::Change::None);
        auto stored = MapStore::load(*m_library, kModel);
        QVERIFY(stored && *stored);
        QCOMPARE((*stored)->placedCount, 20);
        QCOMPARE((*stored)->fullCount, 300);
    }

    void removedItemsLeaveTheMap()
    {
        const auto before = test::mapPoints(update());
        const auto images = m_library->images(m_root);
        std::vector<qint64> gone{images.value(QStringLiteral("/photos/p3.jpg")).id,
                                 images.value(QStringLiteral("/photos/p7.jpg")).id};
        QVERIFY(m_library->removeImages(gone));
        const MapUpdater::Result r = update();
        QCOMPARE(r.change, MapUpdater::Change::None);
        const auto after = test::mapPoints(r);
        QCOMPARE(after.size(), size_t(298));
        for (const auto& [id, p] : after)
            QCOMPARE(before.at(id), p);
        Statement left = m_library->database().prepare("SELECT count(*) FROM map_points");
        QVERIFY(left.next());
        QCOMPARE(left.integer(0), 298);
    }

    void manyNewItemsRedoTheMap()
    {
        update();
        addImages(300, 100); // a third more: more than placeShare
        const MapUpdater::Result r = update();
        QCOMPARE(r.change, MapUpdater::Change::Computed);
        QCOMPARE(r.ids.size(), size_t(400));
        auto stored = MapStore::load(*m_library, kModel);
        QCOMPARE((*stored)->fullCount, 400);
        QCOMPARE((*stored)->placedCount, 0);
    }

    void placementsAddUpToARedo()
    {
        update();
        m_options.placeShare = 0.1;
        addImages(300, 20);
        QCOMPARE(update().change, MapUpdater::Change::Placed);
        addImages(320, 20); // 40 placed of 340: over a tenth
        QCOMPARE(update().change, MapUpdater::Change::Computed);
    }

    void recomputeOnRequest()
    {
        update();
        m_options.recompute = true;
        QCOMPARE(update().change, MapUpdater::Change::Computed);
    }

    void emptyLibraryHasAnEmptyMap()
    {
        auto lib =
            Library::open(m_dir.filePath(QStringLiteral("empty.db")), Library::Mode::OpenOrCreate);
        QVERIFY(lib);
        auto r = MapUpdater::update(**lib, kModel, m_options);
        QVERIFY2(r, qPrintable(r.error()));
        QVERIFY(r->ids.empty());
    }
};

QTEST_GUILESS_MAIN(TestMapUpdater)
#include "tst_mapupdater.moc"
