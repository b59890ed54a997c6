#include "neighbourgraph.h"

#include "knnblocks.h"
#include "vectorkernels.h"

#include <faiss/impl/FaissException.h>
#include <faiss/utils/Heap.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace lookalike {
namespace {

using namespace knn;
using Graph = std::vector<std::vector<SearchHit>>;

// Defaults, tuned with benchNeighbourGraph() on 56,000 synthetic 512-d faces, 2 threads.
// Recall of the true top-10 and CPU seconds (all threads, machine loaded by other jobs) by
// probes: 4: 0.934, 2.0 s; 8: 0.959, 2.3 s; 12: 0.971, 2.5 s; 16: 0.976, 2.9 s;
// 20: 0.980, 3.4 s; 24: 0.982, 3.5 s; 32: 0.985, 4.1 s. Misses are lookalikes (other
// people at cosine 0.2-0.35): photos of the same person are found at any setting.
// Probes 20 keeps >= 0.975 over other seeds (0.975, 0.978). The exact search costs about
// as much as the approximate one at 10,000 faces (0.85 vs 0.68 CPU s) and is exact.
constexpr qint64 kExactBelow = 10000;
constexpr int kLeafSize = 20;       // mean vectors per leaf: about one person's photos
constexpr int kCoarseSize = 1280;   // mean vectors per coarse cell
constexpr int kCoarseProbes = 10;   // coarse cells whose leaves a vector ranks
constexpr int kProbes = 20;         // leaves a vector is compared with, its own included
constexpr double kTunedFor = 56000; // faces kProbes was tuned on
constexpr int kCoarseTrainPerCentroid = 256;
constexpr int64_t kCoarseTrainMax = 65536; // vectors the coarse k-means trains on, at most
// Leaves a vector is compared with, at most: memory (n * probes * 20 bytes of tables) and
// time grow with it. At 1,000,000 faces 24 probes keep the tables near 500 MB.
constexpr int kMaxProbes = 24;
constexpr int kLeafTrainPerCentroid = 16;
constexpr int kIterations = 6;   // k-means iterations, both levels
constexpr int kQueryBlock = 256; // exact search: query rows per work item

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Each block of rows against itself and all rows after it; pairs go both ways.
bool exactSearch(const float* vectors, qint64 n, int d, const NeighbourGraph::Options& options,
                 std::vector<Worker>& workers)
{
    const auto start = std::chrono::steady_clock::now();
    const int blocks = int((n + kQueryBlock - 1) / kQueryBlock);
    const bool done = runParallel(blocks, workers, {options}, [&](int b, Worker& w) {
        const qint64 first = qint64(b) * kQueryBlock;
        const Block x{vectors + first * d, std::min<qint64>(kQueryBlock, n - first), nullptr,
                      first};
        accumulate(x, {vectors + first * d, n - first, nullptr, first}, d, true, w);
    });
    if (options.stats)
        *options.stats = {true, 0, 0, 0.0, secondsSince(start)};
    return done;
}

// The vectors reordered so that every coarse cell, and every leaf inside it, is contiguous.
// A "position" is a row of `data`; order maps it back to the input row. Per-position
// tables are n rows wide. Vectors are kept as half floats (1 GB at 1,000,000 faces instead
// of 2 GB) and decoded into float tiles for BLAS; similarities are within ~1e-3 of exact.
struct Layout {
    int d = 0;
    std::vector<uint16_t> data; // n * d half floats
    std::vector<int64_t> order; // position -> input row
    int coarseCount = 0;
    int coarseProbes = 0;
    std::vector<int64_t> coarseBegin;          // coarseCount + 1 positions
    std::vector<int64_t> coarseProbe;          // n * coarseProbes cells, best first
    std::vector<std::vector<float>> centroids; // per coarse cell: its leaves * d
    std::vector<int64_t> firstLeaf;            // coarseCount + 1 global leaf numbers
    std::vector<int64_t> leafBegin;            // leaves + 1 positions
    int probes = 0;
    std::vector<float> probeSims; // n * probes min-heaps
    std::vector<int64_t> probe;   // n * probes leaves
    const uint16_t* at(int64_t position) const { return data.data() + position * d; }
    // Positions [first, first + count) as floats in `out`.
    const float* decode(int64_t first, int64_t count, std::vector<float>& out) const
    {
        out.resize(size_t(count) * d);
        kernels::fromHalf(at(first), out.data(), size_t(count) * d);
        return out.data();
    }
    // The vectors at `positions` as floats in `out`.
    void gather(const int64_t* positions, int64_t count, std::vector<float>& out) const
    {
        out.resize(size_t(count) * d);
        for (int64_t i = 0; i < count; ++i)
            kernels::fromHalf(at(positions[i]), out.data() + i * d, size_t(d));
    }
};

// Every vector's t nearest of `cells` centroids, best first: n * t cell numbers.
std::vector<int64_t> assign(const Layout& input, qint64 n, int d,
                            const std::vector<float>& centroids, int t,
                            std::vector<Worker>& workers, const Stage& stage)
{
    const int64_t cells = int64_t(centroids.size()) / d;
    Heaps nearest(n, t);
    const int chunks = int((n + kQueryBlock - 1) / kQueryBlock);
    runParallel(chunks, workers, stage, [&](int chunk, Worker& w) {
        const int64_t first = int64_t(chunk) * kQueryBlock;
        const int64_t count = std::min<int64_t>(kQueryBlock, n - first);
        w.tile.resize(size_t(count) * cells);
        innerProducts(input.decode(first, count, w.queries), count, centroids.data(), cells, d,
                      w.tile.data());
        for (int64_t i = 0; i < count; ++i)
            for (int64_t c = 0; c < cells; ++c)
                nearest.push(first + i, w.tile[i * cells + c], c);
    });
    nearest.sort();
    return std::move(nearest.rows);
}

// Applies `order` (position -> input row) to the rows of `data` in place: one vector of
// scratch instead of a second copy of all of them.
void permute(std::vector<uint16_t>& data, int d, const std::vector<int64_t>& order)
{
    const int64_t n = int64_t(order.size());
    std::vector<bool> placed(n, false);
    std::vector<uint16_t> held(d);
    for (int64_t start = 0; start < n; ++start) {
        if (placed[start] || order[start] == start) {
            placed[start] = true;
            continue;
        }
        std::copy_n(data.data() + start * d, d, held.data());
        int64_t p = start;
        while (order[p] != start) {
            std::copy_n(data.data() + order[p] * d, d, data.data() + p * d);
            placed[p] = true;
            p = order[p];
        }
        std::copy_n(held.data(), d, data.data() + p * d);
        placed[p] = true;
    }
}

// Coarse k-means, then the vectors put in coarse cell order (in place: layout.data holds
// the input rows on entry). Uses only the workers' threads: FAISS's OpenMP stays
// single-threaded.
bool layOut(qint64 n, int d, int coarseProbes, std::vector<Worker>& workers, const Stage& stage,
            Layout& layout)
{
    const int cells = int(std::clamp<qint64>(std::lround(double(n) / kCoarseSize), 1, n));
    const int t = layout.coarseProbes = std::min(coarseProbes, cells);
    layout.d = d;
    layout.coarseCount = cells;
    std::vector<float> coarse;
    {
        const int64_t wanted = std::min<int64_t>(
            n, std::min<int64_t>(int64_t(cells) * kCoarseTrainPerCentroid, kCoarseTrainMax));
        std::vector<int64_t> rows(wanted);
        for (int64_t i = 0; i < wanted; ++i)
            rows[i] = int64_t(double(i) * n / wanted);
        std::vector<float> sample;
        layout.gather(rows.data(), wanted, sample);
        SingleThreaded single;
        coarse = kmeans(sample.data(), wanted, d, cells, kCoarseTrainPerCentroid, kIterations);
    }
    const std::vector<int64_t> labels = assign(layout, n, d, coarse, t, workers, stage);
    if (stage.cancelled())
        return false;
    const Buckets members = bucketise(labels.data(), n, t, 1, cells);
    layout.coarseBegin = members.offsets;
    layout.order.resize(n);
    layout.coarseProbe.resize(labels.size());
    for (int64_t p = 0; p < n; ++p) {
        const int64_t row = layout.order[p] = members.items[p] / t;
        std::copy_n(labels.data() + row * t, t, layout.coarseProbe.data() + p * t);
    }
    permute(layout.data, d, layout.order);
    return !stage.cancelled();
}

// k-means inside every coarse cell, on its members.
bool trainLeaves(Layout& layout, int leafSize, std::vector<Worker>& workers, const Stage& stage)
{
    const int d = layout.d;
    layout.centroids.assign(layout.coarseCount, {});
    const bool done = runParallel(layout.coarseCount, workers, stage, [&](int c, Worker& w) {
        const int64_t size = layout.coarseBegin[c + 1] - layout.coarseBegin[c];
        const int k = int(std::clamp<int64_t>(std::lround(double(size) / leafSize), 1, size));
        if (size > 0)
            layout.centroids[c] = kmeans(layout.decode(layout.coarseBegin[c], size, w.base),
                                         size, d, k, kLeafTrainPerCentroid, kIterations);
    });
    layout.firstLeaf.assign(layout.coarseCount + 1, 0);
    for (int c = 0; c < layout.coarseCount; ++c)
        layout.firstLeaf[c + 1] = layout.firstLeaf[c] + int64_t(layout.centroids[c].size()) / d;
    return done;
}

// Coarse cells probed by the vectors at positions [begin, end), own cell first.
std::vector<int64_t> probedCells(const Layout& layout, int64_t begin, int64_t end)
{
    std::vector<char> seen(layout.coarseCount, 0);
    std::vector<int64_t> cells;
    for (int64_t i = begin * layout.coarseProbes; i < end * layout.coarseProbes; ++i)
        if (const int64_t cell = layout.coarseProbe[i]; !seen[cell]) {
            seen[cell] = 1;
            cells.push_back(cell);
        }
    return cells;
}

// Positions in [begin, end) that probe `cell`, with their vectors in w.queries unless all do.
std::vector<int64_t> probersOf(const Layout& layout, int64_t begin, int64_t end, int64_t cell,
                               Worker& w)
{
    std::vector<int64_t> out;
    for (int64_t p = begin; p < end; ++p) {
        const int64_t* cells = layout.coarseProbe.data() + p * layout.coarseProbes;
        if (std::find(cells, cells + layout.coarseProbes, cell) != cells + layout.coarseProbes)
            out.push_back(p);
    }
    if (int64_t(out.size()) < end - begin)
        layout.gather(out.data(), int64_t(out.size()), w.queries);
    else
        layout.decode(begin, end - begin, w.queries);
    return out;
}

// Offers the leaves of `cell` to the probe heaps of the vectors of coarse cell c that probe
// it; for c itself, records each vector's nearest leaf in `own` (local leaf numbers).
void offerLeaves(Layout& layout, int c, int64_t cell, std::vector<float>& ownSims,
                 std::vector<int64_t>& own, Worker& w)
{
    const int64_t begin = layout.coarseBegin[c], end = layout.coarseBegin[c + 1];
    const int64_t leaves = int64_t(layout.centroids[cell].size()) / layout.d;
    const std::vector<int64_t> rows = probersOf(layout, begin, end, cell, w);
    if (leaves == 0 || rows.empty())
        return;
    const int64_t count = int64_t(rows.size());
    const float* x = w.queries.data(); // decoded by probersOf
    w.tile.resize(size_t(count) * leaves);
    innerProducts(x, count, layout.centroids[cell].data(), leaves, layout.d, w.tile.data());
    const int p = layout.probes;
    for (int64_t i = 0; i < count; ++i) {
        float* sims = layout.probeSims.data() + rows[i] * p;
        int64_t* ids = layout.probe.data() + rows[i] * p;
        for (int64_t j = 0; j < leaves; ++j) {
            const float s = w.tile[i * leaves + j];
            if (s > sims[0])
                faiss::minheap_replace_top(p, sims, ids, s, layout.firstLeaf[cell] + j);
            if (cell == c && s > ownSims[rows[i] - begin]) {
                ownSims[rows[i] - begin] = s;
                own[rows[i] - begin] = j;
            }
        }
    }
}

// Moves position `from` of the old tables to position `to` of the layout.
void movePosition(Layout& layout, const Layout& old, int64_t from, int64_t to)
{
    const int t = layout.coarseProbes, p = layout.probes, d = layout.d;
    std::copy_n(old.at(from), d, layout.data.data() + to * d);
    layout.order[to] = old.order[from];
    std::copy_n(old.coarseProbe.data() + from * t, t, layout.coarseProbe.data() + to * t);
    std::copy_n(old.probeSims.data() + from * p, p, layout.probeSims.data() + to * p);
    std::copy_n(old.probe.data() + from * p, p, layout.probe.data() + to * p);
}

// Reorders coarse cell c by nearest leaf: each leaf's members become contiguous.
void sortByLeaf(Layout& layout, int c, const std::vector<int64_t>& own,
                std::vector<int64_t>& leafSizes)
{
    const int64_t begin = layout.coarseBegin[c], count = int64_t(own.size());
    const Buckets byLeaf = bucketise(own.data(), count, 1, 1, int64_t(leafSizes.size()));
    Layout old; // this cell's tables, copied
    old.d = layout.d;
    old.data.assign(layout.at(begin), layout.at(begin + count));
    old.order.assign(layout.order.begin() + begin, layout.order.begin() + begin + count);
    auto slice = [&](const auto& v, int width) {
        return std::vector(v.begin() + begin * width, v.begin() + (begin + count) * width);
    };
    old.coarseProbe = slice(layout.coarseProbe, layout.coarseProbes);
    old.probeSims = slice(layout.probeSims, layout.probes);
    old.probe = slice(layout.probe, layout.probes);
    for (int64_t i = 0; i < count; ++i)
        movePosition(layout, old, byLeaf.items[i], begin + i);
    for (size_t j = 0; j < leafSizes.size(); ++j)
        leafSizes[j] = byLeaf.size(int64_t(j));
}

void probeCell(Layout& layout, int c, std::vector<int64_t>& leafSizes, Worker& w)
{
    const int64_t count = layout.coarseBegin[c + 1] - layout.coarseBegin[c];
    std::vector<float> ownSims(count, -std::numeric_limits<float>::infinity());
    std::vector<int64_t> own(count, 0);
    for (int64_t cell : probedCells(layout, layout.coarseBegin[c], layout.coarseBegin[c + 1]))
        offerLeaves(layout, c, cell, ownSims, own, w);
    leafSizes.assign(layout.centroids[c].size() / layout.d, 0);
    sortByLeaf(layout, c, own, leafSizes);
}

// Every vector's `probes` nearest leaves among those of its nearest coarse cells.
bool probeLeaves(Layout& layout, int probes, std::vector<Worker>& workers, const Stage& stage)
{
    const int64_t n = int64_t(layout.order.size());
    const int p = layout.probes = int(std::min<int64_t>(probes, layout.firstLeaf.back()));
    layout.probeSims.resize(size_t(n) * p);
    layout.probe.resize(size_t(n) * p);
    for (int64_t i = 0; i < n; ++i)
        faiss::minheap_heapify(p, layout.probeSims.data() + i * p, layout.probe.data() + i * p);
    std::vector<std::vector<int64_t>> leafSizes(layout.coarseCount);
    if (!runParallel(layout.coarseCount, workers, stage,
                     [&](int c, Worker& w) { probeCell(layout, c, leafSizes[c], w); }))
        return false;
    layout.leafBegin.assign(1, 0);
    for (const auto& sizes : leafSizes)
        for (int64_t size : sizes)
            layout.leafBegin.push_back(layout.leafBegin.back() + size);
    return true;
}

// Every leaf against the vectors that probe it; pairs go both ways.
bool scanLeaves(Layout& layout, std::vector<Worker>& workers, const Stage& stage)
{
    const int64_t n = int64_t(layout.order.size()), leaves = layout.firstLeaf.back();
    const Buckets probers = bucketise(layout.probe.data(), n, layout.probes, layout.probes, leaves);
    // The probe table is now the probers by leaf: drop it (190 MB at 1,000,000 vectors).
    std::vector<int64_t>().swap(layout.probe);
    return runParallel(int(leaves), workers, stage, [&](int leaf, Worker& w) {
        const int64_t first = layout.leafBegin[leaf];
        const int64_t count = layout.leafBegin[leaf + 1] - first;
        const std::vector<int64_t> x = probers.rows(leaf);
        if (count == 0 || x.empty())
            return;
        const Block y{layout.decode(first, count, w.base), count, nullptr, first};
        layout.gather(x.data(), int64_t(x.size()), w.queries);
        accumulate({w.queries.data(), int64_t(x.size()), x.data()}, y, layout.d, true, w);
    });
}

// Lookalikes compete with more faces as n grows: probes grow with sqrt(n) above the tuned
// size (at 200,000 faces: 20 probes 0.960, 40 probes 0.972).
int probesFor(qint64 n, const NeighbourGraph::Options& options)
{
    if (options.probes > 0)
        return options.probes;
    return std::min(kMaxProbes,
                    int(std::lround(kProbes * std::sqrt(std::max(1.0, double(n) / kTunedFor)))));
}

// halves: the n input rows as half floats, taken over (reordered in place).
bool leafSearch(std::vector<uint16_t>&& halves, qint64 n, int d,
                const NeighbourGraph::Options& options, std::vector<Worker>& workers,
                std::vector<int64_t>& order)
{
    const auto start = std::chrono::steady_clock::now();
    const int leafSize =
        options.cells > 0 ? int(std::max<qint64>(2, n / options.cells)) : kLeafSize;
    Layout layout;
    layout.data = std::move(halves);
    if (!layOut(n, d, kCoarseProbes, workers, {options, 0.0, 0.0}, layout) ||
        !trainLeaves(layout, leafSize, workers, {options, 0.0, 0.1}) ||
        !probeLeaves(layout, probesFor(n, options), workers, {options, 0.1, 0.3}))
        return false;
    // Only the leaves each vector probes are needed from here on.
    std::vector<float>().swap(layout.probeSims);
    std::vector<int64_t>().swap(layout.coarseProbe);
    const double trained = secondsSince(start);
    const bool done = scanLeaves(layout, workers, {options, 0.3, 1.0});
    order = std::move(layout.order);
    if (options.stats)
        *options.stats = {false, int(layout.firstLeaf.back()), layout.probes, trained,
                          secondsSince(start) - trained};
    return done;
}

// Rows of the result, from heaps over positions; order maps positions to input rows
// (empty: the identity).
Graph toGraph(Heaps& heaps, const qint64* ids, const std::vector<int64_t>& order)
{
    const std::vector<int> found = heaps.sort();
    auto row = [&](int64_t p) { return order.empty() ? p : order[p]; };
    Graph graph(found.size());
    for (int64_t p = 0; p < int64_t(found.size()); ++p) {
        auto& hits = graph[row(p)];
        hits.reserve(found[p]);
        for (int j = 0; j < found[p]; ++j)
            hits.push_back({ids[row(heaps.rowsOf(p)[j])], heaps.simsOf(p)[j]});
    }
    return graph;
}

QString validate(const void* vectors, const qint64* ids, qint64 n, int d, int k)
{
    if (n < 0 || d <= 0 || k <= 0)
        return QStringLiteral("bad shape (n %1, d %2, k %3)").arg(n).arg(d).arg(k);
    if (n > 0 && (!vectors || !ids))
        return QStringLiteral("no vectors or ids");
    if (n > std::numeric_limits<int>::max() / 2)
        return QStringLiteral("%1 vectors is more than supported").arg(n);
    return {};
}

// Each worker holds the k best of every vector (12 bytes a neighbour), so workers cost
// memory as well as cores: by default only as many as keep all the heaps within
// kHeapBudget. At 1,000,000 faces and k 20 a worker's heaps take 240 MB: clustering them
// with two workers peaked at 2.13 GB (1 GB of half-float vectors beside), with one under 2.
constexpr int64_t kHeapBudget = int64_t(384) << 20;

int threadCount(const NeighbourGraph::Options& options, qint64 n, int k)
{
    if (options.threads > 0)
        return options.threads;
    const int cores = std::max(1, int(std::thread::hardware_concurrency()));
    const int64_t heapBytes = std::max<int64_t>(1, int64_t(n) * k * int64_t(sizeof(float) + sizeof(int64_t)));
    return int(std::clamp<int64_t>(kHeapBudget / heapBytes, 1, cores));
}

} // namespace

namespace {

// The search on `vectors` (float, small n) or `halves` (half floats, taken over).
Expected<Graph> run(const float* vectors, std::vector<uint16_t>* halves, const qint64* ids, qint64 n,
                    int d, const NeighbourGraph::Options& options)
{
    if (n <= 1)
        return Graph(n);
    const int k = int(std::min<qint64>(options.k, n - 1));
    const qint64 exactBelow = options.exactBelow >= 0 ? options.exactBelow : kExactBelow;
    try {
        std::vector<Worker> workers(threadCount(options, n, k), Worker(n, k));
        std::vector<int64_t> order;
        bool finished = false;
        if (n < exactBelow) {
            std::vector<float> decoded;
            if (!vectors) {
                decoded.resize(size_t(n) * d);
                kernels::fromHalf(halves->data(), decoded.data(), decoded.size());
                std::vector<uint16_t>().swap(*halves);
            }
            finished = exactSearch(vectors ? vectors : decoded.data(), n, d, options, workers);
        } else {
            std::vector<uint16_t> converted;
            if (!halves) {
                converted.resize(size_t(n) * d);
                kernels::toHalf(vectors, converted.data(), converted.size());
                halves = &converted;
            }
            finished = leafSearch(std::move(*halves), n, d, options, workers, order);
        }
        if (!finished)
            return Error{QStringLiteral("Neighbour search cancelled")};
        for (size_t t = 1; t < workers.size(); ++t) {
            workers[0].heaps.mergeFrom(workers[t].heaps);
            workers[t] = Worker(0, k); // its heaps are merged: free them before the graph
        }
        if (options.progress)
            options.progress(1.0);
        return toGraph(workers[0].heaps, ids, order);
    } catch (const faiss::FaissException& e) {
        return Error{QStringLiteral("Neighbour search failed in FAISS: %1")
                         .arg(QString::fromStdString(e.msg))};
    } catch (const std::bad_alloc&) {
        return Error{QStringLiteral("Not enough memory for the neighbours of %1 faces").arg(n)};
    }
}

} // namespace

Expected<std::vector<std::vector<SearchHit>>> NeighbourGraph::build(const float* vectors,
                                                                    const qint64* ids, qint64 n,
                                                                    int d, const Options& options)
{
    if (const QString problem = validate(vectors, ids, n, d, options.k); !problem.isEmpty())
        return Error{QStringLiteral("Cannot search neighbours: %1").arg(problem)};
    return run(vectors, nullptr, ids, n, d, options);
}

Expected<std::vector<std::vector<SearchHit>>>
NeighbourGraph::build(std::vector<uint16_t>&& halves, const qint64* ids, qint64 n, int d,
                      const Options& options)
{
    if (const QString problem = validate(halves.data(), ids, n, d, options.k); !problem.isEmpty())
        return Error{QStringLiteral("Cannot search neighbours: %1").arg(problem)};
    if (halves.size() != size_t(n) * size_t(std::max(d, 0)))
        return Error{QStringLiteral("Cannot search neighbours: %1 values for %2 vectors")
                         .arg(halves.size())
                         .arg(n)};
    return run(nullptr, &halves, ids, n, d, options);
}

std::vector<SimilarPair> NeighbourGraph::pairs(const std::vector<std::vector<SearchHit>>& graph,
                                               const qint64* ids, float threshold)
{
    std::vector<SimilarPair> out;
    for (size_t r = 0; r < graph.size(); ++r)
        for (const SearchHit& hit : graph[r])
            if (hit.similarity >= threshold && hit.id != ids[r])
                out.push_back({std::min(ids[r], hit.id), std::max(ids[r], hit.id), hit.similarity});
    auto samePair = [](const SimilarPair& x, const SimilarPair& y) {
        return x.a == y.a && x.b == y.b;
    };
    std::sort(out.begin(), out.end(), [](const SimilarPair& x, const SimilarPair& y) {
        return x.a != y.a ? x.a < y.a : x.b < y.b;
    });
    out.erase(std::unique(out.begin(), out.end(), samePair), out.end());
    std::stable_sort(out.begin(), out.end(), [](const SimilarPair& x, const SimilarPair& y) {
        return x.similarity > y.similarity;
    });
    return out;
}

} // namespace lookalike
