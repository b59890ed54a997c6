// Same object, another photo, end to end on a real library: clean SMVS DVD cover scans among
// Holidays photos (read-only originals, copied to a temporary folder), indexed with the object
// pass by the CLI as a user would; phone photos of the covers then find their cover as kind
// "object" first. A library indexed without the pass has no object results and no error; a
// later run with it describes the photos indexed before; a missing codebook skips the pass and
// the import goes on. The stored descriptors (ObjectStore) and the search by a library photo
// (PhotoSearcher with its stored keypoints) on the same files.
#include "clirun.h"
#include "database.h"
#include "library.h"
#include "modelregistry.h"
#include "objectstore.h"
#include "photosearcher.h"
#include "photostore.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include "testdata.h"

using namespace lookalike;

namespace {

const char* const kSmvs = "images/smvs-dev/dvd_covers";
const char* const kHolidays = "images/holidays-dev/jpg";
const QStringList kCovers = {"001", "002", "003", "004", "005", "006", "007", "008"};
const QStringList kDistractors = {"100000.jpg", "100100.jpg", "100200.jpg",
                                  "100500.jpg", "100700.jpg", "101000.jpg"};

QString smvs(const QString& relative)
{
    return test::dataPath(QStringLiteral("%1/%2").arg(QLatin1String(kSmvs), relative));
}

// Copies the covers (as cover-NNN.jpg) and the distractors into `folder`.
bool fillFolder(const QString& folder)
{
    if (!QDir().mkpath(folder))
        return false;
    for (const QString& n : kCovers)
        if (!QFile::copy(smvs(QStringLiteral("Reference/%1.jpg").arg(n)),
                         QStringLiteral("%1/cover-%2.jpg").arg(folder, n)))
            return false;
    for (const QString& name : kDistractors)
        if (!QFile::copy(test::dataPath(QStringLiteral("%1/%2").arg(QLatin1String(kHolidays), name)),
                         folder + QLatin1Char('/') + name))
            return false;
    return true;
}

QJsonArray queryPhotos(const QString& library, const QString& photo, QByteArray* err = nullptr)
{
    const test::Run run = test::cli({QStringLiteral("query"), library, photo,
                                     QStringLiteral("--photos"), QStringLiteral("-k"),
                                     QStringLiteral("3")});
    if (err)
        *err = run.err;
    if (run.code != 0)
        qWarning("query failed: %s", run.err.constData());
    return run.json().value(QStringLiteral("photos")).toArray();
}

int countKind(const QJsonArray& photos, const QString& kind)
{
    int n = 0;
    for (const QJsonValue& v : photos)
        n += v[QStringLiteral("kind")].toString() == kind ? 1 : 0;
    return n;
}

} // namespace

class TestObjectStore : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_photos;
    QString m_library;

private slots:
    void initTestCase();
    void phonePhotosFindTheirCoverAsObject_data();
    void phonePhotosFindTheirCoverAsObject();
    void storedDescriptorsAndQueryByLibraryPhoto();
    void lookAlikesRankByLookAndVladTogether();
    void withoutObjectPassNoObjectResultsThenLaterRunAddsThem();
    void missingCodebookSkipsThePassOnly();
};

void TestObjectStore::initTestCase()
{
    REQUIRE_TEST_DATA(kSmvs);
    REQUIRE_TEST_DATA(kHolidays);
    QVERIFY(m_dir.isValid());
    m_photos = m_dir.filePath(QStringLiteral("photos"));
    m_library = m_dir.filePath(QStringLiteral("lib.db"));
    QVERIFY(fillFolder(m_photos));
    // One phone photo in the library too: a query by the cover's library photo finds it.
    QVERIFY(QFile::copy(smvs(QStringLiteral("Droid/002.jpg")), m_photos + QStringLiteral("/phone-002.jpg")));
    const test::Run run = test::cli({QStringLiteral("index"), m_library, m_photos,
                                     QStringLiteral("--photos-only"), QStringLiteral("--objects")});
    QVERIFY2(run.code == 0, run.err.constData());
    const QJsonObject summary = run.json();
    const int photos = int(kCovers.size() + kDistractors.size()) + 1;
    QCOMPARE(summary.value(QStringLiteral("images_indexed")).toInt(), photos);
    QCOMPARE(summary.value(QStringLiteral("photos_described")).toInt(), photos);
    QCOMPARE(summary.value(QStringLiteral("objects_described")).toInt(), photos);
    QVERIFY(!summary.contains(QStringLiteral("objects_skipped")));
}

void TestObjectStore::phonePhotosFindTheirCoverAsObject_data()
{
    QTest::addColumn<QString>("phone");
    QTest::addColumn<QString>("cover");
    QTest::newRow("Canon 001") << "Canon/001.jpg" << "cover-001.jpg";
    QTest::newRow("Droid 003") << "Droid/003.jpg" << "cover-003.jpg";
    QTest::newRow("E63 005") << "E63/005.jpg" << "cover-005.jpg";
    QTest::newRow("Palm 007") << "Palm/007.jpg" << "cover-007.jpg";
    QTest::newRow("Canon 008") << "Canon/008.jpg" << "cover-008.jpg";
}

void TestObjectStore::phonePhotosFindTheirCoverAsObject()
{
    QFETCH(QString, phone);
    QFETCH(QString, cover);
    const QJsonArray photos = queryPhotos(m_library, smvs(phone));
    QVERIFY(!photos.isEmpty());
    const QJsonValue first = photos.first();
    QCOMPARE(first[QStringLiteral("kind")].toString(), QStringLiteral("object"));
    QCOMPARE(QFileInfo(first[QStringLiteral("path")].toString()).fileName(), cover);
    QVERIFY2(first[QStringLiteral("inliers")].toInt() >= 25,
             qPrintable(QString::number(first[QStringLiteral("inliers")].toInt())));
    // No photo twice, and no distractor is "the same object".
    QSet<qint64> ids;
    for (const QJsonValue& v : photos) {
        QVERIFY(!ids.contains(v[QStringLiteral("image_id")].toInteger()));
        ids.insert(v[QStringLiteral("image_id")].toInteger());
        if (v[QStringLiteral("kind")].toString() == QLatin1String("object"))
            QVERIFY2(!kDistractors.contains(QFileInfo(v[QStringLiteral("path")].toString()).fileName()),
                     qPrintable(v[QStringLiteral("path")].toString()));
        else
            QVERIFY(!v.toObject().contains(QStringLiteral("inliers")));
    }
}

void TestObjectStore::storedDescriptorsAndQueryByLibraryPhoto()
{
    REQUIRE_TEST_DATA(kSmvs);
    auto library = Library::open(m_library, Library::Mode::ReadOnly);
    QVERIFY2(library, qPrintable(library.error()));
    QVERIFY(ObjectStore::any(**library));
    // The face vectors' generation did not move: object vectors are photo-* models.
    Statement generation = (*library)->database().prepare(
        "SELECT value FROM meta WHERE key = 'vectors_generation'");
    QVERIFY(generation.next());
    QCOMPARE(generation.text(0), QStringLiteral("0"));
    Statement q = (*library)->database().prepare("SELECT id, path FROM images ORDER BY id");
    qint64 cover = 0, phone = 0;
    while (q.next()) {
        if (q.text(1).endsWith(QLatin1String("/cover-002.jpg")))
            cover = q.integer(0);
        if (q.text(1).endsWith(QLatin1String("/phone-002.jpg")))
            phone = q.integer(0);
    }
    QVERIFY(cover > 0 && phone > 0);
    const auto stored = ObjectStore::descriptor(**library, cover);
    QVERIFY(stored);
    QCOMPARE(int(stored->vlad.size()), 2048);
    QVERIFY(stored->keypoints.size() > 100 && stored->keypoints.size() <= 300);
    double norm = 0;
    for (float x : stored->vlad)
        norm += double(x) * x;
    QVERIFY(std::abs(norm - 1.0) < 0.01); // unit length, within half-float rounding

    auto registry = ModelRegistry::load(QStringLiteral(LOOKALIKE_SOURCE_DIR "/models/models.json"));
    QVERIFY2(registry, qPrintable(registry.error()));
    auto searcher = PhotoSearcher::open(**library);
    QVERIFY2(searcher, qPrintable(searcher.error()));
    QVERIFY(!searcher->hasObjects());
    QVERIFY2(searcher->enableObjects(*registry), "enableObjects");
    QVERIFY(searcher->hasObjects());
    auto matches = searcher->search(cover, PhotoSearcher::Options{});
    QVERIFY2(matches, qPrintable(matches.error()));
    QVERIFY(!matches->empty());
    QCOMPARE(matches->front().kind, PhotoMatchKind::Object);
    QCOMPARE(matches->front().imageId, phone);
    QVERIFY(matches->front().inliers >= 25);
    for (const PhotoMatch& m : *matches)
        QVERIFY(m.imageId != cover);
    // Objects off: the same query without them.
    PhotoSearcher::Options off;
    off.objects = false;
    auto without = searcher->search(cover, off);
    QVERIFY(without);
    for (const PhotoMatch& m : *without)
        QVERIFY(m.kind != PhotoMatchKind::Object);
}

// With the object pass, a look-alike's similarity is PhotoDescriber::looksLike of the look
// vectors and the VLADs, each computed here by hand from the stored vectors; without the
// objects it is the look vectors' inner product alone.
void TestObjectStore::lookAlikesRankByLookAndVladTogether()
{
    REQUIRE_TEST_DATA(kSmvs);
    auto library = Library::open(m_library, Library::Mode::ReadOnly);
    QVERIFY2(library, qPrintable(library.error()));
    Statement q = (*library)->database().prepare("SELECT id FROM images WHERE path LIKE '%/100000.jpg'");
    QVERIFY(q.next());
    const qint64 query = q.integer(0);
    auto registry = ModelRegistry::load(QStringLiteral(LOOKALIKE_SOURCE_DIR "/models/models.json"));
    QVERIFY2(registry, qPrintable(registry.error()));
    auto searcher = PhotoSearcher::open(**library);
    QVERIFY2(searcher, qPrintable(searcher.error()));
    QVERIFY2(searcher->enableObjects(*registry), "enableObjects");
    auto dot = [](const std::vector<float>& a, const std::vector<float>& b) {
        double sum = 0;
        for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
            sum += double(a[i]) * b[i];
        return float(sum);
    };
    const std::vector<float> queryLook = PhotoStore::look(**library, query);
    const std::vector<float> queryVlad = ObjectStore::vlad(**library, query);
    QCOMPARE(int(queryLook.size()), PhotoDescriptor::kLookDimension);
    QCOMPARE(int(queryVlad.size()), 2048);
    PhotoSearcher::Options options;
    options.duplicates = false;
    options.limit = 8;
    for (bool objects : {true, false}) {
        options.objects = objects;
        auto matches = searcher->search(query, options);
        QVERIFY2(matches, qPrintable(matches.error()));
        int similar = 0;
        float previous = 2.f;
        for (const PhotoMatch& m : *matches) {
            if (m.kind != PhotoMatchKind::Similar)
                continue;
            ++similar;
            const float look = dot(queryLook, PhotoStore::look(**library, m.imageId));
            const float vlad = dot(queryVlad, ObjectStore::vlad(**library, m.imageId));
            const float expected = std::clamp(
                objects ? PhotoDescriber::looksLike(look, vlad) : look, 0.f, 1.f);
            // The VLAD index keeps 8-bit codes: within a few thousandths of the exact value.
            QVERIFY2(std::abs(m.similarity - expected) < 0.01f,
                     qPrintable(QStringLiteral("%1: %2, by hand %3 (look %4, VLAD %5)")
                                    .arg(m.path).arg(m.similarity).arg(expected).arg(look).arg(vlad)));
            QVERIFY(m.similarity <= previous + 1e-6f);
            previous = m.similarity;
        }
        QCOMPARE(similar, options.limit);
    }
}

void TestObjectStore::withoutObjectPassNoObjectResultsThenLaterRunAddsThem()
{
    REQUIRE_TEST_DATA(kSmvs);
    const QString folder = m_dir.filePath(QStringLiteral("plain"));
    const QString library = m_dir.filePath(QStringLiteral("plain.db"));
    QVERIFY(fillFolder(folder));
    test::Run run = test::cli({QStringLiteral("index"), library, folder, QStringLiteral("--photos-only")});
    QVERIFY2(run.code == 0, run.err.constData());
    QCOMPARE(run.json().value(QStringLiteral("objects_described")).toInt(), 0);

    QByteArray err;
    QJsonArray photos = queryPhotos(library, smvs(QStringLiteral("Canon/004.jpg")), &err);
    QVERIFY(!photos.isEmpty());
    QCOMPARE(countKind(photos, QStringLiteral("object")), 0);
    QVERIFY2(!err.contains("same-object"), err.constData());

    // The object pass later: only the descriptors are added, the photos keep their ids.
    const int photosCount = int(kCovers.size() + kDistractors.size());
    run = test::cli({QStringLiteral("index"), library, folder, QStringLiteral("--photos-only"),
                     QStringLiteral("--objects")});
    QVERIFY2(run.code == 0, run.err.constData());
    QCOMPARE(run.json().value(QStringLiteral("images_indexed")).toInt(), 0);
    QCOMPARE(run.json().value(QStringLiteral("images_unchanged")).toInt(), photosCount);
    QCOMPARE(run.json().value(QStringLiteral("objects_described")).toInt(), photosCount);
    photos = queryPhotos(library, smvs(QStringLiteral("Canon/004.jpg")));
    QVERIFY(!photos.isEmpty());
    QCOMPARE(photos.first()[QStringLiteral("kind")].toString(), QStringLiteral("object"));
    QCOMPARE(QFileInfo(photos.first()[QStringLiteral("path")].toString()).fileName(),
             QStringLiteral("cover-004.jpg"));
    // A third run has nothing left to describe.
    run = test::cli({QStringLiteral("index"), library, folder, QStringLiteral("--photos-only"),
                     QStringLiteral("--objects")});
    QVERIFY2(run.code == 0, run.err.constData());
    QCOMPARE(run.json().value(QStringLiteral("objects_described")).toInt(), 0);
}

void TestObjectStore::missingCodebookSkipsThePassOnly()
{
    REQUIRE_TEST_DATA(kSmvs);
    // A manifest beside which the bundled codebook is missing.
    const QString models = m_dir.filePath(QStringLiteral("models"));
    QVERIFY(QDir().mkpath(models));
    QVERIFY(QFile::copy(QStringLiteral(LOOKALIKE_SOURCE_DIR "/models/models.json"),
                        models + QStringLiteral("/models.json")));
    const QString folder = m_dir.filePath(QStringLiteral("nocodebook"));
    const QString library = m_dir.filePath(QStringLiteral("nocodebook.db"));
    QVERIFY(fillFolder(folder));
    const QStringList env = {QStringLiteral("LOOKALIKE_MODELS_MANIFEST=") + models +
                             QStringLiteral("/models.json")};
    const test::Run run = test::cli({QStringLiteral("index"), library, folder,
                                     QStringLiteral("--photos-only"), QStringLiteral("--objects")},
                                    env);
    QVERIFY2(run.code == 0, run.err.constData());
    const QJsonObject summary = run.json();
    const int photos = int(kCovers.size() + kDistractors.size());
    QCOMPARE(summary.value(QStringLiteral("photos_described")).toInt(), photos);
    QCOMPARE(summary.value(QStringLiteral("objects_described")).toInt(), 0);
    const QString skipped = summary.value(QStringLiteral("objects_skipped")).toString();
    QVERIFY2(skipped.contains(QLatin1String("object-codebook")) ||
                 skipped.contains(QLatin1String("codebook")),
             qPrintable(skipped));
    QVERIFY2(run.err.contains("same-object search skipped"), run.err.constData());
    // Photos-only queries work as before.
    const QJsonArray found = queryPhotos(library, smvs(QStringLiteral("Reference/001.jpg")));
    QVERIFY(!found.isEmpty());
    QCOMPARE(found.first()[QStringLiteral("kind")].toString(), QStringLiteral("exact"));
}

QTEST_GUILESS_MAIN(TestObjectStore)
#include "tst_objectstore.moc"
