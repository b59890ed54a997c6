#pragma once
// The photos' search caches, built from the library (SQLite is the truth): the 256-bit
// near-duplicate codes and the codes of their 90% windows (crops) in FAISS binary indexes
// (IndexBinaryFlat, exhaustive Hamming; the all-pairs search goes through multi-index
// hashing, MultiIndexHash, which finds the same pairs without comparing every two) and the
// "looks like" vectors in a FAISS inner-product index. Built in memory on load (100,000
// photos: 3.2 MB of codes, 173 MB of look vectors).
//
// Searches may run concurrently; load/add are not thread-safe.
#include "expected.h"
#include "multiindexhash.h"
#include <QtGlobal>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace lookalike {

class Library;

class PhotoIndex {
public:
    PhotoIndex();
    ~PhotoIndex();
    PhotoIndex(PhotoIndex&&) noexcept;
    PhotoIndex& operator=(PhotoIndex&&) noexcept;

    static Expected<PhotoIndex> load(Library& library);

    // codes: ids.size() * 32 bytes; windows: ids.size() * kWindows * 32 bytes (may be empty:
    // no crop search); looks: ids.size() * PhotoDescriptor::kLookDimension floats (may be
    // empty: no look vectors).
    Status add(std::span<const qint64> ids, std::span<const std::uint8_t> codes,
               std::span<const std::uint8_t> windows, std::span<const float> looks);

    qint64 size() const;
    struct Hit {
        qint64 imageId = 0;
        float score = 0; // Hamming distance for codes, inner product for looks
    };
    // The photos within maxBits of `code` (32 bytes), or whose window codes are, or whose code
    // is within maxBits of one of `windows` (the query's window codes; may be empty): each
    // photo once with its smallest distance, nearest first.
    std::vector<Hit> nearCodes(std::span<const std::uint8_t> code, std::span<const std::uint8_t> windows,
                               int maxBits, int limit) const;
    // The k photos whose look vector has the largest inner product with `look`.
    std::vector<Hit> nearestLooks(std::span<const float> look, int k) const;
    // Every pair (i < j by row) within maxBits, code against code or code against window
    // codes, for the all-pairs duplicate search: row indices into ids(), with their smallest
    // distance found. progress(done, total) may return false to stop. One pair type with
    // the multi-index hash that finds them.
    using Pair = MultiIndexHash::Pair;
    std::vector<Pair> allNearPairs(int maxBits, const std::function<bool(qint64, qint64)>& progress = {}) const;
    const std::vector<qint64>& ids() const;
    std::span<const std::uint8_t> code(int row) const; // 32 bytes

    // The same with an exhaustive search (FAISS), as it was before multi-index hashing:
    // what the tests and the benchmark compare allNearPairs() with.
    std::vector<Pair> allNearPairsExhaustive(int maxBits) const;

private:
    static std::vector<Pair> eachPairOnce(std::vector<Pair> pairs);
    std::vector<Pair> nearPairsIndexed(int maxBits, const std::function<bool(qint64, qint64)>& progress) const;
    std::vector<Pair> nearPairsExhaustive(int maxBits, const std::function<bool(qint64, qint64)>& progress) const;
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace lookalike
