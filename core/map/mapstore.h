#pragma once
// The map of a library, kept in it as a cache (tables maps and map_points, schema 4): the
// 2-D position of every item of one model, the vector generation the positions were made
// for, and how: a removed item takes its point with it; new items wait for MapUpdater.
#include "expected.h"
#include <QString>
#include <optional>
#include <vector>

namespace lookalike {

class Library;

struct StoredMap {
    qint64 generation = 0;        // Library::vectorGeneration() when last brought up to date
    QString method;               // what made the positions (MapUpdater::method())
    qint64 fullCount = 0;         // items of the last full layout
    qint64 placedCount = 0;       // items placed among the others since
    std::vector<qint64> ids;      // item ids, ascending
    std::vector<float> positions; // ids.size() * 2: x, y in map units
};

class MapStore {
public:
    // The map of `model`, or nothing when there is none.
    static Expected<std::optional<StoredMap>> load(Library& library, const QString& model);
    // Replaces the map of `model` with `map`, in one transaction.
    static Status save(Library& library, const QString& model, const StoredMap& map);
    // Adds points to the map of `model` (there must be one) and records its new generation
    // and placed count, in one transaction.
    static Status append(Library& library, const QString& model, const StoredMap& header,
                         const std::vector<qint64>& ids, const std::vector<float>& positions);
    // Forgets the map of `model`.
    static Status remove(Library& library, const QString& model);
};

} // namespace lookalike
