#pragma once
// A two-dimensional map of a set of vectors in which neighbours stay neighbours: UMAP's
// recipe (McInnes, Healy & Melville 2018) on the project's own parts. The k nearest
// neighbours of every vector (NeighbourGraph), their fuzzy weights (FuzzyGraph), a start
// from the first two principal components, then attraction along the edges and repulsion
// by negative sampling (LayoutOptimizer). The same vectors, options and seed give the same
// map on any number of threads.
//
// Positions are n * 2 floats (x, y) in map units: neighbours end up about 0.1 to 1 apart,
// the whole map some tens of units across. Their scale and orientation mean nothing.
#include "expected.h"
#include <QtGlobal>
#include <atomic>
#include <functional>
#include <utility>
#include <vector>

namespace lookalike {

class MapLayout {
public:
    struct Stats {
        double neighbourSeconds = 0; // the k-nearest-neighbour search
        double graphSeconds = 0;     // fuzzy weights
        double initSeconds = 0;      // principal components
        double optimiseSeconds = 0;  // gradient descent
        qint64 edges = 0;            // of the fuzzy graph, each counted from both ends
        int epochs = 0;
    };

    struct Options {
        // Tuned on 4,066 LFW faces (10 nearest kept, t-SNE 0.382): UMAP's k 15, 5 pushes,
        // pulls 1: 0.300; k 10: 0.323; k 10, 8 pushes: 0.347; k 10, 12 pushes: 0.358;
        // k 10, 8 pushes, pulls 0.5: 0.360. Pushes cost time; pulls 0.5 do not.
        int neighbours = 10;
        int epochs = -1;      // < 0: UMAP's defaults, 500 below 10,000 vectors, 200 from there
        int placeEpochs = 60; // for new vectors placed into an existing map
        int negativeSamples = 8;
        float attraction = 0.5f;
        quint64 seed = 42;
        int threads = -1; // < 0: one per core
        const std::atomic_bool* cancel = nullptr;
        std::function<void(double fraction)> progress; // on the calling thread
        Stats* stats = nullptr;
    };

    // vectors: n * d floats, L2-normalised. Returns n * 2 positions, or an error (cancelled,
    // out of memory).
    static Expected<std::vector<float>> compute(const float* vectors, qint64 n, int d,
                                                const Options& options);

    // Places `added` vectors (nAdded * d) into an existing map of `base` vectors (nBase * d)
    // at `basePositions` (nBase * 2), which stay where they are: each new vector starts at
    // the weighted mean of the positions of its nearest neighbours among both, then moves
    // for options.placeEpochs epochs. Returns nAdded * 2 positions. Cost: an exact search
    // of nAdded against nBase + nAdded vectors.
    static Expected<std::vector<float>> place(const float* base, const float* basePositions,
                                              qint64 nBase, const float* added, qint64 nAdded,
                                              int d, const Options& options);

    // The first two principal components (trained on at most 20,000 evenly spaced vectors),
    // scaled so that the largest coordinate is 10, with a tiny seeded jitter so that equal
    // vectors do not coincide. compute() starts from here; benchmarks compare with it.
    static Expected<std::vector<float>> principalComponents(const float* vectors, qint64 n, int d,
                                                            quint64 seed);

    static int epochsFor(qint64 n, const Options& options);

    // Where a vector with these nearest neighbours (cosine similarities, best first, and
    // their map positions, n * 2) would start: the weighted mean place() starts from. For a
    // query dropped on the map. NaN when there are none.
    static std::pair<float, float> positionAmong(const std::vector<float>& similarities,
                                                 const std::vector<float>& positions);
};

} // namespace lookalike
