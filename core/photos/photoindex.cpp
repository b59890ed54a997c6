#include "photoindex.h"
#include "photodescriber.h"
#include "multiindexhash.h"
#include "photostore.h"
#include <faiss/IndexBinaryFlat.h>
#include <faiss/impl/AuxIndexStructures.h>
#include <faiss/impl/FaissException.h>
#include <faiss/utils/distances.h>
#include <algorithm>
#include <numeric>
#include <tuple>
#include <QHash>
#include <QMutex>
#include <memory>
#include <QThread>

namespace lookalike {

namespace {
constexpr int kBits = PhotoDescriptor::kHashBytes * 8;
constexpr size_t kLook = PhotoDescriptor::kLookDimension;
constexpr faiss::Index::idx_t kQueryBlock = 4096; // rows per range-search block (all pairs)
// Photos by distance, nearest first (then by id), at most `limit` (0: all).
std::vector<PhotoIndex::Hit> sortedHits(const QHash<qint64, float>& best, int limit)
{
    std::vector<PhotoIndex::Hit> out;
    out.reserve(size_t(best.size()));
    for (auto it = best.cbegin(); it != best.cend(); ++it)
        out.push_back({it.key(), it.value()});
    std::sort(out.begin(), out.end(), [](const PhotoIndex::Hit& a, const PhotoIndex::Hit& b) {
        return a.score != b.score ? a.score < b.score : a.imageId < b.imageId;
    });
    if (limit > 0 && int(out.size()) > limit)
        out.resize(size_t(limit));
    return out;
}

} // namespace

struct PhotoIndex::Impl {
    faiss::IndexBinaryFlat codes{kBits};
    faiss::IndexBinaryFlat windows{kBits}; // row r: photo r / kWindows
    std::vector<qint64> ids;
    std::vector<float> looks; // ids.size() * kLook

    // Multi-index hashes of the codes and window codes for single queries, made on the first
    // (100,000 photos: 50 MB, 0.1 s) and dropped by add(), which moves the codes.
    struct Hashes {
        MultiIndexHash codes;
        MultiIndexHash windows;
    };
    QMutex hashesLock;
    std::shared_ptr<const Hashes> hashes;

    std::shared_ptr<const Hashes> hashed()
    {
        QMutexLocker lock(&hashesLock);
        if (!hashes)
            hashes = std::make_shared<const Hashes>(Hashes{
                MultiIndexHash({codes.xb.data(), codes.xb.size()}), MultiIndexHash({windows.xb.data(), windows.xb.size()})});
        return hashes;
    }
};

PhotoIndex::PhotoIndex() : d(std::make_unique<Impl>()) {}
PhotoIndex::~PhotoIndex() = default;
PhotoIndex::PhotoIndex(PhotoIndex&&) noexcept = default;
PhotoIndex& PhotoIndex::operator=(PhotoIndex&&) noexcept = default;

Expected<PhotoIndex> PhotoIndex::load(Library& library)
{
    auto stored = PhotoStore::load(library);
    if (!stored)
        return Error{QStringLiteral("cannot read the photo descriptors: %1").arg(stored.error())};
    PhotoIndex index;
    if (Status s = index.add(stored->imageIds, stored->codes, stored->windows, stored->looks); !s)
        return Error{s.error()};
    return index;
}

Status PhotoIndex::add(std::span<const qint64> ids, std::span<const std::uint8_t> codes,
                       std::span<const std::uint8_t> windows, std::span<const float> looks)
{
    const size_t windowBytes = size_t(PhotoDescriptor::kWindows * PhotoDescriptor::kHashBytes);
    if (!windows.empty() && windows.size() != ids.size() * windowBytes)
        return Error{QStringLiteral("photo index: %1 ids with %2 window code bytes").arg(ids.size()).arg(windows.size())};
    if (codes.size() != ids.size() * PhotoDescriptor::kHashBytes ||
        (!looks.empty() && looks.size() != ids.size() * kLook))
        return Error{QStringLiteral("photo index: %1 ids with %2 code bytes and %3 look values")
                         .arg(ids.size())
                         .arg(codes.size())
                         .arg(looks.size())};
    try {
        if (d->windows.ntotal != d->codes.ntotal * PhotoDescriptor::kWindows)
            return Error{QStringLiteral("photo index: window codes for some photos only")};
        d->codes.add(faiss::Index::idx_t(ids.size()), codes.data());
        if (!windows.empty())
            d->windows.add(faiss::Index::idx_t(ids.size()) * PhotoDescriptor::kWindows, windows.data());
    } catch (const faiss::FaissException& e) {
        return Error{QStringLiteral("photo index: %1").arg(QString::fromUtf8(e.what()))};
    }
    d->hashes.reset();
    d->ids.insert(d->ids.end(), ids.begin(), ids.end());
    if (looks.empty())
        d->looks.resize(d->ids.size() * kLook, 0.f);
    else
        d->looks.insert(d->looks.end(), looks.begin(), looks.end());
    return success();
}

qint64 PhotoIndex::size() const { return qint64(d->ids.size()); }
const std::vector<qint64>& PhotoIndex::ids() const { return d->ids; }

std::span<const std::uint8_t> PhotoIndex::code(int row) const
{
    return {d->codes.xb.data() + size_t(row) * PhotoDescriptor::kHashBytes,
            size_t(PhotoDescriptor::kHashBytes)};
}

std::vector<PhotoIndex::Hit> PhotoIndex::nearCodes(std::span<const std::uint8_t> code,
                                                   std::span<const std::uint8_t> windows, int maxBits,
                                                   int limit) const
{
    std::vector<Hit> out;
    if (d->ids.empty() || code.size() != size_t(PhotoDescriptor::kHashBytes))
        return out;
    QHash<qint64, float> best;
    auto keep = [&](qint64 id, float bits) {
        const auto it = best.find(id);
        if (it == best.end())
            best.insert(id, bits);
        else
            *it = std::min(*it, bits);
    };
    if (MultiIndexHash::supported() && maxBits <= MultiIndexHash::kMaxRadius) {
        const auto hashes = d->hashed();
        MultiIndexHash::Scratch codeScratch, windowScratch;
        std::vector<MultiIndexHash::Hit> hits;
        hashes->codes.search(code.data(), maxBits, codeScratch, hits);
        for (size_t q = 0; q + PhotoDescriptor::kHashBytes <= windows.size(); q += PhotoDescriptor::kHashBytes)
            hashes->codes.search(windows.data() + q, maxBits, codeScratch, hits);
        for (const MultiIndexHash::Hit& h : hits)
            keep(d->ids[size_t(h.row)], float(h.bits));
        hits.clear();
        hashes->windows.search(code.data(), maxBits, windowScratch, hits);
        for (const MultiIndexHash::Hit& h : hits)
            keep(d->ids[size_t(h.row / PhotoDescriptor::kWindows)], float(h.bits));
        return sortedHits(best, limit);
    }
    auto collect = [&](const faiss::IndexBinaryFlat& index, const std::uint8_t* queries, int n, int rowsPerPhoto) {
        if (index.ntotal == 0)
            return;
        faiss::RangeSearchResult result(n);
        index.range_search(n, queries, maxBits + 1, &result); // the radius is exclusive
        for (size_t i = 0; i < result.lims[n]; ++i)
            keep(d->ids[size_t(result.labels[i] / rowsPerPhoto)], result.distances[i]);
    };
    collect(d->codes, code.data(), 1, 1);
    collect(d->windows, code.data(), 1, PhotoDescriptor::kWindows);
    if (!windows.empty())
        collect(d->codes, windows.data(), int(windows.size()) / PhotoDescriptor::kHashBytes, 1);
    return sortedHits(best, limit);
}

std::vector<PhotoIndex::Hit> PhotoIndex::nearestLooks(std::span<const float> look, int k) const
{
    std::vector<Hit> out;
    const size_t n = d->ids.size();
    if (n == 0 || look.size() != kLook || k <= 0)
        return out;
    std::vector<float> scores(n);
    faiss::fvec_inner_products_ny(scores.data(), look.data(), d->looks.data(), kLook, n);
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t(0));
    const size_t top = std::min(n, size_t(k));
    std::partial_sort(order.begin(), order.begin() + qsizetype(top), order.end(),
                      [&](size_t a, size_t b) { return scores[a] > scores[b]; });
    for (size_t i = 0; i < top; ++i)
        out.push_back({d->ids[order[i]], scores[order[i]]});
    return out;
}

// Each pair once, with its smallest distance.
std::vector<PhotoIndex::Pair> PhotoIndex::eachPairOnce(std::vector<Pair> out)
{
    std::sort(out.begin(), out.end(), [](const Pair& x, const Pair& y) {
        return std::tie(x.a, x.b, x.bits) < std::tie(y.a, y.b, y.bits);
    });
    out.erase(std::unique(out.begin(), out.end(), [](const Pair& x, const Pair& y) { return x.a == y.a && x.b == y.b; }),
              out.end());
    return out;
}

std::vector<PhotoIndex::Pair> PhotoIndex::allNearPairs(int maxBits,
                                                       const std::function<bool(qint64, qint64)>& progress) const
{
    std::vector<Pair> out = MultiIndexHash::supported() && maxBits <= MultiIndexHash::kMaxRadius
                                ? nearPairsIndexed(maxBits, progress)
                                : nearPairsExhaustive(maxBits, progress);
    return eachPairOnce(std::move(out));
}

std::vector<PhotoIndex::Pair> PhotoIndex::nearPairsIndexed(int maxBits,
                                                           const std::function<bool(qint64, qint64)>& progress) const
{
    const size_t n = d->ids.size();
    return MultiIndexHash::allPairs(
        {d->codes.xb.data(), n * PhotoDescriptor::kHashBytes},
        {d->windows.xb.data(), size_t(d->windows.ntotal) * PhotoDescriptor::kHashBytes},
        PhotoDescriptor::kWindows, maxBits, QThread::idealThreadCount(), progress);
}

std::vector<PhotoIndex::Pair> PhotoIndex::allNearPairsExhaustive(int maxBits) const
{
    return eachPairOnce(nearPairsExhaustive(maxBits, {}));
}

std::vector<PhotoIndex::Pair> PhotoIndex::nearPairsExhaustive(int maxBits,
                                                              const std::function<bool(qint64, qint64)>& progress) const
{
    std::vector<Pair> out;
    const auto n = faiss::Index::idx_t(d->ids.size());
    for (faiss::Index::idx_t start = 0; start < n; start += kQueryBlock) {
        const faiss::Index::idx_t count = std::min(kQueryBlock, n - start);
        faiss::RangeSearchResult result(count);
        d->codes.range_search(count, d->codes.xb.data() + size_t(start) * PhotoDescriptor::kHashBytes,
                              maxBits + 1, &result);
        for (faiss::Index::idx_t q = 0; q < count; ++q)
            for (size_t i = result.lims[q]; i < result.lims[q + 1]; ++i)
                if (result.labels[i] > start + q)
                    out.push_back({int(start + q), int(result.labels[i]), int(result.distances[i])});
        // The code of each photo against the window codes of every other (crops).
        if (d->windows.ntotal > 0) {
            faiss::RangeSearchResult crops(count);
            d->windows.range_search(count, d->codes.xb.data() + size_t(start) * PhotoDescriptor::kHashBytes,
                                    maxBits + 1, &crops);
            for (faiss::Index::idx_t q = 0; q < count; ++q)
                for (size_t i = crops.lims[q]; i < crops.lims[q + 1]; ++i) {
                    const int other = int(crops.labels[i] / PhotoDescriptor::kWindows);
                    if (other != start + q)
                        out.push_back({int(std::min<faiss::Index::idx_t>(start + q, other)),
                                       int(std::max<faiss::Index::idx_t>(start + q, other)),
                                       int(crops.distances[i])});
                }
        }
        if (progress && !progress(start + count, n))
            break;
    }
    return out;
}

} // namespace lookalike
