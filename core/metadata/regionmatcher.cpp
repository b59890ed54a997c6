#include "regionmatcher.h"

#include <algorithm>
#include <tuple>

namespace lookalike {

double RegionMatcher::overlap(const QRectF& a, const QRectF& b)
{
    const QRectF i = a.intersected(b);
    const double inter = std::max(0.0, i.width()) * std::max(0.0, i.height());
    const double total = a.width() * a.height() + b.width() * b.height() - inter;
    return total > 0 ? inter / total : 0;
}

bool RegionMatcher::sameFace(const QRectF& a, const QRectF& b)
{
    return overlap(a, b) >= 0.3 || (a.contains(b.center()) && b.contains(a.center()));
}

std::vector<int> RegionMatcher::match(const std::vector<QRectF>& faces,
                                      const std::vector<QRectF>& regions)
{
    std::vector<std::tuple<double, int, int>> candidates; // overlap, region, face
    for (int r = 0; r < int(regions.size()); ++r)
        for (int f = 0; f < int(faces.size()); ++f)
            if (sameFace(regions[size_t(r)], faces[size_t(f)]))
                candidates.emplace_back(overlap(regions[size_t(r)], faces[size_t(f)]), r, f);
    std::ranges::sort(candidates, std::greater<>());
    std::vector<int> out(regions.size(), -1);
    std::vector<bool> taken(faces.size(), false);
    for (const auto& [score, r, f] : candidates)
        if (out[size_t(r)] < 0 && !taken[size_t(f)]) {
            out[size_t(r)] = f;
            taken[size_t(f)] = true;
        }
    return out;
}

} // namespace lookalike
