#pragma once
// The stochastic gradient descent of UMAP (McInnes, Healy & Melville 2018, section 3.2):
// every edge of a fuzzy graph pulls its two ends together as often as its weight asks, and
// each pull is followed by pushes away from randomly drawn vertices (negative sampling).
// Low-dimensional similarity is 1 / (1 + a * d^(2b)); a and b fit UMAP's min_dist 0.1.
//
// Deterministic for a given seed whatever the thread count: the moving vertices are cut
// into a fixed number of chunks; within an epoch a chunk reads its own vertices as they
// move and every other vertex from a copy taken at the start of the epoch, and only the
// chunk moves its vertices. Chunks run in parallel on `threads` threads.
#include "fuzzygraph.h"
#include <atomic>
#include <functional>

namespace lookalike {

class LayoutOptimizer {
public:
    struct Options {
        int epochs = 200;
        int negativeSamples = 5;  // pushes per pull
        float attraction = 1.f;   // scale of the pulls against the pushes
        float learningRate = 1.f; // at the first epoch; falls linearly to 0
        float a = 1.577f;         // curve of min_dist 0.1, spread 1
        float b = 0.895f;
        quint64 seed = 42;
        int threads = -1;       // < 0: one per core
        qint64 firstMoving = 0; // vertices below this stay where they are
        const std::atomic_bool* cancel = nullptr;
        std::function<void(double fraction)> progress; // on the calling thread, per epoch
    };

    // positions: graph.n * 2 floats (x, y), moved in place. Only edges of moving vertices
    // are used (the graph may hold no others). Returns false when cancelled.
    static bool optimise(const FuzzyGraph& graph, std::vector<float>& positions,
                         const Options& options);
};

} // namespace lookalike
