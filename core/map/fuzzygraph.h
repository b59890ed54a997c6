#pragma once
// UMAP's fuzzy neighbour graph (McInnes, Healy & Melville 2018, section 3): each vector's
// k nearest neighbours weighted by a membership strength that decays from 1 (the nearest
// neighbour) with a per-vector scale, chosen so that the strengths of a row sum to
// log2(k + 1); then symmetrised as a fuzzy union, w = a + b - a * b. Dense regions and sparse
// ones get comparable weights, which is what keeps a small island as tight as a large one.
#include "vectorindex.h"
#include <cstdint>
#include <vector>

namespace lookalike {

struct FuzzyGraph {
    qint64 n = 0;
    // Rows in CSR: the edges of vertex v are [offsets[v], offsets[v + 1]). Every undirected
    // edge is stored under both of its vertices, with the same weight.
    std::vector<int64_t> offsets; // n + 1
    std::vector<int32_t> targets; // vertex numbers
    std::vector<float> weights;   // membership strength, (0, 1]

    qint64 edgeCount() const { return qint64(targets.size()); }
    float maxWeight() const;

    // neighbours: n rows of hits whose ids are row numbers (0..n-1), best first, with
    // cosine similarities (distance = 1 - similarity); rows may be shorter than others or
    // empty. Hits naming rows outside [0, n) or the row itself are ignored.
    static FuzzyGraph fromNeighbours(const std::vector<std::vector<SearchHit>>& neighbours);

    // The directed strengths of one row, as above (before symmetrising): distances sorted
    // ascending, result in the same order. Exposed for placing new vectors and for tests.
    static std::vector<float> memberships(const std::vector<float>& distances);
};

} // namespace lookalike
