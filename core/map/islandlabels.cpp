#include "islandlabels.h"

#include <QHash>

#include <algorithm>
#include <cmath>

namespace lookalike {
namespace {

constexpr double kScales[] = {60, 20, 8}; // island scales: the map's larger side over these
constexpr qint64 kIsland = 10;            // points that make an island of a large group

} // namespace

QRectF mapBounds(const std::vector<float>& positions)
{
    if (positions.size() < 2)
        return {};
    float x0 = positions[0], x1 = x0, y0 = positions[1], y1 = y0;
    for (size_t i = 0; i + 1 < positions.size(); i += 2) {
        x0 = std::min(x0, positions[i]);
        x1 = std::max(x1, positions[i]);
        y0 = std::min(y0, positions[i + 1]);
        y1 = std::max(y1, positions[i + 1]);
    }
    return QRectF(QPointF(x0, y0), QPointF(x1, y1));
}

namespace {

// The densest island of one group at one scale: the cell whose 3 x 3 block holds most of
// the group, and the mean of the points in that block.
IslandLabel densest(const std::vector<float>& positions, const std::vector<qint64>& members,
                    const QRectF& bounds, double cell)
{
    auto cellOf = [&](qint64 i) {
        return qMakePair(qint64(std::floor((positions[2 * i] - bounds.left()) / cell)),
                         qint64(std::floor((positions[2 * i + 1] - bounds.top()) / cell)));
    };
    QHash<QPair<qint64, qint64>, qint64> counts;
    for (qint64 i : members)
        ++counts[cellOf(i)];
    QPair<qint64, qint64> best;
    qint64 bestCount = -1;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        qint64 around = 0;
        for (int dx = -1; dx <= 1; ++dx)
            for (int dy = -1; dy <= 1; ++dy)
                around += counts.value(qMakePair(it.key().first + dx, it.key().second + dy));
        if (around > bestCount || (around == bestCount && it.key() < best)) {
            bestCount = around;
            best = it.key();
        }
    }
    double x = 0, y = 0;
    qint64 n = 0;
    for (qint64 i : members) {
        const auto c = cellOf(i);
        if (std::abs(c.first - best.first) <= 1 && std::abs(c.second - best.second) <= 1) {
            x += positions[2 * i];
            y += positions[2 * i + 1];
            ++n;
        }
    }
    return {-1, n > 0 ? QPointF(x / double(n), y / double(n)) : QPointF(), n};
}

} // namespace

std::vector<IslandLabel> islandLabels(const std::vector<float>& positions, const MapGroups& groups,
                                      int minCount)
{
    const QRectF bounds = mapBounds(positions);
    const double extent = std::max(bounds.width(), bounds.height());
    std::vector<std::vector<qint64>> members(groups.names.size());
    for (size_t i = 0; i < groups.group.size(); ++i)
        if (const int g = groups.group[i]; g >= 0 && groups.sizes[g] >= minCount)
            members[g].push_back(qint64(i));
    std::vector<IslandLabel> out;
    for (size_t g = 0; g < members.size(); ++g) {
        if (members[g].empty() || extent <= 0)
            continue;
        // A name goes where much of its group is, or nowhere: a small group scattered over
        // the map has no island to name. Fine cells first (many small islands), coarser
        // ones for large islands.
        for (double across : kScales) {
            IslandLabel island = densest(positions, members[g], bounds, extent / across);
            if (island.count >= minCount &&
                (2 * island.count >= qint64(members[g].size()) || island.count >= kIsland)) {
                island.group = int(g);
                out.push_back(island);
                break;
            }
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const IslandLabel& a, const IslandLabel& b) { return a.count > b.count; });
    return out;
}

} // namespace lookalike
