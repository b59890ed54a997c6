// The photos' map (PhotoMap) on a real SQLite library of real photos (Holidays, indexed
// photos-only by the CLI), laid out with the real FAISS neighbour search: computed from the
// look vectors, kept apart from the faces' map, read back unchanged by another connection,
// and brought up to date when a photo is removed (LabelEditor::removePhotos) and brought
// back (undo), the other photos staying where they were.
#include "clirun.h"
#include "database.h"
#include "labeleditor.h"
#include "library.h"
#include "mappoints.h"
#include "mapstore.h"
#include "photodescriber.h"
#include "photomap.h"
#include "testdata.h"
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <map>

using namespace lookalike;

namespace {

const QString kHolidays = QStringLiteral("images/holidays-dev/jpg");

} // namespace

class TestPhotoMap : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_library;

    std::unique_ptr<Library> open()
    {
        auto lib = Library::open(m_library, Library::Mode::OpenExisting);
        if (!lib)
            qFatal("%s", qPrintable(lib.error()));
        return std::move(*lib);
    }

    static std::vector<qint64> photoIds(Library& library)
    {
        std::vector<qint64> out;
        Statement q = library.database().prepare(
            "SELECT image_id FROM items WHERE kind = 1 ORDER BY image_id");
        while (q.next())
            out.push_back(q.integer(0));
        return out;
    }

    static MapUpdater::Options options()
    {
        MapUpdater::Options options;
        options.layout.epochs = 100;
        return options;
    }

    static MapUpdater::Result update(Library& library)
    {
        auto r = PhotoMap::update(library, options());
        if (!r)
            qFatal("%s", qPrintable(r.error()));
        return *r;
    }

private slots:
    // 60 Holidays photos in two folders, indexed photos-only.
    void initTestCase()
    {
        REQUIRE_TEST_DATA(kHolidays);
        QVERIFY(m_dir.isValid());
        const QString photos = m_dir.filePath(QStringLiteral("photos"));
        const QStringList files = QDir(test::dataPath(kHolidays))
                                      .entryList({QStringLiteral("*.jpg")}, QDir::Files, QDir::Name)
                                      .mid(0, 60);
        QCOMPARE(files.size(), 60);
        for (int i = 0; i < files.size(); ++i) {
            const QString folder = photos + (i % 2 ? QStringLiteral("/odd") : QStringLiteral("/even"));
            QVERIFY(QDir().mkpath(folder));
            QVERIFY(QFile::copy(test::dataPath(kHolidays) + QLatin1Char('/') + files[i],
                                folder + QLatin1Char('/') + files[i]));
        }
        m_library = m_dir.filePath(QStringLiteral("lib.db"));
        const test::Run run =
            test::cli({QStringLiteral("index"), m_library, photos, QStringLiteral("--photos-only")});
        QVERIFY2(run.code == 0, run.err.constData());
        QCOMPARE(run.json().value(QStringLiteral("photos_described")).toInt(), 60);
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("xdg"))));
    }

    void computedCachedAndReadBackUnchanged()
    {
        auto library = open();
        const MapUpdater::Result first = update(*library);
        QCOMPARE(first.change, MapUpdater::Change::Computed);
        QCOMPARE(first.ids, photoIds(*library)); // image ids, ascending
        QCOMPARE(first.positions.size(), size_t(120));
        for (float v : first.positions)
            QVERIFY(std::isfinite(v));
        // Kept under the photos' kind and look model; the faces have no map.
        Statement kind = library->database().prepare(
            "SELECT maps.kind, models.name FROM maps JOIN models ON models.id = maps.model_id");
        QVERIFY(kind.next());
        QCOMPARE(kind.integer(0), qint64(ItemKind::Image));
        QCOMPARE(kind.text(1), QString::fromLatin1(PhotoDescriber::kLookModel));
        QVERIFY(!kind.next());
        kind.reset();
        auto faces = MapStore::load(*library, QString::fromLatin1(PhotoDescriber::kLookModel),
                                    ItemKind::Face);
        QVERIFY(faces && !*faces);
        QCOMPARE(update(*library).change, MapUpdater::Change::None);
        library.reset();

        auto again = open();
        auto cached = PhotoMap::cached(*again, options().layout);
        QVERIFY(cached);
        QCOMPARE(test::mapPoints(*cached), test::mapPoints(first));
    }

    void removedPhotoLeavesAndComesBackAmongTheOthers()
    {
        auto library = open();
        const MapUpdater::Result before = update(*library);
        QCOMPARE(before.ids.size(), size_t(60));
        const qint64 removed = before.ids[7];
        const qint64 generation = library->photoGeneration();
        const qint64 faceGeneration = library->vectorGeneration();
        {
            LabelEditor editor(*library);
            auto report = editor.removePhotos({removed}, {});
            QVERIFY2(report, qPrintable(report ? QString() : report.error()));
            QCOMPARE(report->photosRemoved, 1);
        }
        QVERIFY(library->photoGeneration() != generation);
        QCOMPARE(library->vectorGeneration(), faceGeneration);
        auto stale = PhotoMap::cached(*library, options().layout);
        QVERIFY(stale && stale->ids.empty()); // out of date until updated

        const MapUpdater::Result after = update(*library);
        QCOMPARE(after.change, MapUpdater::Change::None); // nothing to place, nothing moves
        QCOMPARE(after.ids.size(), size_t(59));
        auto expected = test::mapPoints(before);
        expected.erase(removed);
        QCOMPARE(test::mapPoints(after), expected);

        {
            LabelEditor editor(*library);
            auto undone = editor.undo();
            QVERIFY2(undone, qPrintable(undone ? QString() : undone.error()));
        }
        const MapUpdater::Result back = update(*library);
        QCOMPARE(back.change, MapUpdater::Change::Placed);
        QCOMPARE(back.placed, qint64(1));
        QCOMPARE(back.ids, before.ids); // the photo keeps its image id
        auto placed = test::mapPoints(back);
        const auto at = placed.at(removed);
        QVERIFY(std::isfinite(at.first) && std::isfinite(at.second));
        placed.erase(removed);
        QCOMPARE(placed, expected); // the others did not move
    }
};

QTEST_GUILESS_MAIN(TestPhotoMap)
#include "tst_photomap.moc"
