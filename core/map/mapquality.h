#pragma once
// How well a map keeps neighbours: for each sampled vector, the share of its k nearest
// neighbours in the original space (cosine) that are also among its k nearest on the map
// (Euclidean), averaged over the sample. 1 is perfect; a random map of n points scores
// about k / n.
#include <QtGlobal>
#include <vector>

namespace lookalike {

struct MapQuality {
    // vectors: n * d, L2-normalised; positions: n * 2; rows: the sampled rows (all when
    // empty). Exact on both sides.
    static double neighbourPreservation(const float* vectors, const float* positions, qint64 n,
                                        int d, int k, const std::vector<qint64>& rows);
};

} // namespace lookalike
