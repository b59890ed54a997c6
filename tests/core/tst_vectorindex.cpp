#include "syntheticvectors.h"
#include "vectorindex.h"
#include "vectorkernels.h"

#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtConcurrent>
#include <QtTest>

#include <cmath>
#include <numeric>
#include <random>

using namespace lookalike;

namespace {

SyntheticVectors fixture(qint64 count, int dimension, quint64 seed = 42)
{
    SyntheticSpec spec;
    spec.count = count;
    spec.dimension = dimension;
    spec.firstId = 1000;
    spec.idStep = 3; // row ids that are not positions
    spec.seed = seed;
    return makeSyntheticVectors(spec);
}

std::unique_ptr<VectorIndex> buildIndex(const SyntheticVectors& v, const QString& factory,
                                        qint64 count = -1)
{
    VectorIndex::Meta meta;
    meta.model = QStringLiteral("test-model");
    meta.dimension = v.dimension;
    meta.generation = 7;
    meta.factory = factory;
    auto built =
        VectorIndex::build(v.data.data(), v.ids.data(), count < 0 ? v.count() : count, meta);
    if (!built)
        qWarning() << built.error();
    return built ? std::move(*built) : nullptr;
}

std::vector<float> unitVector(int dimension, std::mt19937& rng)
{
    std::normal_distribution<float> normal;
    std::vector<float> v(dimension);
    double norm = 0;
    for (float& x : v) {
        x = normal(rng);
        norm += x * x;
    }
    for (float& x : v)
        x /= float(std::sqrt(norm));
    return v;
}

// A unit vector with cosine exactly `cosine` to the unit vector q.
std::vector<float> atCosine(const std::vector<float>& q, float cosine, std::mt19937& rng)
{
    std::vector<float> u = unitVector(int(q.size()), rng);
    float dot = 0;
    for (size_t i = 0; i < q.size(); ++i)
        dot += u[i] * q[i];
    double norm = 0;
    for (size_t i = 0; i < q.size(); ++i) {
        u[i] -= dot * q[i];
        norm += u[i] * u[i];
    }
    const float s = std::sqrt(1.f - cosine * cosine);
    for (size_t i = 0; i < q.size(); ++i)
        u[i] = cosine * q[i] + s * u[i] / float(std::sqrt(norm));
    return u;
}

// The stored vectors of a fixture, as a library would give them for a re-rank.
VectorIndex::ExactVectors storedIn(const SyntheticVectors& v)
{
    return [&v](const qint64* ids, qint64 n, float* out) -> Status {
        for (qint64 i = 0; i < n; ++i) {
            const auto it = std::find(v.ids.begin(), v.ids.end(), ids[i]);
            if (it == v.ids.end())
                return Error{QStringLiteral("no vector %1").arg(ids[i])};
            std::copy_n(v.row(it - v.ids.begin()), v.dimension, out + i * v.dimension);
        }
        return success();
    };
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

} // namespace

class TestVectorIndex : public QObject {
    Q_OBJECT

private:
    SyntheticVectors m_data = fixture(3000, 128);
    QTemporaryDir m_dir;

    void addFactories()
    {
        QTest::addColumn<QString>("factory");
        QTest::newRow("Flat") << "Flat";
        QTest::newRow("IVF") << "IVF64,Flat";
        QTest::newRow("IVF SQ8") << "IVF64,SQ8";
        QTest::newRow("SQ8") << "SQ8"; // same-object search's VLADs (ObjectIndex)
    }

private slots:
    void idsAreRowIds_data() { addFactories(); }
    void idsAreRowIds()
    {
        QFETCH(QString, factory);
        const auto index = buildIndex(m_data, factory);
        QVERIFY(index);
        QCOMPARE(index->meta().count, m_data.count());
        for (qint64 row : sampleRows(m_data.count(), 50, 1)) {
            const auto hits = index->search(m_data.row(row), 1, 3, -1.f, storedIn(m_data));
            QCOMPARE(hits.size(), size_t(1));
            QVERIFY(!hits[0].empty());
            QCOMPARE(hits[0][0].id, m_data.ids[row]);
            QVERIFY(std::abs(hits[0][0].similarity - 1.f) < 1e-4f);
            // Without the re-rank, codes give similarities close to the exact ones.
            const auto coded = index->search(m_data.row(row), 1, 3);
            QCOMPARE(coded[0][0].id, m_data.ids[row]);
            QVERIFY(std::abs(coded[0][0].similarity - 1.f) < (index->isCompressed() ? 0.01f : 1e-4f));
        }
    }

    void plantedNeighbour_data()
    {
        QTest::addColumn<QString>("factory");
        QTest::addColumn<float>("cosine");
        for (const char* factory : {"Flat", "IVF64,Flat", "IVF64,SQ8"})
            for (float cosine : {0.95f, 0.7f, 0.5f})
                QTest::addRow("%s cos %.2f", factory, cosine) << factory << cosine;
    }
    void plantedNeighbour()
    {
        QFETCH(QString, factory);
        QFETCH(float, cosine);
        std::mt19937 rng(5);
        const std::vector<float> query = unitVector(m_data.dimension, rng);
        SyntheticVectors v = m_data;
        const std::vector<float> planted = atCosine(query, cosine, rng);
        v.data.insert(v.data.end(), planted.begin(), planted.end());
        v.ids.push_back(999999);
        const auto index = buildIndex(v, factory);
        QVERIFY(index);
        const auto hits = index->search(query.data(), 1, 5, -1.f, storedIn(v));
        QVERIFY(!hits[0].empty());
        QCOMPARE(hits[0][0].id, qint64(999999));
        QVERIFY(std::abs(hits[0][0].similarity - cosine) < 1e-4f);
        for (size_t j = 1; j < hits[0].size(); ++j)
            QVERIFY(hits[0][j - 1].similarity >= hits[0][j].similarity);
    }

    void minSimilarityFilters()
    {
        const auto index = buildIndex(m_data, QStringLiteral("Flat"));
        const float* query = m_data.row(10);
        const auto all = index->search(query, 1, 50);
        const auto close = index->search(query, 1, 50, 0.4f);
        QCOMPARE(all[0].size(), size_t(50));
        QVERIFY(!close[0].empty());
        QVERIFY(close[0].size() < all[0].size());
        for (const SearchHit& hit : close[0])
            QVERIFY(hit.similarity >= 0.4f);
    }

    void kLargerThanTheIndex()
    {
        const auto index = buildIndex(m_data, QStringLiteral("Flat"), 5);
        const auto hits = index->search(m_data.row(0), 2, 10);
        QCOMPARE(hits.size(), size_t(2));
        QCOMPARE(hits[0].size(), size_t(5));
        QCOMPARE(hits[1].size(), size_t(5));
    }

    void emptyIndexFindsNothing()
    {
        const auto index = buildIndex(m_data, QStringLiteral("Flat"), 0);
        QVERIFY(index);
        const auto hits = index->search(m_data.row(0), 1, 10);
        QCOMPARE(hits.size(), size_t(1));
        QVERIFY(hits[0].empty());
    }

    void badInputIsAnError()
    {
        VectorIndex::Meta meta;
        meta.factory = QStringLiteral("Flat");
        QVERIFY(!VectorIndex::build(m_data.data.data(), m_data.ids.data(), 10, meta));
        meta.dimension = m_data.dimension;
        meta.factory = QStringLiteral("IVF4096,Flat"); // more lists than vectors
        const auto built = VectorIndex::build(m_data.data.data(), m_data.ids.data(), 100, meta);
        QVERIFY(!built);
        QVERIFY(!built.error().isEmpty());
    }

    void roundTrip_data() { addFactories(); }
    void roundTrip()
    {
        QFETCH(QString, factory);
        const auto index = buildIndex(m_data, factory);
        const QString path = m_dir.filePath(QStringLiteral("round.lkindex"));
        QVERIFY(index->write(path));
        const auto read = VectorIndex::read(path);
        QVERIFY2(read, qPrintable(read.error()));
        const VectorIndex::Meta& a = index->meta();
        const VectorIndex::Meta& b = (*read)->meta();
        QCOMPARE(b.model, a.model);
        QCOMPARE(b.dimension, a.dimension);
        QCOMPARE(b.count, a.count);
        QCOMPARE(b.generation, qint64(7));
        QCOMPARE(b.factory, factory);
        QCOMPARE(b.nprobe, a.nprobe);
        const auto before = index->search(m_data.data.data(), 20, 10);
        const auto after = (*read)->search(m_data.data.data(), 20, 10);
        for (size_t q = 0; q < before.size(); ++q) {
            QCOMPARE(after[q].size(), before[q].size());
            for (size_t j = 0; j < before[q].size(); ++j) {
                QCOMPARE(after[q][j].id, before[q][j].id);
                QCOMPARE(after[q][j].similarity, before[q][j].similarity);
            }
        }
    }

    void writeReplacesAtomically()
    {
        const QString path = m_dir.filePath(QStringLiteral("replace.lkindex"));
        writeAll(path, "old contents");
        QVERIFY(buildIndex(m_data, QStringLiteral("Flat"), 100)->write(path));
        QVERIFY(VectorIndex::read(path));
        const QStringList left = QDir(m_dir.path()).entryList({QStringLiteral("replace*")});
        QCOMPARE(left, QStringList{QStringLiteral("replace.lkindex")});
    }

    void rejectsDamagedFiles_data()
    {
        QTest::addColumn<QString>("damage");
        for (const char* d :
             {"missing", "empty", "garbage", "wrong magic", "short header", "damaged meta",
              "truncated index", "half the index", "wrong count", "trailing bytes", "zeroed index"})
            QTest::newRow(d) << d;
    }
    void rejectsDamagedFiles()
    {
        QFETCH(QString, damage);
        const QString good = m_dir.filePath(QStringLiteral("good.lkindex"));
        QVERIFY(buildIndex(m_data, QStringLiteral("IVF64,Flat"), 1000)->write(good));
        QByteArray bytes = readAll(good);
        const qsizetype json = 12 + qsizetype(*reinterpret_cast<const quint32*>(bytes.data() + 8));
        if (damage == "empty")
            bytes.clear();
        else if (damage == "garbage")
            bytes = QByteArray(4096, '\x5a');
        else if (damage == "wrong magic")
            bytes[0] = 'X';
        else if (damage == "short header")
            bytes.truncate(10);
        else if (damage == "damaged meta")
            bytes[json - 2] = '#';
        else if (damage == "truncated index")
            bytes.truncate(json + 40);
        else if (damage == "half the index")
            bytes.truncate(bytes.size() / 2);
        else if (damage == "wrong count")
            bytes.replace("\"count\":1000", "\"count\":1001");
        else if (damage == "trailing bytes")
            bytes.append("extra");
        else if (damage == "zeroed index")
            std::fill(bytes.begin() + json, bytes.begin() + json + 64, '\0');
        const QString path = m_dir.filePath(QStringLiteral("damaged.lkindex"));
        if (damage != "missing")
            writeAll(path, bytes);
        else
            QFile::remove(path);
        const auto read = VectorIndex::read(path);
        QVERIFY(!read);
        QVERIFY2(read.error().contains(path), qPrintable(read.error()));
    }

    void factoryForSwitchesAtTheCrossover()
    {
        QCOMPARE(VectorIndex::factoryFor(1000), QStringLiteral("Flat"));
        QVERIFY(VectorIndex::factoryFor(5'000'000).startsWith(QLatin1String("IVF")));
        QCOMPARE(VectorIndex::factoryFor(4999, 5000), QStringLiteral("Flat"));
        QVERIFY(VectorIndex::factoryFor(5000, 5000).startsWith(QLatin1String("IVF")));
        qint64 low = 1000, high = 5'000'000; // the default crossover is a single switch
        while (high - low > 1) {
            const qint64 mid = (low + high) / 2;
            (VectorIndex::factoryFor(mid) == QLatin1String("Flat") ? low : high) = mid;
        }
        QVERIFY(VectorIndex::factoryFor(high + 1000).startsWith(QLatin1String("IVF")));
        QCOMPARE(VectorIndex::nprobeFor(QStringLiteral("Flat")), 0);
        QVERIFY(VectorIndex::nprobeFor(VectorIndex::factoryFor(high)) > 0);
        qInfo() << "exact below" << high << "then" << VectorIndex::factoryFor(high);
    }

    void nprobeIsRecorded()
    {
        const auto index = buildIndex(m_data, QStringLiteral("IVF64,Flat"));
        QCOMPARE(index->meta().nprobe, VectorIndex::nprobeFor(QStringLiteral("IVF64,Flat")));
        QVERIFY(index->meta().nprobe > 0);
    }

    // Top-10 recall of the IVF factory used above the crossover, against exact search, for
    // new photos of people already in the library.
    void ivfRecall()
    {
        const qint64 n = 20000;
        const int queries = 200;
        const SyntheticVectors v = fixture(n + queries, 512, 11);
        const QString factory = VectorIndex::factoryFor(n, 0);
        const auto exact = buildIndex(v, QStringLiteral("Flat"), n);
        const auto approximate = buildIndex(v, factory, n);
        QVERIFY(exact && approximate);
        const float* held = v.row(n);
        const auto truth = exact->search(held, queries, 10);
        const auto found = approximate->search(held, queries, 10, -1.f, storedIn(v));
        int hits = 0;
        for (int q = 0; q < queries; ++q)
            for (const SearchHit& t : truth[q])
                hits += std::any_of(found[q].begin(), found[q].end(),
                                    [&](const SearchHit& h) { return h.id == t.id; });
        const double recall = hits / double(queries * 10);
        qInfo() << factory << "nprobe" << approximate->meta().nprobe << "recall@10" << recall;
        QVERIFY(recall >= 0.99);
    }

    // The streamed build (train on a sample, add in blocks) gives the same index as one go.
    void builtInStepsAsInOneGo()
    {
        const auto whole = buildIndex(m_data, QStringLiteral("IVF64,SQ8"));
        VectorIndex::Meta meta = whole->meta();
        auto stepped = VectorIndex::create(meta, m_data.data.data(), m_data.count());
        QVERIFY2(stepped, qPrintable(stepped.error()));
        for (qint64 from = 0; from < m_data.count(); from += 700)
            QVERIFY((*stepped)->add(m_data.row(from), m_data.ids.data() + from,
                                    std::min<qint64>(700, m_data.count() - from)));
        QCOMPARE((*stepped)->meta().count, m_data.count());
        const auto a = whole->search(m_data.data.data(), 30, 10);
        const auto b = (*stepped)->search(m_data.data.data(), 30, 10);
        for (size_t q = 0; q < a.size(); ++q)
            for (size_t j = 0; j < a[q].size(); ++j)
                QCOMPARE(b[q][j].id, a[q][j].id);
        QVERIFY(!VectorIndex::create(meta, m_data.data.data(), 10)); // too few to train 64 lists
        // The portable code kernels find the same neighbours with the same similarities.
        kernels::setAccelerated(false);
        auto restore = qScopeGuard([] { kernels::setAccelerated(true); });
        const auto portable = (*stepped)->search(m_data.data.data(), 30, 10);
        for (size_t q = 0; q < a.size(); ++q)
            for (size_t j = 0; j < a[q].size(); ++j) {
                QCOMPARE(portable[q][j].id, a[q][j].id);
                QVERIFY(std::abs(portable[q][j].similarity - a[q][j].similarity) < 1e-4f);
            }
    }

    void kernelsAgreeWithPlainLoops_data()
    {
        QTest::addColumn<bool>("accelerated");
        QTest::newRow("portable") << false;
        QTest::newRow("AVX2 and F16C, when the CPU has them") << true;
    }
    void kernelsAgreeWithPlainLoops()
    {
        QFETCH(bool, accelerated);
        const bool used = kernels::setAccelerated(accelerated);
        auto restore = qScopeGuard([] { kernels::setAccelerated(true); });
        if (accelerated && !used)
            QSKIP("this CPU has no AVX2/F16C");
        QCOMPARE(used, accelerated);
        std::mt19937 rng(3);
        std::uniform_int_distribution<int> byte(0, 255);
        std::normal_distribution<float> normal;
        const int d = 515; // not a multiple of the vector width
        std::vector<float> weights(d);
        std::vector<uint8_t> codes(size_t(d) * 7);
        for (float& w : weights)
            w = normal(rng);
        for (uint8_t& c : codes)
            c = uint8_t(byte(rng));
        std::vector<float> dots(7);
        kernels::codeDots(weights.data(), codes.data(), 7, d, dots.data());
        for (int i = 0; i < 7; ++i) {
            double expected = 0;
            for (int j = 0; j < d; ++j)
                expected += double(weights[j]) * codes[size_t(i) * d + j];
            QVERIFY(std::abs(dots[i] - expected) < 1e-3 * (1 + std::abs(expected)));
        }
        std::vector<float> values{0.f, -0.f, 1.f, -2.5f, 65504.f, 1e-5f, 6.1e-5f, 0.33333f, 1e6f, -1e-8f};
        for (int i = 0; i < 100; ++i)
            values.push_back(normal(rng) * 0.05f);
        std::vector<uint16_t> half(values.size());
        std::vector<float> back(values.size());
        kernels::toHalf(values.data(), half.data(), values.size());
        kernels::fromHalf(half.data(), back.data(), values.size());
        for (size_t i = 0; i < values.size(); ++i) {
            if (std::abs(values[i]) > 65504.f)
                QVERIFY(std::isinf(back[i]));
            else
                QVERIFY2(std::abs(back[i] - values[i]) <= std::max(std::abs(values[i]) / 1024.f, 6e-8f),
                         qPrintable(QStringLiteral("%1 -> %2").arg(values[i]).arg(back[i])));
        }
        QCOMPARE(half[2], uint16_t(0x3c00)); // 1.0
        QCOMPARE(half[4], uint16_t(0x7bff)); // the largest half
    }

    void searchesConcurrently()
    {
        const auto index = buildIndex(m_data, QStringLiteral("IVF64,Flat"));
        std::vector<int> rows(200);
        std::iota(rows.begin(), rows.end(), 0);
        const auto parallel = QtConcurrent::blockingMapped(
            rows, [&](int r) { return index->search(m_data.row(r), 1, 10)[0]; });
        for (int r : rows) {
            const auto serial = index->search(m_data.row(r), 1, 10)[0];
            QCOMPARE(parallel[r].size(), serial.size());
            for (size_t j = 0; j < serial.size(); ++j)
                QCOMPARE(parallel[r][j].id, serial[j].id);
        }
    }
};

QTEST_GUILESS_MAIN(TestVectorIndex)
#include "tst_vectorindex.moc"
