#pragma once
// Where to write each group's name on a map: at the centre of its densest island, so that a
// person split in two islands is named on the larger one rather than in the gap between.
#include "mapgroups.h"
#include <QPointF>
#include <QRectF>
#include <vector>

namespace lookalike {

struct IslandLabel {
    int group = -1;   // index into MapGroups::names
    QPointF position; // map units
    qint64 count = 0; // points of the group in that island
};

// One label per group whose densest island holds at least `minCount` of its points and at
// least half of them, largest island first. positions: n * 2 map units,
// n = groups.group.size().
std::vector<IslandLabel> islandLabels(const std::vector<float>& positions, const MapGroups& groups,
                                      int minCount = 3);

// The bounding box of n * 2 positions (an empty rectangle for none).
QRectF mapBounds(const std::vector<float>& positions);

} // namespace lookalike
