#pragma once
// Pairs faces named in metadata with detected faces by overlap. Thread-safe (pure).
#include "faceregion.h"
#include <vector>

namespace lookalike {

class RegionMatcher {
public:
    // Overlap of two relative boxes: intersection over union, 0..1.
    static double overlap(const QRectF& a, const QRectF& b);
    // True when two boxes show the same face: a region drawn by a person is often larger or
    // smaller than a detector box, so either a fair overlap or each centre inside the other.
    static bool sameFace(const QRectF& a, const QRectF& b);
    // For each region, the index of the detected face it names (best overlap first, each
    // face once), or -1.
    static std::vector<int> match(const std::vector<QRectF>& faces,
                                  const std::vector<QRectF>& regions);
};

} // namespace lookalike
