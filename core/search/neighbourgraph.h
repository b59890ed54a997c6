#pragma once
#include "expected.h"
#include "vectorindex.h"
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

namespace lookalike {

struct SimilarPair {
    qint64 a = -1; // row ids, a < b
    qint64 b = -1;
    float similarity = 0;
};

// All-pairs k-nearest-neighbour search over a whole library (every vector against every
// other), the heart of duplicate finding and clustering. Exact (blocked BLAS, each pair
// computed once) for small n. Above that, a two-level k-means splits the faces into leaves
// of about one person; every face is compared, by BLAS blocks, with the members of its
// nearest leaves, and each similarity computed serves both faces. 56,000 faces: recall of
// the true top-10 0.98 for ~3.4 CPU seconds on two threads (see benchNeighbourGraph()).
class NeighbourGraph {
public:
    // What a build did, for benchmarks.
    struct Stats {
        bool exact = false;
        int cells = 0;            // leaves of the approximate search
        int probes = 0;           // leaves searched per vector
        double trainSeconds = 0;  // k-means and probe assignment
        double searchSeconds = 0; // similarity blocks and top-k
    };

    struct Options {
        int k = 10;             // neighbours per vector, self excluded
        qint64 exactBelow = -1; // < 0: the measured default
        int probes = -1;        // leaves compared with per vector; < 0: the measured default
        int cells = -1;         // leaves; < 0: the measured default (about 20 vectors each)
        int threads = -1;       // worker threads (BLAS runs single-threaded inside
                                // them); < 0: one per core, fewer when their k-best
                                // heaps (n * k * 12 bytes each) would pass 384 MB
        const std::atomic_bool* cancel = nullptr;
        std::function<void(double fraction)> progress;
        Stats* stats = nullptr; // optional, filled in by build()
    };

    // vectors: n * d floats, L2-normalised; ids: n row ids. Result: n rows of up to k hits
    // (ids, best first), self excluded. progress is called on the calling thread; cancel is
    // polled between work items and gives an Error. Sets the global OpenBLAS thread count
    // to 1 while its own threads run, and restores it.
    static Expected<std::vector<std::vector<SearchHit>>>
    build(const float* vectors, const qint64* ids, qint64 n, int d, const Options& options);
    // The same on half-float vectors (n * d, IEEE binary16), which it takes over and
    // reorders in place: at 1,000,000 faces the search holds 1 GB of vectors, not 2 + 2.
    // The approximate search always works on half floats (the float overload converts);
    // similarities are then within ~1e-3 of the exact ones.
    static Expected<std::vector<std::vector<SearchHit>>>
    build(std::vector<uint16_t>&& halves, const qint64* ids, qint64 n, int d,
          const Options& options);

    // Pairs at or above `threshold` from a graph, each unordered pair once, most similar
    // first.
    static std::vector<SimilarPair> pairs(const std::vector<std::vector<SearchHit>>& graph,
                                          const qint64* ids, float threshold);
};

} // namespace lookalike
