#include "benchmarks.h"

#include "neighbourgraph.h"
#include "syntheticvectors.h"
#include "vectorindex.h"
#include "vectorkernels.h"

#include <QJsonArray>

#include <faiss/utils/distances.h>

#include <algorithm>
#include <chrono>
#include <sys/resource.h>
#include <thread>
#include <unordered_set>

namespace lookalike {
namespace {

using Clock = std::chrono::steady_clock;
constexpr qint64 kCurveUpTo = 200000; // faces up to which bench dupes draws the probe curve
using Graph = std::vector<std::vector<SearchHit>>;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// The exact top-k ids (self excluded) of each sampled row: rows.size() * k.
std::vector<qint64> exactTopK(const SyntheticVectors& v, const std::vector<qint64>& rows, int k)
{
    const int d = v.dimension;
    std::vector<float> queries(rows.size() * d);
    for (size_t i = 0; i < rows.size(); ++i)
        std::copy_n(v.row(rows[i]), d, queries.data() + i * d);
    std::vector<float> sims(rows.size() * (k + 1));
    std::vector<int64_t> labels(rows.size() * (k + 1));
    faiss::knn_inner_product(queries.data(), v.data.data(), d, rows.size(), v.count(), k + 1,
                             sims.data(), labels.data());
    std::vector<qint64> out;
    for (size_t i = 0; i < rows.size(); ++i) {
        int taken = 0;
        for (int j = 0; j <= k && taken < k; ++j)
            if (labels[i * (k + 1) + j] != rows[i] && labels[i * (k + 1) + j] >= 0) {
                out.push_back(v.ids[labels[i * (k + 1) + j]]);
                ++taken;
            }
        out.resize((i + 1) * k, -1);
    }
    return out;
}

// Fraction of the true top-k ids found in the approximate lists.
double recallOf(const std::vector<std::vector<SearchHit>>& found, const std::vector<qint64>& truth,
                int k)
{
    qint64 hits = 0, total = 0;
    for (size_t i = 0; i < found.size(); ++i) {
        std::unordered_set<qint64> got;
        for (const SearchHit& h : found[i])
            got.insert(h.id);
        for (int j = 0; j < k; ++j)
            if (const qint64 id = truth[i * k + j]; id >= 0) {
                ++total;
                hits += got.count(id);
            }
    }
    return total ? double(hits) / total : 1.0;
}

// One build on v's floats, or on `halves` (v's vectors as half floats, taken over) when given.
GraphRun runGraph(const SyntheticVectors& v, const NeighbourGraph::Options& options,
                  const std::vector<qint64>& rows, const std::vector<qint64>& truth,
                  std::vector<uint16_t>* halves = nullptr)
{
    NeighbourGraph::Stats stats;
    NeighbourGraph::Options o = options;
    o.stats = &stats;
    const auto start = Clock::now();
    const double cpu = processCpuSeconds();
    auto graph = halves ? NeighbourGraph::build(std::move(*halves), v.ids.data(), v.count(),
                                                v.dimension, o)
                        : NeighbourGraph::build(v.data.data(), v.ids.data(), v.count(),
                                                v.dimension, o);
    GraphRun run{stats.exact,         stats.cells,        stats.probes,
                 secondsSince(start), processCpuSeconds() - cpu, stats.trainSeconds};
    if (!graph)
        return run;
    std::vector<std::vector<SearchHit>> sampled;
    for (qint64 r : rows)
        sampled.push_back((*graph)[r]);
    run.recall = recallOf(sampled, truth, o.k);
    return run;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[size_t(p * double(values.size() - 1) + 0.5)];
}

// Times one query at a time; fills latency and the hits of every query.
void timeQueries(const VectorIndex& index, const std::vector<float>& queries, int d, int k,
                 QueryRun& run, Graph& hits)
{
    const qint64 nq = qint64(queries.size()) / d;
    std::vector<double> ms;
    hits.clear();
    for (qint64 q = -3; q < nq; ++q) { // three warm-up queries
        const float* query = queries.data() + std::max<qint64>(q, 0) * d;
        const auto start = Clock::now();
        auto result = index.search(query, 1, k);
        if (q >= 0) {
            ms.push_back(secondsSince(start) * 1000.0);
            hits.push_back(std::move(result.front()));
        }
    }
    run.medianMs = percentile(ms, 0.5);
    run.p95Ms = percentile(ms, 0.95);
}

QueryRun runQueries(const SyntheticVectors& v, qint64 n, const QString& factory,
                    const std::vector<float>& queries, int k, Graph& hits)
{
    QueryRun run;
    run.factory = factory;
    VectorIndex::Meta meta;
    meta.dimension = v.dimension;
    meta.factory = factory;
    const auto start = Clock::now();
    auto index = VectorIndex::build(v.data.data(), v.ids.data(), n, meta);
    run.buildSeconds = secondsSince(start);
    if (!index)
        return run;
    run.nprobe = (*index)->meta().nprobe;
    timeQueries(**index, queries, v.dimension, k, run, hits);
    return run;
}

QJsonObject toJson(const GraphRun& run)
{
    return {{"cpu_seconds", run.cpuSeconds},
            {"exact", run.exact},
            {"cells", run.cells},
            {"probes", run.probes},
            {"seconds", run.seconds},
            {"train_seconds", run.trainSeconds},
            {"recall", run.recall}};
}

} // namespace

double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return double(t.tv_sec) + t.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

GraphBench benchNeighbourGraph(qint64 n, int d, int k, const std::vector<int>& probes,
                               int sampleQueries)
{
    SyntheticSpec spec;
    spec.count = n;
    spec.dimension = d;
    SyntheticVectors v = makeSyntheticVectors(spec);
    GraphBench bench;
    bench.count = n;
    bench.dimension = d;
    bench.k = k;
    bench.threads = int(std::thread::hardware_concurrency());
    const std::vector<qint64> rows = sampleRows(n, sampleQueries, 7);
    bench.sampleQueries = int(rows.size());
    const auto start = Clock::now();
    const std::vector<qint64> truth = exactTopK(v, rows, k);
    bench.exactSampleSeconds = secondsSince(start);
    bench.exactEstimateSeconds =
        bench.exactSampleSeconds * double(n) / std::max<qint64>(1, rows.size());
    NeighbourGraph::Options options;
    options.k = k;
    NeighbourGraph::Options curve = options;
    curve.exactBelow = 0;
    if (n <= kCurveUpTo) // each point copies the vectors: not at a million
        for (int p : probes) {
            curve.probes = p;
            bench.curve.push_back(runGraph(v, curve, rows, truth));
        }
    // As dupes runs it: half floats (read from the library) taken over by the search; the
    // floats are dropped first so that peak memory is the search's.
    std::vector<uint16_t> halves(v.data.size());
    kernels::toHalf(v.data.data(), halves.data(), halves.size());
    std::vector<float>().swap(v.data);
    bench.standard = runGraph(v, options, rows, truth, &halves);
    return bench;
}

QueryBench benchQuery(qint64 n, int d, int k, int queries)
{
    SyntheticSpec spec;
    spec.count = n + queries; // the last rows are held out as queries
    spec.dimension = d;
    const SyntheticVectors v = makeSyntheticVectors(spec);
    const std::vector<float> held(v.data.begin() + n * d, v.data.end());
    QueryBench bench;
    bench.count = n;
    bench.dimension = d;
    bench.k = k;
    bench.queries = queries;
    Graph exact, approximate;
    bench.runs.push_back(runQueries(v, n, QStringLiteral("Flat"), held, k, exact));
    bench.runs.back().recall = 1.0;
    const QString ivf = VectorIndex::factoryFor(n, 0);
    bench.runs.push_back(runQueries(v, n, ivf, held, k, approximate));
    if (!approximate.empty()) {
        std::vector<qint64> truth;
        for (const auto& row : exact)
            for (int j = 0; j < k; ++j)
                truth.push_back(j < int(row.size()) ? row[j].id : -1);
        bench.runs.back().recall = recallOf(approximate, truth, k);
    }
    for (QueryRun& run : bench.runs)
        run.chosen = run.factory == VectorIndex::factoryFor(n);
    return bench;
}

QJsonObject toJson(const GraphBench& bench)
{
    QJsonArray curve;
    for (const GraphRun& run : bench.curve)
        curve.append(toJson(run));
    QJsonObject out = toJson(bench.standard);
    out.insert("faces", bench.count);
    out.insert("dimension", bench.dimension);
    out.insert("k", bench.k);
    out.insert("threads", bench.threads);
    out.insert("sample_queries", bench.sampleQueries);
    out.insert("exact_estimate_seconds", bench.exactEstimateSeconds);
    out.insert("curve", curve);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    out.insert("peak_rss_mb", usage.ru_maxrss / 1024.0); // the synthetic floats included
    return out;
}

QJsonObject toJson(const QueryBench& bench)
{
    QJsonArray runs;
    for (const QueryRun& run : bench.runs)
        runs.append(QJsonObject{{"factory", run.factory},
                                {"nprobe", run.nprobe},
                                {"chosen", run.chosen},
                                {"build_seconds", run.buildSeconds},
                                {"median_ms", run.medianMs},
                                {"p95_ms", run.p95Ms},
                                {"recall", run.recall}});
    return {{"faces", bench.count},
            {"dimension", bench.dimension},
            {"k", bench.k},
            {"queries", bench.queries},
            {"runs", runs}};
}

QJsonObject benchNeighbourGraphJson(qint64 n)
{
    return toJson(benchNeighbourGraph(n));
}

QJsonObject benchQueryJson(qint64 n)
{
    return toJson(benchQuery(n));
}

} // namespace lookalike
