// Whole photos end to end on a small real library: a temporary folder of INRIA Holidays photos
// (read-only originals, copied), edited copies of two of them (PhotoVariants), a byte-identical
// copy and a burst-like pair (another shot of one scene). Indexed photos-only with the CLI as a
// user would; then query --photos, dupes --photos (groups, keeper, CSV) and "not duplicates".
#include "clirun.h"
#include "filetree.h"
#include "library.h"
#include "photoduplicatefinder.h"
#include "photokeeper.h"
#include "photosearcher.h"
#include "photostore.h"
#include "photovariants.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include "testdata.h"

using namespace lookalike;

namespace {

const char* const kHolidays = "images/holidays-dev/jpg";

QString holiday(const QString& name)
{
    return test::dataPath(QStringLiteral("%1/%2").arg(QLatin1String(kHolidays), name));
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

class TestPhotoSearch : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_photos;
    QString m_library;
    QStringList m_variantsOfA; // file names of the edited copies of a.jpg

private slots:
    void initTestCase();
    void keeperPrefersLargestThenOriginalThenOldest();
    void queryFindsCopiesFirstThenLookAlikes();
    void dupesGroupsCopiesAndNotBursts();
    void notDuplicatesAreRemembered();
    void fullIndexAfterPhotosOnlyKeepsIdsAndVerdicts();
    void removeOthersSetsCopiesAsideAndUndoPutsThemBack();
};

void TestPhotoSearch::initTestCase()
{
    REQUIRE_TEST_DATA(kHolidays);
    QVERIFY(m_dir.isValid());
    m_photos = m_dir.filePath(QStringLiteral("photos"));
    m_library = m_dir.filePath(QStringLiteral("lib.db"));
    QVERIFY(QDir().mkpath(m_photos));
    const QStringList distinct = {"100100.jpg", "100200.jpg", "100500.jpg", "100700.jpg", "101000.jpg"};
    for (const QString& name : distinct)
        QVERIFY(QFile::copy(holiday(name), m_photos + QLatin1Char('/') + name));
    // a.jpg with its edited copies and an exact copy; its burst partner b.jpg.
    QVERIFY(QFile::copy(holiday(QStringLiteral("100000.jpg")), m_photos + QStringLiteral("/a.jpg")));
    QVERIFY(QFile::copy(holiday(QStringLiteral("100000.jpg")), m_photos + QStringLiteral("/a copy.jpg")));
    QVERIFY(QFile::copy(holiday(QStringLiteral("100001.jpg")), m_photos + QStringLiteral("/b.jpg")));
    const QImage a(holiday(QStringLiteral("100000.jpg")));
    for (const PhotoVariant& v : PhotoVariants::make(a)) {
        if (v.name != QLatin1String("half") && v.name != QLatin1String("jpeg30") &&
            v.name != QLatin1String("crop10") && v.name != QLatin1String("png"))
            continue;
        const QString name = QStringLiteral("a-%1.%2").arg(v.name, v.suffix);
        QVERIFY(writeFile(m_photos + QLatin1Char('/') + name, v.file));
        m_variantsOfA << name;
    }
    // c.jpg and a quarter-size copy: a group of two.
    const QImage c(holiday(QStringLiteral("102000.jpg")));
    QVERIFY(QFile::copy(holiday(QStringLiteral("102000.jpg")), m_photos + QStringLiteral("/c.jpg")));
    QVERIFY(writeFile(m_photos + QStringLiteral("/c-small.jpg"),
                      PhotoVariants::encode(c.scaled(c.width() / 4, c.height() / 4, Qt::IgnoreAspectRatio,
                                                     Qt::SmoothTransformation),
                                            "jpg", 85)));
    // The copy is newer: the original is the one to keep.
    QFile copy(m_photos + QStringLiteral("/a copy.jpg"));
    QVERIFY(copy.open(QIODevice::ReadWrite));
    QVERIFY(copy.setFileTime(QDateTime::currentDateTime().addDays(1), QFileDevice::FileModificationTime));
    copy.close();
    QFile orig(m_photos + QStringLiteral("/a.jpg"));
    QVERIFY(orig.open(QIODevice::ReadWrite));
    QVERIFY(orig.setFileTime(QDateTime::currentDateTime().addDays(-1), QFileDevice::FileModificationTime));
    orig.close();

    const test::Run run = test::cli({QStringLiteral("index"), m_library, m_photos, QStringLiteral("--photos-only")});
    QVERIFY2(run.code == 0, run.err.constData());
    const QJsonObject summary = run.json();
    QCOMPARE(summary.value(QStringLiteral("images_indexed")).toInt(), 14);
    QCOMPARE(summary.value(QStringLiteral("photos_described")).toInt(), 14);
    QCOMPARE(summary.value(QStringLiteral("faces")).toInt(), 0);
}

void TestPhotoSearch::keeperPrefersLargestThenOriginalThenOldest()
{
    std::vector<PhotoFacts> group(4);
    group[0] = {1, "/p/small.jpg", 800, 600, 1, "jpeg", 0, 100, {}, {}};
    group[1] = {2, "/p/big.png", 1600, 1200, 1, "png", 0, 50, {}, {}};
    group[2] = {3, "/p/big.jpg", 1600, 1200, 1, "jpeg", 0, 300, {}, {}};
    group[3] = {4, "/p/big-old.jpg", 1600, 1200, 1, "jpeg", 0, 200, {}, {}};
    QCOMPARE(PhotoKeeper::pick(group), 3); // largest, JPEG over PNG, then oldest
    group[3].takenMs = 400;                // taken later than big.jpg's file time
    QCOMPARE(PhotoKeeper::pick(group), 2);
    QCOMPARE(PhotoKeeper::pick({}), -1);
    QVERIFY(PhotoKeeper::formatRank(QStringLiteral("dng")) < PhotoKeeper::formatRank(QStringLiteral("jpeg")));
    QVERIFY(PhotoKeeper::formatRank(QStringLiteral("heic")) < PhotoKeeper::formatRank(QStringLiteral("webp")));
}

void TestPhotoSearch::queryFindsCopiesFirstThenLookAlikes()
{
    REQUIRE_TEST_DATA(kHolidays);
    const test::Run run = test::cli({QStringLiteral("query"), m_library, holiday(QStringLiteral("100000.jpg")),
                                     QStringLiteral("--photos"), QStringLiteral("-k"), QStringLiteral("3")});
    QVERIFY2(run.code == 0, run.err.constData());
    const QJsonArray photos = run.json().value(QStringLiteral("photos")).toArray();
    QHash<QString, QString> kindOf;
    QStringList order;
    for (const QJsonValue& v : photos) {
        const QString name = QFileInfo(v[QStringLiteral("path")].toString()).fileName();
        kindOf.insert(name, v[QStringLiteral("kind")].toString());
        order << name;
        const double s = v[QStringLiteral("similarity")].toDouble();
        QVERIFY(s >= 0 && s <= 1);
    }
    QCOMPARE(kindOf.value(QStringLiteral("a.jpg")), QStringLiteral("exact"));
    QCOMPARE(kindOf.value(QStringLiteral("a copy.jpg")), QStringLiteral("exact"));
    for (const QString& name : m_variantsOfA)
        QVERIFY2(kindOf.value(name) == QLatin1String("near"), qPrintable(name + ": " + kindOf.value(name)));
    QVERIFY2(kindOf.value(QStringLiteral("b.jpg")) != QLatin1String("near"), qPrintable(order.join(',')));
    QCOMPARE(photos.size(), 2 + m_variantsOfA.size() + 3);
    QCOMPARE(kindOf.value(order.last()), QStringLiteral("similar"));
    QCOMPARE(kindOf.value(order.first()), QStringLiteral("exact"));
}

void TestPhotoSearch::dupesGroupsCopiesAndNotBursts()
{
    REQUIRE_TEST_DATA(kHolidays);
    const QString csv = m_dir.filePath(QStringLiteral("pairs.csv"));
    const test::Run run = test::cli({QStringLiteral("dupes"), m_library, QStringLiteral("--photos"),
                                     QStringLiteral("--csv"), csv});
    QVERIFY2(run.code == 0, run.err.constData());
    const QJsonArray groups = run.json().value(QStringLiteral("groups")).toArray();
    QCOMPARE(groups.size(), 2);
    const QJsonObject first = groups[0].toObject();
    QCOMPARE(first.value(QStringLiteral("photos")).toArray().size(), 2 + m_variantsOfA.size());
    QCOMPARE(QFileInfo(first.value(QStringLiteral("keeper")).toString()).fileName(), QStringLiteral("a.jpg"));
    QCOMPARE(first.value(QStringLiteral("kind")).toString(), QStringLiteral("near"));
    const QJsonObject second = groups[1].toObject();
    QCOMPARE(QFileInfo(second.value(QStringLiteral("keeper")).toString()).fileName(), QStringLiteral("c.jpg"));
    for (const QJsonValue& g : groups)
        for (const QJsonValue& p : g[QStringLiteral("photos")].toArray())
            QVERIFY(!p[QStringLiteral("path")].toString().endsWith(QLatin1String("/b.jpg")));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.first(), QByteArray("path_a,path_b,kind,score"));
    QVERIFY(lines.size() >= 1 + 1 + 2 + m_variantsOfA.size());
    QVERIFY(lines.join('\n').contains(",exact,1.000000"));

    const test::Run exact = test::cli({QStringLiteral("dupes"), m_library, QStringLiteral("--photos"),
                                       QStringLiteral("--kind"), QStringLiteral("exact")});
    QVERIFY2(exact.code == 0, exact.err.constData());
    const QJsonArray exactGroups = exact.json().value(QStringLiteral("groups")).toArray();
    QCOMPARE(exactGroups.size(), 1);
    QCOMPARE(exactGroups[0][QStringLiteral("photos")].toArray().size(), 2);
}

void TestPhotoSearch::notDuplicatesAreRemembered()
{
    REQUIRE_TEST_DATA(kHolidays);
    auto library = Library::open(m_library, Library::Mode::OpenExisting);
    QVERIFY2(library, qPrintable(library.error()));
    auto groups = PhotoDuplicateFinder::find(**library, {});
    QVERIFY2(groups, qPrintable(groups.error()));
    QCOMPARE(groups->size(), size_t(2));
    const PhotoGroup pair = groups->back();
    QCOMPARE(pair.imageIds.size(), size_t(2));
    QVERIFY(PhotoStore::markNotDuplicates(**library, pair.imageIds[1], pair.imageIds[0]));
    QCOMPARE(PhotoStore::notDuplicatePairs(**library).size(), size_t(1));
    groups = PhotoDuplicateFinder::find(**library, {});
    QVERIFY(groups);
    QCOMPARE(groups->size(), size_t(1));
    // A search by image id still lists the pair's other photo, but never as a duplicate
    // of the photos that remain a group.
    auto searcher = PhotoSearcher::open(**library);
    QVERIFY(searcher);
    auto matches = searcher->search(groups->front().imageIds.front(), PhotoSearcher::Options{});
    QVERIFY2(matches, qPrintable(matches.error()));
    int copies = 0;
    for (const PhotoMatch& m : *matches)
        copies += m.kind != PhotoMatchKind::Similar ? 1 : 0;
    QCOMPARE(copies, 1 + m_variantsOfA.size());
}

// People who first imported photos only and later add the face pass re-read every file;
// the photos keep their ids, so "not duplicates" stays remembered.
void TestPhotoSearch::fullIndexAfterPhotosOnlyKeepsIdsAndVerdicts()
{
    REQUIRE_TEST_DATA(kHolidays);
    QHash<QString, qint64> idsBefore;
    {
        auto library = Library::open(m_library, Library::Mode::OpenExisting);
        QVERIFY2(library, qPrintable(library.error()));
        QVERIFY(!(*library)->roots().empty());
        for (const ImageRecord& r : (*library)->images((*library)->roots().front().id))
            idsBefore.insert(r.path, r.id);
        QCOMPARE(PhotoStore::notDuplicatePairs(**library).size(), size_t(1));
    }
    QCOMPARE(idsBefore.size(), 14);

    const test::Run run = test::cli({QStringLiteral("index"), m_library, m_photos});
    QVERIFY2(run.code == 0, run.err.constData());
    // Every photo was read again for its faces (none had them done).
    QCOMPARE(run.json().value(QStringLiteral("images_indexed")).toInt(), 14);

    auto library = Library::open(m_library, Library::Mode::OpenExisting);
    QVERIFY2(library, qPrintable(library.error()));
    QHash<QString, qint64> idsAfter;
    for (const ImageRecord& r : (*library)->images((*library)->roots().front().id)) {
        idsAfter.insert(r.path, r.id);
        QVERIFY2(r.facesDone, qPrintable(r.path));
        QVERIFY2(r.hasPhoto, qPrintable(r.path));
    }
    QCOMPARE(idsAfter, idsBefore);
    QCOMPARE(PhotoStore::notDuplicatePairs(**library).size(), size_t(1));
    auto groups = PhotoDuplicateFinder::find(**library, {});
    QVERIFY2(groups, qPrintable(groups.error()));
    QCOMPARE(groups->size(), size_t(1));
}

// dupeGuru's "delete the marked": every photo of every group but its keeper to the trash,
// in one change; undo brings back the files byte for byte and the groups as they were.
void TestPhotoSearch::removeOthersSetsCopiesAsideAndUndoPutsThemBack()
{
    REQUIRE_TEST_DATA(kHolidays);
    const auto files = test::treeChecksums(m_photos);
    const QStringList env = {QStringLiteral("XDG_DATA_HOME=") + m_dir.filePath(QStringLiteral("xdg"))};
    const test::Run review = test::cli({QStringLiteral("review"), m_library, QStringLiteral("--mode"),
                                        QStringLiteral("duplicate-photos")});
    QVERIFY2(review.code == 0, review.err.constData());
    QCOMPARE(review.json().value(QStringLiteral("mode")).toString(), QStringLiteral("duplicate-photos"));
    QCOMPARE(review.json().value(QStringLiteral("count")).toInt(), 1); // c's pair is "not duplicates"
    const int copies = review.json()[QStringLiteral("groups")][0][QStringLiteral("photos")].toArray().size() - 1;
    QCOMPARE(copies, 1 + m_variantsOfA.size());

    const test::Run removed = test::cli({QStringLiteral("dupes"), m_library, QStringLiteral("--photos"),
                                         QStringLiteral("--remove-others")}, env);
    QVERIFY2(removed.code == 0, removed.err.constData());
    QCOMPARE(removed.json().value(QStringLiteral("photos_removed")).toInt(), copies);
    // Each file's final path, and whether it had to take another name there.
    const QJsonArray moved = removed.json().value(QStringLiteral("moved")).toArray();
    QCOMPARE(moved.size(), copies);
    for (const QJsonValue& m : moved) {
        const QString from = m[QStringLiteral("from")].toString(),
                      to = m[QStringLiteral("to")].toString();
        QVERIFY2(m.toObject().contains(QStringLiteral("renamed")), qPrintable(from));
        QVERIFY2(QFileInfo::exists(to), qPrintable(to));
        QCOMPARE(m[QStringLiteral("renamed")].toBool(),
                 QFileInfo(to).fileName() != QFileInfo(from).fileName());
    }
    QVERIFY(QFileInfo::exists(m_photos + QStringLiteral("/a.jpg")));
    QVERIFY(!QFileInfo::exists(m_photos + QStringLiteral("/a copy.jpg")));
    for (const QString& name : m_variantsOfA)
        QVERIFY2(!QFileInfo::exists(m_photos + QLatin1Char('/') + name), qPrintable(name));
    QCOMPARE(QDir(m_dir.filePath(QStringLiteral("xdg/Trash/files"))).entryList(QDir::Files).size(), copies);
    const test::Run after = test::cli({QStringLiteral("dupes"), m_library, QStringLiteral("--photos")});
    QCOMPARE(after.json().value(QStringLiteral("count")).toInt(), 0);

    const test::Run undo = test::cli({QStringLiteral("undo"), m_library}, env);
    QVERIFY2(undo.code == 0, undo.err.constData());
    QCOMPARE(test::treeChecksums(m_photos), files);
    QVERIFY(QDir(m_dir.filePath(QStringLiteral("xdg/Trash/files"))).entryList(QDir::Files).isEmpty());
    const test::Run again = test::cli({QStringLiteral("dupes"), m_library, QStringLiteral("--photos")});
    QCOMPARE(again.json().value(QStringLiteral("count")).toInt(), 1);
    QCOMPARE(again.json()[QStringLiteral("groups")][0][QStringLiteral("photos")].toArray().size(), copies + 1);
}

QTEST_GUILESS_MAIN(TestPhotoSearch)
#include "tst_photosearch.moc"
