// Same-object search: the stored keypoint format, the codebook (deterministic training, file
// round trip, VLAD), and on real photos (SMVS DVD covers, read-only) the geometric check and
// the whole search with the shipped codebook read through the model registry.
#include "localfeatureextractor.h"
#include "localfeatures.h"
#include "modelregistry.h"
#include "objectcodebook.h"
#include "objectmatcher.h"
#include "objectphotos.h"
#include "objectsearch.h"
#include "vectorindex.h"

#include <QRandomGenerator>
#include <QtTest>
#include <cmath>

#include "testdata.h"

using namespace lookalike;

namespace {

// n RootSIFT-like descriptors (non-negative, unit L2) drawn around `centres` prototypes.
std::vector<float> syntheticDescriptors(int n, int centres, quint32 seed)
{
    QRandomGenerator rng(seed);
    std::vector<std::vector<float>> protos(size_t(centres), std::vector<float>(128));
    for (auto& p : protos)
        for (float& x : p)
            x = float(rng.generateDouble());
    std::vector<float> out;
    for (int i = 0; i < n; ++i) {
        std::vector<float> v = protos[size_t(i % centres)];
        double norm = 0;
        for (float& x : v) {
            x = std::max(0.f, x + float(rng.generateDouble() * 0.2 - 0.1));
            norm += double(x) * x;
        }
        for (float& x : v)
            out.push_back(float(x / std::sqrt(norm)));
    }
    return out;
}

QString smvs(const QString& relative)
{
    return test::dataPath(QStringLiteral("images/smvs-dev/dvd_covers/") + relative);
}

} // namespace

class TestObjectSearch : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void storedKeypointsRoundTrip();
    void damagedKeypointsRefused();
    void codebookTrainingIsDeterministic();
    void codebookFileRoundTrip();
    void damagedCodebookRefused();
    void sameCoverMatchesOthersDoNot();
    void phonePhotosFindTheirCover();

private:
    std::optional<ModelRegistry> m_registry;
    ModelSpec m_spec;
    ObjectCodebook m_codebook;
};

void TestObjectSearch::initTestCase()
{
    auto registry = ModelRegistry::load(QStringLiteral(LOOKALIKE_SOURCE_DIR "/models/models.json"));
    QVERIFY2(registry, qPrintable(registry.error()));
    m_registry = *registry;
    const QString id = m_registry->idForTask(QStringLiteral("object-codebook"));
    QCOMPARE(id, QStringLiteral("object-codebook"));
    auto spec = m_registry->model(id); // checks the bundled file's size and sha256
    QVERIFY2(spec, qPrintable(spec.error()));
    QVERIFY(spec->bundled);
    m_spec = *spec;
    auto codebook = ObjectCodebook::load(spec->path);
    QVERIFY2(codebook, qPrintable(codebook.error()));
    m_codebook = *codebook;
    QCOMPARE(m_codebook.vladDimension(), spec->dimension);
}

void TestObjectSearch::storedKeypointsRoundTrip()
{
    LocalFeatures f;
    f.width = 640;
    f.height = 480;
    f.dimension = 32;
    QRandomGenerator rng(3);
    for (int i = 0; i < 50; ++i) {
        f.xy.push_back(float(rng.bounded(640.0)));
        f.xy.push_back(float(rng.bounded(480.0)));
        for (int j = 0; j < 32; ++j)
            f.descriptors.push_back(float(rng.generateDouble() * 1.4 - 0.7));
    }
    const QByteArray blob = f.serialize();
    QCOMPARE(blob.size(), 16 + 50 * (4 + 32));
    auto back = LocalFeatures::deserialize(blob);
    QVERIFY2(back, qPrintable(back.error()));
    QCOMPARE(back->size(), 50);
    QCOMPARE(back->width, 640);
    QCOMPARE(back->dimension, 32);
    for (size_t i = 0; i < f.xy.size(); ++i) // positions within 1/65535 of the size
        QVERIFY(std::abs(back->xy[i] - f.xy[i]) < 0.02f);
    for (size_t i = 0; i < f.descriptors.size(); ++i) // half a quantum
        QVERIFY(std::abs(back->descriptors[i] - f.descriptors[i]) <= 0.5f / LocalFeatures::kQuantum + 1e-6f);
    QCOMPARE(LocalFeatures{}.serialize().size(), 16);
}

void TestObjectSearch::damagedKeypointsRefused()
{
    LocalFeatures f;
    f.width = f.height = 10;
    f.dimension = 4;
    f.xy = {1, 2};
    f.descriptors = {0.1f, 0.2f, 0.3f, 0.4f};
    const QByteArray blob = f.serialize();
    QVERIFY(!LocalFeatures::deserialize(blob.left(blob.size() - 1)));
    QVERIFY(!LocalFeatures::deserialize(QByteArray(40, 'x')));
    QVERIFY(!LocalFeatures::deserialize({}));
}

void TestObjectSearch::codebookTrainingIsDeterministic()
{
    const std::vector<float> d = syntheticDescriptors(3000, 12, 5);
    ObjectCodebook::TrainOptions options;
    options.clusters = 8;
    options.reducedDimension = 16;
    options.iterations = 10;
    auto a = ObjectCodebook::train(d, 3000, options);
    auto b = ObjectCodebook::train(d, 3000, options);
    QVERIFY2(a && b, qPrintable(a.error()));
    QCOMPARE(a->toBytes(), b->toBytes());
    QCOMPARE(a->vladDimension(), 8 * 16);
    options.seed = 2; // another seed: another codebook
    auto c = ObjectCodebook::train(d, 3000, options);
    QVERIFY(c && c->toBytes() != a->toBytes());
    QVERIFY(!ObjectCodebook::train(d, 20, options)); // too few descriptors
}

void TestObjectSearch::codebookFileRoundTrip()
{
    const QByteArray bytes = m_codebook.toBytes();
    QCOMPARE(bytes.size(), m_spec.size);
    auto back = ObjectCodebook::fromBytes(bytes);
    QVERIFY2(back, qPrintable(back.error()));
    QCOMPARE(back->toBytes(), bytes);

    // VLAD: unit length, and a photo's own descriptors score 1 with themselves.
    const std::vector<float> d = syntheticDescriptors(200, 5, 9);
    std::vector<float> reduced(200 * size_t(m_codebook.reducedDimension()));
    m_codebook.reduce(d.data(), 200, reduced.data());
    const std::vector<float> v = m_codebook.vlad(reduced.data(), 200);
    double norm = 0;
    for (float x : v)
        norm += double(x) * x;
    QVERIFY(std::abs(norm - 1.0) < 1e-4);
    const std::vector<float> none = m_codebook.vlad(nullptr, 0);
    QVERIFY(std::all_of(none.begin(), none.end(), [](float x) { return x == 0.f; }));
}

void TestObjectSearch::damagedCodebookRefused()
{
    const QByteArray bytes = m_codebook.toBytes();
    QVERIFY(!ObjectCodebook::fromBytes(bytes.left(bytes.size() - 4)));
    QVERIFY(!ObjectCodebook::fromBytes(QByteArray(100, '\0')));
    QVERIFY(!ObjectCodebook::load(QStringLiteral("/nonexistent/codebook.bin")));
}

void TestObjectSearch::sameCoverMatchesOthersDoNot()
{
    REQUIRE_TEST_DATA(QStringLiteral("images/smvs-dev"));
    const LocalFeatureExtractor::Options options = LocalFeatureExtractor::optionsFrom(m_spec);
    QCOMPARE(options.maxSide, 640);
    const QStringList paths{smvs("Reference/001.jpg"), smvs("Reference/002.jpg"),
                            smvs("Canon/001.jpg"), smvs("Droid/002.jpg")};
    QStringList errors;
    const auto stored = ObjectPhotos::describe(paths.mid(0, 2), m_codebook, options, false, &errors);
    const auto queries = ObjectPhotos::describe(paths.mid(2), m_codebook, options, true, &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    for (const auto& d : stored) {
        QVERIFY(d && d->keypoints.size() == options.storedKeypoints);
        QCOMPARE(int(d->vlad.size()), m_codebook.vladDimension());
    }
    QVERIFY(queries[0]->keypoints.size() > options.storedKeypoints); // a query keeps them all
    // Through the stored form, as a library would hand them back.
    auto ref1 = LocalFeatures::deserialize(stored[0]->keypoints.serialize());
    auto ref2 = LocalFeatures::deserialize(stored[1]->keypoints.serialize());
    QVERIFY(ref1 && ref2);
    const ObjectMatcher::Options m = ObjectMatcher::optionsFrom(m_spec);
    const int same1 = ObjectMatcher::match(queries[0]->keypoints, *ref1, m).inliers;
    const int same2 = ObjectMatcher::match(queries[1]->keypoints, *ref2, m).inliers;
    const int other1 = ObjectMatcher::match(queries[0]->keypoints, *ref2, m).inliers;
    const int other2 = ObjectMatcher::match(queries[1]->keypoints, *ref1, m).inliers;
    qInfo() << "inliers: same" << same1 << same2 << "different" << other1 << other2;
    QVERIFY(same1 >= m.minInliers && same2 >= m.minInliers);
    QVERIFY(other1 < m.minInliers && other2 < m.minInliers);
}

void TestObjectSearch::phonePhotosFindTheirCover()
{
    REQUIRE_TEST_DATA(QStringLiteral("images/smvs-dev"));
    REQUIRE_TEST_DATA(QStringLiteral("images/noface-dev"));
    // A small library: 10 covers among 60 photos without covers; 10 phone photos, one per
    // camera in turn, each must find its cover first and verified.
    QStringList library;
    for (int i = 1; i <= 10; ++i)
        library << smvs(QStringLiteral("Reference/%1.jpg").arg(i, 3, 10, QLatin1Char('0')));
    library << ObjectPhotos::list(test::dataPath(QStringLiteral("images/noface-dev")), 60);
    const auto options = LocalFeatureExtractor::optionsFrom(m_spec);
    const auto described = ObjectPhotos::describe(library, m_codebook, options, false);
    std::vector<qint64> ids;
    std::vector<float> vlads;
    std::vector<QByteArray> stored;
    for (size_t i = 0; i < described.size(); ++i) {
        QVERIFY2(described[i], qPrintable(library[int(i)]));
        ids.push_back(qint64(i) + 1000);
        vlads.insert(vlads.end(), described[i]->vlad.begin(), described[i]->vlad.end());
        stored.push_back(described[i]->keypoints.serialize());
    }
    VectorIndex::Meta meta;
    meta.model = QStringLiteral("object-vlad");
    meta.dimension = m_codebook.vladDimension();
    meta.factory = QStringLiteral("Flat");
    auto index = VectorIndex::build(vlads.data(), ids.data(), qint64(ids.size()), meta);
    QVERIFY2(index, qPrintable(index.error()));
    int loads = 0;
    const ObjectSearch::FeatureLoader loader = [&](const std::vector<qint64>& wanted) {
        std::vector<std::optional<LocalFeatures>> out;
        for (qint64 id : wanted) {
            ++loads;
            auto f = LocalFeatures::deserialize(stored[size_t(id - 1000)]);
            out.push_back(f ? std::optional<LocalFeatures>(*f) : std::nullopt);
        }
        return out;
    };
    ObjectSearch::Options searchOptions;
    searchOptions.candidates = 20;
    searchOptions.matcher = ObjectMatcher::optionsFrom(m_spec);
    const ObjectSearch search(**index, loader, searchOptions);
    const QStringList cameras{"Canon", "Droid", "E63", "Palm"};
    QStringList queries;
    for (int i = 1; i <= 10; ++i)
        queries << smvs(QStringLiteral("%1/%2.jpg").arg(cameras[i % 4]).arg(i, 3, 10, QLatin1Char('0')));
    const auto q = ObjectPhotos::describe(queries, m_codebook, options, true);
    int found = 0;
    for (int i = 0; i < 10; ++i) {
        QVERIFY(q[size_t(i)]);
        ObjectSearch::Timing timing;
        const auto hits = search.search(*q[size_t(i)], 5, &timing);
        QCOMPARE(int(hits.size()), 5);
        if (hits.front().id == 1000 + i && hits.front().sameObject)
            ++found;
        else
            qInfo() << queries[i] << "top hit" << hits.front().id << hits.front().inliers;
        // The unverified rest is in VLAD order.
        for (size_t h = 1; h < hits.size(); ++h)
            if (!hits[h].sameObject && !hits[h - 1].sameObject)
                QVERIFY(hits[h - 1].similarity >= hits[h].similarity);
    }
    QVERIFY2(found >= 9, qPrintable(QStringLiteral("%1 of 10 phone photos found their cover").arg(found)));
    QCOMPARE(loads, 10 * 20); // the re-rank reads only the candidates' keypoints
}

QTEST_GUILESS_MAIN(TestObjectSearch)
#include "tst_objectsearch.moc"
