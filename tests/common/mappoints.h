#pragma once
// A map's points by id, for comparing maps before and after a change.
#include "mapupdater.h"
#include <map>
#include <utility>

namespace lookalike::test {

inline std::map<qint64, std::pair<float, float>> mapPoints(const MapUpdater::Result& r)
{
    std::map<qint64, std::pair<float, float>> out;
    for (size_t i = 0; i < r.ids.size(); ++i)
        out[r.ids[i]] = {r.positions[2 * i], r.positions[2 * i + 1]};
    return out;
}

} // namespace lookalike::test
