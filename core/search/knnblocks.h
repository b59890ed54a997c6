#pragma once
// Building blocks of NeighbourGraph (internal to core): k-best heaps, BLAS similarity
// blocks, a small worker pool and spherical k-means. Vectors are n * d row-major floats.
#include "blascheck.h"
#include "neighbourgraph.h"

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace lookalike::knn {

// The k best (similarity, row) of every row as FAISS min-heaps: row r owns entries
// [r * k, (r + 1) * k). Rows never hold the same neighbour twice.
struct Heaps {
    int k = 0;
    std::vector<float> sims;
    std::vector<int64_t> rows;

    Heaps(int64_t n, int k);
    float* simsOf(int64_t r) { return sims.data() + r * k; }
    int64_t* rowsOf(int64_t r) { return rows.data() + r * k; }
    void push(int64_t r, float sim, int64_t row);
    void mergeFrom(Heaps& other);
    // Sorts every row best first; returns per row the number of neighbours found.
    std::vector<int> sort();
};

// count vectors at `data` (count * d floats); vector i is row rows[i], or first + i.
struct Block {
    const float* data = nullptr;
    int64_t count = 0;
    const int64_t* rows = nullptr;
    int64_t first = 0;
    int64_t row(int64_t i) const { return rows ? rows[i] : first + i; }
};

// One thread's results and scratch buffers, reused across work items.
struct Worker {
    Worker(int64_t n, int k) : heaps(n, k) {}
    Heaps heaps;
    std::vector<float> queries;
    std::vector<float> base;
    std::vector<float> tile;
};

// tile (nx * ny, row-major) = x (nx * d) times y (ny * d) transposed, by sgemm_.
void innerProducts(const float* x, int64_t nx, const float* y, int64_t ny, int d, float* tile);

// Offers every vector of y to the heap of every vector of x, self excluded; with `both`
// also every vector of x to the heaps of y.
void accumulate(const Block& x, const Block& y, int d, bool both, Worker& w);

// out = the vectors `rows` of `vectors`, count * d.
void gather(const float* vectors, int d, const int64_t* rows, int64_t count,
            std::vector<float>& out);

// Spherical k-means (FAISS) of `count` vectors at `vectors` into k centroids (k * d), trained
// on at most k * perCentroid of them, evenly spaced so the result is deterministic.
std::vector<float> kmeans(const float* vectors, int64_t count, int d, int k, int perCentroid,
                          int iterations);

// Positions grouped by bucket: bucket b holds items[offsets[b] .. offsets[b + 1]). A
// position p = i * stride + j stands for column j of row i of a labels table.
struct Buckets {
    int stride = 1;
    std::vector<int64_t> offsets;
    std::vector<int64_t> items;
    int64_t size(int64_t b) const { return offsets[b + 1] - offsets[b]; }
    std::vector<int64_t> rows(int64_t b) const;
};

// labels: n * stride bucket numbers (negative: none), of which the first `width` count.
Buckets bucketise(const int64_t* labels, int64_t n, int stride, int width, int64_t buckets);

// Progress and cancellation of one stage, mapped to [from, to] of the whole build.
struct Stage {
    const NeighbourGraph::Options& options;
    double from = 0, to = 1;
    bool cancelled() const { return options.cancel && options.cancel->load(); }
    void report(double fraction) const;
};

// Sets single-threaded BLAS and OpenMP for the calling thread's FAISS calls, and restores.
class SingleThreaded {
public:
    SingleThreaded();
    ~SingleThreaded();

private:
    int m_openmp;
};

// Runs work(item, worker) for items 0..count-1 on one thread per worker, the calling thread
// being the first, with single-threaded BLAS and OpenMP inside (the OpenBLAS setting is
// global: restored on return). Progress is reported on the calling thread. Returns false
// when cancelled.
template <class Work>
bool runParallel(int count, std::vector<Worker>& workers, const Stage& stage, const Work& work)
{
    std::atomic_int next{0}, done{0};
    std::atomic_bool stop{false};
    auto loop = [&](Worker& w, bool reporting) {
        SingleThreaded single;
        for (int item = next++; item < count && !stop; item = next++) {
            if (stage.cancelled())
                stop = true;
            else
                work(item, w);
            if (reporting)
                stage.report(double(++done) / count);
        }
    };
    ScopedBlasThreads blas(1);
    std::vector<std::thread> pool;
    for (size_t t = 1; t < workers.size(); ++t)
        pool.emplace_back(loop, std::ref(workers[t]), false);
    loop(workers[0], true);
    for (auto& thread : pool)
        thread.join();
    return !stop;
}

} // namespace lookalike::knn
