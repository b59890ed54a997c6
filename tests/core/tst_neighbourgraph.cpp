#include "neighbourgraph.h"
#include "syntheticvectors.h"
#include "vectorkernels.h"

#include <QtTest>

#include <algorithm>
#include <set>

using namespace lookalike;

namespace {

using Graph = std::vector<std::vector<SearchHit>>;

SyntheticVectors fixture(qint64 count, int dimension)
{
    SyntheticSpec spec;
    spec.count = count;
    spec.dimension = dimension;
    spec.firstId = 500;
    spec.idStep = 2;
    return makeSyntheticVectors(spec);
}

Graph build(const SyntheticVectors& v, NeighbourGraph::Options options)
{
    auto graph =
        NeighbourGraph::build(v.data.data(), v.ids.data(), v.count(), v.dimension, options);
    if (!graph)
        qWarning() << graph.error();
    return graph ? *graph : Graph{};
}

float dot(const SyntheticVectors& v, qint64 a, qint64 b)
{
    float s = 0;
    for (int t = 0; t < v.dimension; ++t)
        s += v.row(a)[t] * v.row(b)[t];
    return s;
}

// Brute force with plain loops, the reference for the exact path.
std::vector<SearchHit> bruteForce(const SyntheticVectors& v, qint64 row, int k)
{
    std::vector<SearchHit> all;
    for (qint64 j = 0; j < v.count(); ++j) {
        if (j != row)
            all.push_back({v.ids[j], dot(v, row, j)});
    }
    std::partial_sort(
        all.begin(), all.begin() + k, all.end(),
        [](const SearchHit& a, const SearchHit& b) { return a.similarity > b.similarity; });
    all.resize(k);
    return all;
}

double recall(const Graph& found, const Graph& truth, const std::vector<qint64>& rows)
{
    qint64 hits = 0, total = 0;
    for (qint64 r : rows)
        for (const SearchHit& t : truth[r]) {
            ++total;
            hits += std::any_of(found[r].begin(), found[r].end(),
                                [&](const SearchHit& h) { return h.id == t.id; });
        }
    return double(hits) / double(total);
}

} // namespace

class TestNeighbourGraph : public QObject {
    Q_OBJECT

private slots:
    void exactMatchesBruteForce_data()
    {
        QTest::addColumn<int>("threads");
        QTest::newRow("one thread") << 1;
        QTest::newRow("two threads") << 2;
    }
    void exactMatchesBruteForce()
    {
        QFETCH(int, threads);
        const SyntheticVectors v = fixture(700, 64);
        NeighbourGraph::Options options;
        options.threads = threads;
        const Graph graph = build(v, options);
        QCOMPARE(qint64(graph.size()), v.count());
        for (qint64 row : sampleRows(v.count(), 60, 3)) {
            const auto expected = bruteForce(v, row, options.k);
            QCOMPARE(graph[row].size(), expected.size());
            for (size_t j = 0; j < expected.size(); ++j) { // ranks agree up to float ties
                QVERIFY(std::abs(graph[row][j].similarity - expected[j].similarity) < 1e-4f);
                const qint64 other = (graph[row][j].id - v.ids[0]) / 2;
                QVERIFY(std::abs(graph[row][j].similarity - dot(v, row, other)) < 1e-4f);
            }
        }
    }

    void excludesSelfAndRepeats_data()
    {
        QTest::addColumn<qint64>("exactBelow");
        QTest::newRow("exact") << qint64(1'000'000);
        QTest::newRow("approximate") << qint64(0);
    }
    void excludesSelfAndRepeats()
    {
        QFETCH(qint64, exactBelow);
        const SyntheticVectors v = fixture(3000, 64);
        NeighbourGraph::Options options;
        options.exactBelow = exactBelow;
        const Graph graph = build(v, options);
        for (qint64 r = 0; r < v.count(); ++r) {
            std::set<qint64> seen;
            for (const SearchHit& hit : graph[r]) {
                QVERIFY(hit.id != v.ids[r]);
                QVERIFY(seen.insert(hit.id).second);
            }
            QVERIFY(std::is_sorted(graph[r].begin(), graph[r].end(),
                                   [](const SearchHit& a, const SearchHit& b) {
                                       return a.similarity > b.similarity;
                                   }));
        }
    }

    void fewerVectorsThanK()
    {
        const SyntheticVectors v = fixture(4, 32);
        const Graph graph = build(v, {});
        QCOMPARE(graph.size(), size_t(4));
        for (const auto& row : graph)
            QCOMPARE(row.size(), size_t(3));
        QCOMPARE(build(fixture(1, 32), {}).size(), size_t(1));
    }

    void badInputIsAnError()
    {
        const SyntheticVectors v = fixture(10, 32);
        QVERIFY(!NeighbourGraph::build(v.data.data(), v.ids.data(), 10, 0, {}));
        QVERIFY(!NeighbourGraph::build(nullptr, v.ids.data(), 10, 32, {}));
        NeighbourGraph::Options noNeighbours;
        noNeighbours.k = 0;
        QVERIFY(!NeighbourGraph::build(v.data.data(), v.ids.data(), 10, 32, noNeighbours));
    }

    // The approximate search against the exact one on face-like data (512-d).
    void approximateRecall_data()
    {
        QTest::addColumn<int>("threads");
        QTest::newRow("one thread") << 1;
        QTest::newRow("two threads") << 2;
    }
    void approximateRecall()
    {
        QFETCH(int, threads);
        static const SyntheticVectors v = fixture(20000, 512);
        static const Graph exact = [] {
            NeighbourGraph::Options options;
            options.exactBelow = 1'000'000;
            return build(v, options);
        }();
        NeighbourGraph::Options options;
        options.exactBelow = 0;
        options.threads = threads;
        NeighbourGraph::Stats stats;
        options.stats = &stats;
        const Graph approximate = build(v, options);
        QVERIFY(!stats.exact);
        const double r = recall(approximate, exact, sampleRows(v.count(), 2000, 9));
        qInfo() << "recall@10" << r << "leaves" << stats.cells << "probes" << stats.probes;
        QVERIFY(r >= 0.97);
    }

    // Half floats in, taken over: the same graph as from floats (the approximate search
    // converts floats to half floats itself), similarities within 2e-3 of exact ones.
    void halfFloatsGiveTheSameGraph()
    {
        const SyntheticVectors v = fixture(12000, 128);
        NeighbourGraph::Options options;
        options.exactBelow = 0;
        options.threads = 1;
        const Graph fromFloats = build(v, options);
        std::vector<uint16_t> halves(v.data.size());
        kernels::toHalf(v.data.data(), halves.data(), halves.size());
        auto fromHalves = NeighbourGraph::build(std::move(halves), v.ids.data(), v.count(),
                                                v.dimension, options);
        QVERIFY2(fromHalves, qPrintable(fromHalves.error()));
        QCOMPARE(fromHalves->size(), fromFloats.size());
        for (size_t r = 0; r < fromFloats.size(); ++r) {
            QCOMPARE((*fromHalves)[r].size(), fromFloats[r].size());
            for (size_t j = 0; j < fromFloats[r].size(); ++j) {
                QCOMPARE((*fromHalves)[r][j].id, fromFloats[r][j].id);
                const qint64 other = (fromFloats[r][j].id - 500) / 2;
                QVERIFY(std::abs(fromFloats[r][j].similarity - dot(v, qint64(r), other)) < 2e-3f);
            }
        }
        std::vector<uint16_t> wrong(10);
        QVERIFY(!NeighbourGraph::build(std::move(wrong), v.ids.data(), v.count(), v.dimension, options));
    }

    void pairsOncePerPairSortedAboveThreshold()
    {
        const SyntheticVectors v = fixture(3000, 64);
        const Graph graph = build(v, {});
        const float threshold = 0.5f;
        const auto pairs = NeighbourGraph::pairs(graph, v.ids.data(), threshold);
        QVERIFY(!pairs.empty());
        std::set<std::pair<qint64, qint64>> seen;
        for (size_t i = 0; i < pairs.size(); ++i) {
            QVERIFY(pairs[i].a < pairs[i].b);
            QVERIFY(pairs[i].similarity >= threshold);
            QVERIFY(seen.insert({pairs[i].a, pairs[i].b}).second);
            if (i > 0)
                QVERIFY(pairs[i - 1].similarity >= pairs[i].similarity);
        }
        std::set<std::pair<qint64, qint64>> expected; // every graph edge above the threshold
        for (qint64 r = 0; r < v.count(); ++r)
            for (const SearchHit& h : graph[r])
                if (h.similarity >= threshold)
                    expected.insert({std::min(v.ids[r], h.id), std::max(v.ids[r], h.id)});
        QCOMPARE(seen, expected);
    }

    void cancellationStopsEarly_data()
    {
        QTest::addColumn<qint64>("exactBelow");
        QTest::newRow("exact") << qint64(1'000'000);
        QTest::newRow("approximate") << qint64(0);
    }
    void cancellationStopsEarly()
    {
        QFETCH(qint64, exactBelow);
        const SyntheticVectors v = fixture(12000, 128);
        std::atomic_bool cancel{false};
        double last = 0;
        int reports = 0;
        NeighbourGraph::Options options;
        options.exactBelow = exactBelow;
        options.cancel = &cancel;
        options.progress = [&](double fraction) {
            last = fraction;
            if (++reports == 3)
                cancel = true;
        };
        const auto graph =
            NeighbourGraph::build(v.data.data(), v.ids.data(), v.count(), v.dimension, options);
        QVERIFY(!graph);
        QVERIFY(graph.error().contains(QLatin1String("cancelled")));
        QVERIFY(last < 1.0);
    }

    void progressRisesToOne()
    {
        const SyntheticVectors v = fixture(12000, 64);
        std::vector<double> seen;
        NeighbourGraph::Options options;
        options.exactBelow = 0;
        options.progress = [&](double fraction) { seen.push_back(fraction); };
        QVERIFY(!build(v, options).empty());
        QVERIFY(seen.size() > 2);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), 1.0);
    }
};

QTEST_GUILESS_MAIN(TestNeighbourGraph)
#include "tst_neighbourgraph.moc"
