#include "syntheticvectors.h"
#include "vectorindex.h"

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
            const auto hits = index->search(m_data.row(row), 1, 3);
            QCOMPARE(hits.size(), size_t(1));
            QVERIFY(!hits[0].empty());
            QCOMPARE(hits[0][0].id, m_data.ids[row]);
            QVERIFY(std::abs(hits[0][0].similarity - 1.f) < 1e-4f);
        }
    }

    void plantedNeighbour_data()
    {
        QTest::addColumn<QString>("factory");
        QTest::addColumn<float>("cosine");
        for (const char* factory : {"Flat", "IVF64,Flat"})
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
        const auto hits = index->search(query.data(), 1, 5);
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
        const auto found = approximate->search(held, queries, 10);
        int hits = 0;
        for (int q = 0; q < queries; ++q)
            for (const SearchHit& t : truth[q])
                hits += std::any_of(found[q].begin(), found[q].end(),
                                    [&](const SearchHit& h) { return h.id == t.id; });
        const double recall = hits / double(queries * 10);
        qInfo() << factory << "nprobe" << approximate->meta().nprobe << "recall@10" << recall;
        QVERIFY(recall >= 0.99);
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
