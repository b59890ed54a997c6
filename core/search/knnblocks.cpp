#include "knnblocks.h"

#include "blascheck.h"

#include <faiss/Clustering.h>
#include <faiss/IndexFlat.h>
#include <faiss/utils/Heap.h>

#include <algorithm>
#include <cstring>
#include <limits>

extern "C" int sgemv_(const char* trans, const int* m, const int* n, const float* alpha,
                      const float* a, const int* lda, const float* x, const int* incx,
                      const float* beta, float* y, const int* incy);
extern "C" int sgemm_(const char* transa, const char* transb, const int* m, const int* n,
                      const int* k, const float* alpha, const float* a, const int* lda,
                      const float* b, const int* ldb, const float* beta, float* c, const int* ldc);

namespace lookalike::knn {

constexpr int64_t kColumnBlock = 4096; // database vectors per similarity tile

Heaps::Heaps(int64_t n, int k) : k(k), sims(size_t(n) * k), rows(size_t(n) * k)
{
    for (int64_t r = 0; r < n; ++r)
        faiss::minheap_heapify(k, simsOf(r), rowsOf(r));
}

void Heaps::push(int64_t r, float sim, int64_t row)
{
    float* s = simsOf(r);
    int64_t* ids = rowsOf(r);
    if (sim <= s[0] || std::find(ids, ids + k, row) != ids + k)
        return;
    faiss::minheap_replace_top(k, s, ids, sim, row);
}

void Heaps::mergeFrom(Heaps& other)
{
    for (size_t i = 0; i < sims.size(); ++i)
        if (other.rows[i] >= 0)
            push(int64_t(i) / k, other.sims[i], other.rows[i]);
}

std::vector<int> Heaps::sort()
{
    std::vector<int> found(sims.size() / k);
    for (size_t r = 0; r < found.size(); ++r)
        found[r] = int(faiss::minheap_reorder(k, simsOf(r), rowsOf(r)));
    return found;
}

void innerProducts(const float* x, int64_t nx, const float* y, int64_t ny, int d, float* tile)
{
    const int m = int(ny), n = int(nx), inc = 1;
    const float one = 1.f, zero = 0.f;
    if (n == 1) // one query: a matrix-vector product, which BLAS does without packing
        sgemv_("T", &d, &m, &one, y, &d, x, &inc, &zero, tile, &inc);
    else
        sgemm_("T", "N", &m, &n, &d, &one, y, &d, x, &d, &zero, tile, &m);
}

void accumulate(const Block& x, const Block& y, int d, bool both, Worker& w)
{
    w.tile.resize(size_t(x.count) * std::min(y.count, kColumnBlock));
    for (int64_t from = 0; from < y.count; from += kColumnBlock) {
        const int64_t count = std::min(kColumnBlock, y.count - from);
        innerProducts(x.data, x.count, y.data + from * d, count, d, w.tile.data());
        for (int64_t i = 0; i < x.count; ++i) {
            const int64_t self = x.row(i);
            const float* sims = w.tile.data() + i * count;
            for (int64_t j = 0; j < count; ++j) {
                const int64_t other = y.row(from + j);
                if (other == self)
                    continue;
                w.heaps.push(self, sims[j], other);
                if (both)
                    w.heaps.push(other, sims[j], self);
            }
        }
    }
}

void gather(const float* vectors, int d, const int64_t* rows, int64_t count,
            std::vector<float>& out)
{
    out.resize(size_t(count) * d);
    for (int64_t i = 0; i < count; ++i)
        std::memcpy(out.data() + i * d, vectors + rows[i] * d, sizeof(float) * d);
}

std::vector<float> kmeans(const float* vectors, int64_t count, int d, int k, int perCentroid,
                          int iterations)
{
    const int64_t sampleCount = std::min<int64_t>(count, int64_t(k) * perCentroid);
    std::vector<float> sample;
    if (sampleCount < count) {
        std::vector<int64_t> rows(sampleCount);
        for (int64_t i = 0; i < sampleCount; ++i)
            rows[i] = int64_t(double(i) * count / sampleCount);
        gather(vectors, d, rows.data(), sampleCount, sample);
    }
    faiss::ClusteringParameters cp;
    cp.niter = iterations;
    cp.spherical = true;
    cp.min_points_per_centroid = 1;
    cp.max_points_per_centroid = std::numeric_limits<int>::max();
    faiss::Clustering clustering(d, k, cp);
    faiss::IndexFlatIP assigner(d);
    clustering.train(sampleCount, sample.empty() ? vectors : sample.data(), assigner);
    return clustering.centroids;
}

std::vector<int64_t> Buckets::rows(int64_t b) const
{
    std::vector<int64_t> out(items.begin() + offsets[b], items.begin() + offsets[b + 1]);
    for (int64_t& item : out)
        item /= stride;
    return out;
}

Buckets bucketise(const int64_t* labels, int64_t n, int stride, int width, int64_t buckets)
{
    Buckets out;
    out.stride = stride;
    out.offsets.assign(buckets + 1, 0);
    for (int64_t i = 0; i < n; ++i)
        for (int j = 0; j < width; ++j)
            if (labels[i * stride + j] >= 0)
                ++out.offsets[labels[i * stride + j] + 1];
    for (int64_t b = 0; b < buckets; ++b)
        out.offsets[b + 1] += out.offsets[b];
    out.items.resize(out.offsets.back());
    std::vector<int64_t> fill(out.offsets.begin(), out.offsets.end() - 1);
    for (int64_t i = 0; i < n; ++i)
        for (int j = 0; j < width; ++j)
            if (const int64_t b = labels[i * stride + j]; b >= 0)
                out.items[fill[b]++] = i * stride + j;
    return out;
}

void Stage::report(double fraction) const
{
    if (options.progress)
        options.progress(from + (to - from) * fraction);
}

SingleThreaded::SingleThreaded() : m_openmp(openmpThreads())
{
    setComputeThreads(0, 1);
}

SingleThreaded::~SingleThreaded()
{
    setComputeThreads(0, m_openmp);
}

} // namespace lookalike::knn
