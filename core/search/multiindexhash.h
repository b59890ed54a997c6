#pragma once
// Exact Hamming range search over 256-bit codes by multi-index hashing (Norouzi, Punjani and
// Fleet, "Fast search in Hamming space with multi-index hashing", CVPR 2012). Each code is
// cut into 16 substrings of 16 bits, each indexed in a table of 65,536 buckets. Two codes
// within r bits differ in at most floor(r / 16) bits on at least one substring (16 substrings
// cannot all hold more), so probing, for every substring, its bucket and the buckets within
// that many bit flips reaches every code within r bits and few others; the full distance
// drops those. At 100,000 photos and r = 26 a query reads a few hundred codes, not all.
//
// The results are exactly those of an exhaustive search (tests/core/tst_multiindexhash).
// Radii up to kMaxRadius (two flips per substring); larger ones are for an exhaustive search.
// Thread-safe once built: each thread brings its own Scratch.
#include <QtGlobal>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace lookalike {

class MultiIndexHash {
public:
    static constexpr int kBytes = 32;
    static constexpr int kTables = 16;
    static constexpr int kMaxRadius = 3 * kTables - 1; // two flips per substring

    // `codes`: n * 32 bytes, kept by reference: they must outlive the index, unchanged.
    explicit MultiIndexHash(std::span<const std::uint8_t> codes);

    // False on a processor without the POPCNT instruction (this file is built with it):
    // callers search exhaustively instead.
    static bool supported();

    int size() const { return m_n; }

    struct Hit {
        int row = 0;
        int bits = 0;
    };
    // Per-thread working memory of search().
    struct Scratch {
        std::vector<std::uint32_t> seen;
        std::uint32_t mark = 0;
    };
    // Appends to `out` every row whose code is within maxBits (<= kMaxRadius) of `query`
    // (32 bytes), each once, in no particular order.
    void search(const std::uint8_t* query, int maxBits, Scratch& scratch, std::vector<Hit>& out) const;

    // Every pair within maxBits (<= kMaxRadius) among photos that have a code each and
    // `windowsPerCode` window codes each (crops; windows[(p * windowsPerCode + w) * 32]):
    // code against code and code against another photo's windows, never window against
    // window. Pairs come as photo indices a < b with a distance, possibly more than once
    // (callers keep the smallest). A join, table by table: each table's entries are copied in
    // bucket order, so that a bucket is compared with itself and its neighbours within
    // floor(maxBits / 16) flips reading memory in sequence; the work is spread over
    // `threads`. progress(done, total) may return false to stop (it is called on the calling
    // thread).
    struct Pair {
        int a = 0;
        int b = 0;
        int bits = 0;
    };
    static std::vector<Pair> allPairs(std::span<const std::uint8_t> codes, std::span<const std::uint8_t> windows,
                                      int windowsPerCode, int maxBits, int threads,
                                      const std::function<bool(qint64, qint64)>& progress = {});

private:
    std::span<const std::uint8_t> m_codes;
    int m_n = 0;
    // Table t: rows whose substring t is k are m_rows[t][m_starts[t][k] .. m_starts[t][k + 1]).
    std::vector<std::vector<std::uint32_t>> m_starts;
    std::vector<std::vector<std::uint32_t>> m_rows;
};

} // namespace lookalike
