#include "indexsearch.h"

#include "vectorkernels.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexIDMap.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/utils/Heap.h>

#include <algorithm>
#include <cmath>

namespace lookalike::indexsearch {
namespace {

using FaissId = faiss::Index::idx_t;

// Searches run on BLAS or on our own code kernels rather than FAISS's: Debian's libfaiss is
// built for the x86-64 baseline, where fvec_inner_product is the scalar reference loop
// (~0.5 GFLOP/s), and its BLAS path allocates a 16 MB block per call. One query over 100,000
// faces took 233 ms with IndexFlatIP::search and 39 ms as sgemv on the same loaded machine.
// The FAISS index still holds the vectors or codes, the IVF lists and the trained quantizer,
// and reads and writes them.
constexpr int64_t kScanBlock = 16384; // stored vectors per similarity tile

// Offers `count` stored vectors (count * d at base, FAISS ids ids[i], or first + i when ids
// is null) to the heaps of the nq queries.
void scan(const float* queries, int64_t nq, const float* base, int64_t count, const FaissId* ids,
          int d, knn::Heaps& heaps, std::vector<float>& tile)
{
    for (int64_t from = 0; from < count; from += kScanBlock) {
        const int64_t block = std::min(kScanBlock, count - from);
        tile.resize(size_t(nq) * block);
        knn::innerProducts(queries, nq, base + from * d, block, d, tile.data());
        for (int64_t q = 0; q < nq; ++q)
            for (int64_t j = 0; j < block; ++j)
                if (tile[q * block + j] > heaps.simsOf(q)[0])
                    heaps.push(q, tile[q * block + j], ids ? ids[from + j] : from + j);
    }
}

// The `nprobe` lists whose centroids are nearest to the query, with the query's
// similarity to each centroid.
knn::Heaps nearestLists(const faiss::IndexIVF& ivf, const float* query, std::vector<float>& tile)
{
    const auto* centroids = dynamic_cast<const faiss::IndexFlat*>(ivf.quantizer);
    knn::Heaps best(1, int(std::min<size_t>(ivf.nprobe, ivf.nlist)));
    scan(query, 1, centroids->get_xb(), centroids->ntotal, nullptr, int(ivf.d), best, tile);
    return best;
}

void searchIvfFlat(const faiss::IndexIVFFlat& ivf, const float* queries, int64_t nq,
                   knn::Heaps& heaps)
{
    std::vector<float> tile;
    for (int64_t q = 0; q < nq; ++q) {
        knn::Heaps one(1, heaps.k);
        for (int64_t list : nearestLists(ivf, queries + q * ivf.d, tile).rows) {
            const int64_t size = list < 0 ? 0 : int64_t(ivf.invlists->list_size(list));
            if (size == 0)
                continue;
            faiss::InvertedLists::ScopedCodes codes(ivf.invlists, list);
            faiss::InvertedLists::ScopedIds ids(ivf.invlists, list);
            scan(queries + q * ivf.d, 1, reinterpret_cast<const float*>(codes.get()), size,
                 ids.get(), int(ivf.d), one, tile);
        }
        std::copy_n(one.sims.data(), heaps.k, heaps.simsOf(q));
        std::copy_n(one.rows.data(), heaps.k, heaps.rowsOf(q));
    }
}

// 8-bit non-uniform codes decode as x[j] = vmin[j] + (code[j] + 0.5) / 255 * vdiff[j]
// (plus the list's centroid when encoded by residual), so a query's similarity to a code is
// offset + sum_j weight[j] * code[j], with weight[j] = q[j] * vdiff[j] / 255.
struct CodeQuery {
    std::vector<float> weights;
    float offset = 0;
    CodeQuery(const faiss::ScalarQuantizer& sq, const float* q)
    {
        const size_t d = sq.d;
        const float* vmin = sq.trained.data();
        const float* vdiff = vmin + d;
        weights.resize(d);
        double sum = 0;
        for (size_t j = 0; j < d; ++j) {
            weights[j] = q[j] * vdiff[j] / 255.f;
            sum += double(q[j]) * (vmin[j] + 0.5 * vdiff[j] / 255.0);
        }
        offset = float(sum);
    }
};

void searchIvfCodes(const faiss::IndexIVFScalarQuantizer& ivf, const float* queries, int64_t nq,
                    knn::Heaps& heaps)
{
    std::vector<float> tile, sims;
    for (int64_t q = 0; q < nq; ++q) {
        const float* query = queries + q * ivf.d;
        const CodeQuery code(ivf.sq, query);
        knn::Heaps one(1, heaps.k);
        knn::Heaps lists = nearestLists(ivf, query, tile);
        for (int p = 0; p < lists.k; ++p) {
            const int64_t list = lists.rows[p];
            const int64_t size = list < 0 ? 0 : int64_t(ivf.invlists->list_size(list));
            if (size == 0)
                continue;
            const float offset = code.offset + (ivf.by_residual ? lists.sims[p] : 0.f);
            faiss::InvertedLists::ScopedCodes codes(ivf.invlists, list);
            faiss::InvertedLists::ScopedIds ids(ivf.invlists, list);
            sims.resize(size_t(size));
            kernels::codeDots(code.weights.data(), codes.get(), size_t(size), int(ivf.d),
                              sims.data());
            for (int64_t j = 0; j < size; ++j)
                if (sims[j] + offset > one.sims[0])
                    one.push(0, sims[j] + offset, ids.get()[j]);
        }
        std::copy_n(one.sims.data(), heaps.k, heaps.simsOf(q));
        std::copy_n(one.rows.data(), heaps.k, heaps.rowsOf(q));
    }
}

// A flat 8-bit index (IndexScalarQuantizer, no lists): every code in blocks, on the same
// kernels as the IVF lists (same-object search's VLADs: 100,000 x 2,048 codes).
void searchCodes(const faiss::IndexScalarQuantizer& index, const float* queries, int64_t nq,
                 knn::Heaps& heaps)
{
    std::vector<float> sims;
    const size_t codeSize = index.code_size;
    for (int64_t q = 0; q < nq; ++q) {
        const CodeQuery code(index.sq, queries + q * index.d);
        knn::Heaps one(1, heaps.k);
        for (int64_t from = 0; from < index.ntotal; from += kScanBlock) {
            const int64_t block = std::min(kScanBlock, index.ntotal - from);
            sims.resize(size_t(block));
            kernels::codeDots(code.weights.data(), index.codes.data() + size_t(from) * codeSize,
                              size_t(block), int(index.d), sims.data());
            for (int64_t j = 0; j < block; ++j)
                if (sims[j] + code.offset > one.sims[0])
                    one.push(0, sims[j] + code.offset, from + j);
        }
        std::copy_n(one.sims.data(), heaps.k, heaps.simsOf(q));
        std::copy_n(one.rows.data(), heaps.k, heaps.rowsOf(q));
    }
}

// Does kernels::codeDots on `codes` (n codes of sq) agree with FAISS's own decoding?
bool codesDecodeAsFaiss(const faiss::ScalarQuantizer& sq, const uint8_t* codes, size_t n)
{
    const CodeQuery unit(sq, std::vector<float>(sq.d, 1.f).data());
    std::vector<float> decoded(sq.d);
    for (size_t i = 0; i < n; ++i) {
        const uint8_t* c = codes + i * sq.code_size;
        sq.decode(c, decoded.data(), 1);
        float dot = 0;
        kernels::codeDots(unit.weights.data(), c, 1, int(sq.d), &dot);
        double expected = 0;
        for (float x : decoded)
            expected += x;
        if (std::fabs(dot + unit.offset - expected) > 1e-3 * (1 + std::fabs(expected)))
            return false;
    }
    return true;
}

bool eightBit(const faiss::ScalarQuantizer& sq, size_t d, size_t codeSize)
{
    return sq.qtype == faiss::ScalarQuantizer::QT_8bit && sq.trained.size() == 2 * d &&
           codeSize == d;
}

void searchFlat(const faiss::IndexFlat& flat, const float* queries, int64_t nq, knn::Heaps& heaps)
{
    constexpr int64_t kQueryBatch = 64; // keeps the tile at 64 * kScanBlock floats
    std::vector<float> tile;
    for (int64_t from = 0; from < nq; from += kQueryBatch) {
        const int64_t count = std::min(kQueryBatch, nq - from);
        knn::Heaps batch(count, heaps.k);
        scan(queries + from * flat.d, count, flat.get_xb(), flat.ntotal, nullptr, int(flat.d),
             batch, tile);
        std::copy(batch.sims.begin(), batch.sims.end(), heaps.simsOf(from));
        std::copy(batch.rows.begin(), batch.rows.end(), heaps.rowsOf(from));
    }
}

// FAISS's own search, for index types without a path here.
void searchFaiss(const faiss::Index& index, const float* queries, int64_t nq, knn::Heaps& heaps)
{
    index.search(nq, queries, heaps.k, heaps.sims.data(), heaps.rows.data());
    for (int64_t q = 0; q < nq; ++q) // back to min-heaps, as the other paths leave them
        faiss::minheap_heapify(heaps.k, heaps.simsOf(q), heaps.rowsOf(q), heaps.simsOf(q),
                               heaps.rowsOf(q), heaps.k);
}

bool flatQuantizer(const faiss::IndexIVF& ivf)
{
    return dynamic_cast<const faiss::IndexFlat*>(ivf.quantizer) != nullptr;
}

} // namespace

bool canScanCodes(const faiss::IndexIDMap2& map)
{
    if (const auto* flat = dynamic_cast<const faiss::IndexScalarQuantizer*>(map.index))
        return eightBit(flat->sq, size_t(flat->d), flat->code_size) &&
               codesDecodeAsFaiss(flat->sq, flat->codes.data(),
                                  size_t(std::min<faiss::Index::idx_t>(flat->ntotal, 8)));
    const auto* ivf = dynamic_cast<const faiss::IndexIVFScalarQuantizer*>(map.index);
    if (!ivf || !flatQuantizer(*ivf) || ivf->sq.qtype != faiss::ScalarQuantizer::QT_8bit ||
        ivf->sq.trained.size() != 2 * size_t(ivf->d) || ivf->code_size != size_t(ivf->d))
        return false;
    // Check the decoding above against FAISS's own on a few stored codes.
    const CodeQuery unit(ivf->sq, std::vector<float>(ivf->d, 1.f).data());
    std::vector<float> decoded(ivf->d);
    int checked = 0;
    for (size_t list = 0; list < ivf->nlist && checked < 8; ++list) {
        if (ivf->invlists->list_size(list) == 0)
            continue;
        faiss::InvertedLists::ScopedCodes codes(ivf->invlists, list);
        ivf->sq.decode(codes.get(), decoded.data(), 1);
        float dot = 0;
        kernels::codeDots(unit.weights.data(), codes.get(), 1, int(ivf->d), &dot);
        double expected = 0;
        for (float x : decoded)
            expected += x;
        if (std::fabs(dot + unit.offset - expected) > 1e-3 * (1 + std::fabs(expected)))
            return false;
        ++checked;
    }
    return true;
}

knn::Heaps search(const faiss::IndexIDMap2& map, const float* queries, int64_t nq, int k,
                  bool scanCodes)
{
    knn::Heaps heaps(nq, k);
    const auto* ivf = dynamic_cast<const faiss::IndexIVFFlat*>(map.index);
    const auto* codes = dynamic_cast<const faiss::IndexIVFScalarQuantizer*>(map.index);
    const auto* flat = dynamic_cast<const faiss::IndexFlat*>(map.index);
    const auto* flatCodes = dynamic_cast<const faiss::IndexScalarQuantizer*>(map.index);
    if (ivf && flatQuantizer(*ivf))
        searchIvfFlat(*ivf, queries, nq, heaps);
    else if (codes && scanCodes)
        searchIvfCodes(*codes, queries, nq, heaps);
    else if (flatCodes && scanCodes)
        searchCodes(*flatCodes, queries, nq, heaps);
    else if (flat)
        searchFlat(*flat, queries, nq, heaps);
    else
        searchFaiss(*map.index, queries, nq, heaps);
    return heaps;
}

} // namespace lookalike::indexsearch
