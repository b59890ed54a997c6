#include "maplayout.h"

#include "fuzzygraph.h"
#include "layoutoptimizer.h"
#include "neighbourgraph.h"
#include "parallelfor.h"

#include <faiss/VectorTransform.h>
#include <faiss/impl/FaissException.h>
#include <faiss/utils/distances.h>

#include <QLoggingCategory>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>

Q_LOGGING_CATEGORY(lcMap, "lookalike.core.map")

namespace lookalike {
namespace {

using Clock = std::chrono::steady_clock;
using Graph = std::vector<std::vector<SearchHit>>;

constexpr qint64 kPcaSample = 20000;
constexpr float kPcaExtent = 10.f;          // largest start coordinate, as UMAP's spectral start
constexpr float kJitter = 1e-4f;            // of the extent
constexpr float kPlaceLearningRate = 0.25f; // UMAP's transform() starts at a quarter
// Share of the work, for progress: measured at 100,000 synthetic faces on 2 cores.
constexpr double kNeighbourShare = 0.35, kGraphShare = 0.05, kInitShare = 0.02;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void report(const MapLayout::Options& o, double fraction)
{
    if (o.progress)
        o.progress(std::clamp(fraction, 0.0, 1.0));
}

bool cancelled(const MapLayout::Options& o)
{
    return o.cancel && o.cancel->load();
}

Error cancelledError()
{
    return Error{QStringLiteral("Map layout cancelled")};
}

LayoutOptimizer::Options optimiserOptions(const MapLayout::Options& o, qint64 n, double from,
                                          double to)
{
    LayoutOptimizer::Options opt;
    opt.epochs = MapLayout::epochsFor(n, o);
    opt.negativeSamples = o.negativeSamples;
    opt.attraction = o.attraction;
    opt.seed = o.seed;
    opt.threads = o.threads;
    opt.cancel = o.cancel;
    if (o.progress)
        opt.progress = [&o, from, to](double f) { report(o, from + (to - from) * f); };
    return opt;
}

// Exact k nearest of `queries` among `base`, appended to rows[i] with ids offset by
// `firstId`; a query is never its own neighbour when `skipSelfFrom` >= 0 (query i is base
// row skipSelfFrom + i).
void exactNeighbours(const float* queries, qint64 nq, const float* base, qint64 nb, int d, int k,
                     qint64 firstId, qint64 skipSelfFrom, Graph& rows)
{
    if (nq == 0 || nb == 0)
        return;
    const int kk = int(std::min<qint64>(k + 1, nb));
    std::vector<float> sims(size_t(nq) * kk);
    std::vector<int64_t> labels(size_t(nq) * kk);
    faiss::knn_inner_product(queries, base, size_t(d), size_t(nq), size_t(nb), size_t(kk),
                             sims.data(), labels.data());
    for (qint64 i = 0; i < nq; ++i)
        for (int j = 0; j < kk; ++j) {
            const int64_t l = labels[i * kk + j];
            if (l >= 0 && (skipSelfFrom < 0 || l != i))
                rows[i].push_back({firstId + l, sims[i * kk + j]});
        }
}

// Start positions of the added vertices (rows nBase.. of `rows`, their neighbours by id):
// the strength-weighted mean of the neighbours already placed; repeated so that a new
// vector whose neighbours are all new follows them; the map's centre as a last resort.
void startPositions(const Graph& rows, qint64 nBase, std::vector<float>& positions)
{
    const qint64 n = qint64(rows.size());
    std::vector<char> placed(n, 0);
    std::fill(placed.begin(), placed.begin() + nBase, 1);
    double cx = 0, cy = 0;
    for (qint64 i = 0; i < nBase; ++i) {
        cx += positions[2 * i] / double(nBase);
        cy += positions[2 * i + 1] / double(nBase);
    }
    for (int pass = 0; pass < 3; ++pass)
        for (qint64 v = nBase; v < n; ++v) {
            if (placed[v])
                continue;
            std::vector<float> distances;
            for (const SearchHit& h : rows[v])
                distances.push_back(std::max(0.f, 1.f - h.similarity));
            const std::vector<float> strengths = FuzzyGraph::memberships(distances);
            double x = 0, y = 0, total = 0;
            for (size_t j = 0; j < rows[v].size(); ++j)
                if (const qint64 u = rows[v][j].id; placed[u]) {
                    x += strengths[j] * positions[2 * u];
                    y += strengths[j] * positions[2 * u + 1];
                    total += strengths[j];
                }
            if (total > 0 || pass == 2) {
                positions[2 * v] = float(total > 0 ? x / total : cx);
                positions[2 * v + 1] = float(total > 0 ? y / total : cy);
                placed[v] = 1;
            }
        }
}

float dot(const float* a, const float* b, int d)
{
    float s[8] = {};
    int i = 0;
    for (; i + 8 <= d; i += 8)
        for (int j = 0; j < 8; ++j)
            s[j] += a[i + j] * b[i + j];
    for (; i < d; ++i)
        s[0] += a[i] * b[i];
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

// NeighbourGraph's similarities differ in their last bits with the thread that computed
// them: recomputed here in one fixed order, ties broken by id, so that the map does not
// depend on the number of threads.
void fixSimilarities(const float* vectors, int d, int threads, Graph& graph)
{
    const int64_t n = int64_t(graph.size());
    const int chunks = int(std::min<int64_t>(n, 256));
    parallelFor(chunks, threads, [&](int c) {
        for (int64_t r = n * c / chunks; r < n * (c + 1) / chunks; ++r) {
            for (SearchHit& h : graph[r])
                h.similarity = dot(vectors + r * d, vectors + h.id * d, d);
            std::sort(graph[r].begin(), graph[r].end(), [](const SearchHit& a, const SearchHit& b) {
                return a.similarity != b.similarity ? a.similarity > b.similarity : a.id < b.id;
            });
        }
    });
}

// Below three points there is nothing to learn: a line.
std::vector<float> trivialLayout(qint64 n)
{
    std::vector<float> out(size_t(n) * 2, 0.f);
    for (qint64 i = 0; i < n; ++i)
        out[2 * i] = float(i);
    return out;
}

} // namespace

std::pair<float, float> MapLayout::positionAmong(const std::vector<float>& similarities,
                                                 const std::vector<float>& positions)
{
    std::vector<float> distances;
    for (float s : similarities)
        distances.push_back(std::max(0.f, 1.f - s));
    const std::vector<float> strengths = FuzzyGraph::memberships(distances);
    double x = 0, y = 0, total = 0;
    for (size_t j = 0; j < strengths.size() && 2 * j + 1 < positions.size(); ++j) {
        x += strengths[j] * positions[2 * j];
        y += strengths[j] * positions[2 * j + 1];
        total += strengths[j];
    }
    if (total <= 0)
        return {NAN, NAN};
    return {float(x / total), float(y / total)};
}

int MapLayout::epochsFor(qint64 n, const Options& options)
{
    return options.epochs > 0 ? options.epochs : n < 10000 ? 500 : 200;
}

Expected<std::vector<float>> MapLayout::principalComponents(const float* vectors, qint64 n, int d,
                                                            quint64 seed)
{
    if (n < 3)
        return trivialLayout(n);
    std::vector<float> out(size_t(n) * 2, 0.f);
    try {
        const qint64 sample = std::min(n, kPcaSample);
        std::vector<float> train(size_t(sample) * d);
        for (qint64 i = 0; i < sample; ++i)
            std::copy_n(vectors + (i * n / sample) * d, d, train.data() + i * d);
        faiss::PCAMatrix pca(d, 2);
        pca.train(sample, train.data());
        pca.apply_noalloc(n, vectors, out.data());
    } catch (const faiss::FaissException& e) {
        return Error{QStringLiteral("Principal components failed in FAISS: %1")
                         .arg(QString::fromStdString(e.msg))};
    }
    float largest = 0;
    for (float v : out)
        largest = std::max(largest, std::abs(v));
    const float scale = largest > 0 ? kPcaExtent / largest : 1.f;
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> noise(0.f, kJitter * kPcaExtent);
    for (float& v : out)
        v = v * scale + noise(rng);
    return out;
}

Expected<std::vector<float>> MapLayout::compute(const float* vectors, qint64 n, int d,
                                                const Options& o)
{
    Stats stats;
    if (n <= 0)
        return std::vector<float>();
    std::vector<qint64> rows(n);
    std::iota(rows.begin(), rows.end(), 0);
    auto start = Clock::now();
    NeighbourGraph::Options search;
    search.k = o.neighbours;
    search.threads = o.threads;
    search.cancel = o.cancel;
    if (o.progress)
        search.progress = [&o](double f) { report(o, kNeighbourShare * f); };
    auto neighbours = NeighbourGraph::build(vectors, rows.data(), n, d, search);
    if (!neighbours)
        return Error{neighbours.error()};
    fixSimilarities(vectors, d, threadsOrCores(o.threads), *neighbours);
    stats.neighbourSeconds = secondsSince(start);

    start = Clock::now();
    const FuzzyGraph graph = FuzzyGraph::fromNeighbours(*neighbours);
    neighbours->clear();
    neighbours->shrink_to_fit();
    stats.graphSeconds = secondsSince(start);
    stats.edges = graph.edgeCount();
    report(o, kNeighbourShare + kGraphShare);
    if (cancelled(o))
        return cancelledError();

    start = Clock::now();
    auto positions = principalComponents(vectors, n, d, o.seed);
    if (!positions)
        return positions;
    stats.initSeconds = secondsSince(start);
    const double optimiseFrom = kNeighbourShare + kGraphShare + kInitShare;
    report(o, optimiseFrom);

    start = Clock::now();
    const LayoutOptimizer::Options opt = optimiserOptions(o, n, optimiseFrom, 1.0);
    if (!LayoutOptimizer::optimise(graph, *positions, opt))
        return cancelledError();
    stats.optimiseSeconds = secondsSince(start);
    stats.epochs = opt.epochs;
    if (o.stats)
        *o.stats = stats;
    qCDebug(lcMap) << "map of" << n << "vectors:" << stats.neighbourSeconds << "s neighbours,"
                   << stats.graphSeconds << "s graph," << stats.optimiseSeconds << "s descent";
    return positions;
}

Expected<std::vector<float>> MapLayout::place(const float* base, const float* basePositions,
                                              qint64 nBase, const float* added, qint64 nAdded,
                                              int d, const Options& o)
{
    if (nAdded <= 0)
        return std::vector<float>();
    const qint64 n = nBase + nAdded;
    Graph rows(n);
    try {
        Graph addedRows(nAdded);
        exactNeighbours(added, nAdded, base, nBase, d, o.neighbours, 0, -1, addedRows);
        exactNeighbours(added, nAdded, added, nAdded, d, o.neighbours, nBase, 0, addedRows);
        for (qint64 i = 0; i < nAdded; ++i) {
            auto& hits = addedRows[i];
            std::sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) {
                return a.similarity > b.similarity;
            });
            if (qint64(hits.size()) > o.neighbours)
                hits.resize(size_t(o.neighbours));
            rows[nBase + i] = std::move(hits);
        }
    } catch (const faiss::FaissException& e) {
        return Error{QStringLiteral("Neighbour search failed in FAISS: %1")
                         .arg(QString::fromStdString(e.msg))};
    }
    report(o, 0.3);
    if (cancelled(o))
        return cancelledError();
    std::vector<float> positions(size_t(n) * 2);
    std::copy_n(basePositions, size_t(nBase) * 2, positions.begin());
    startPositions(rows, nBase, positions);
    const FuzzyGraph graph = FuzzyGraph::fromNeighbours(rows);
    LayoutOptimizer::Options opt = optimiserOptions(o, n, 0.35, 1.0);
    opt.epochs = o.placeEpochs;
    opt.learningRate = kPlaceLearningRate;
    opt.firstMoving = nBase;
    if (!LayoutOptimizer::optimise(graph, positions, opt))
        return cancelledError();
    return std::vector<float>(positions.begin() + nBase * 2, positions.end());
}

} // namespace lookalike
