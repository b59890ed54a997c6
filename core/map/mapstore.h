#pragma once
// The map of a library, kept in it as a cache (tables maps and map_points, schema 4; the
// kind of its items, schema 9): the 2-D position of every item of one kind and model (the
// faces' embeddings, the photos' look vectors), the generation the positions were made for
// (Library::vectorGeneration() for faces, photoGeneration() for photos), and how: a removed
// item takes its point with it; new items wait for MapUpdater.
#include "expected.h"
#include "library.h"
#include <QString>
#include <optional>
#include <vector>

namespace lookalike {

class Library;

struct StoredMap {
    qint64 generation = 0;        // of its kind (see above) when last brought up to date
    QString method;               // what made the positions (MapUpdater::method())
    qint64 fullCount = 0;         // items of the last full layout
    qint64 placedCount = 0;       // items placed among the others since
    std::vector<qint64> ids;      // item ids, ascending
    std::vector<float> positions; // ids.size() * 2: x, y in map units
};

class MapStore {
public:
    // The map of the items of `kind` by `model`, or nothing when there is none.
    static Expected<std::optional<StoredMap>> load(Library& library, const QString& model,
                                                   ItemKind kind = ItemKind::Face);
    // Replaces that map with `map`, in one transaction.
    static Status save(Library& library, const QString& model, const StoredMap& map,
                       ItemKind kind = ItemKind::Face);
    // Adds points to that map (there must be one) and records its new generation and
    // placed count, in one transaction.
    static Status append(Library& library, const QString& model, const StoredMap& header,
                         const std::vector<qint64>& ids, const std::vector<float>& positions,
                         ItemKind kind = ItemKind::Face);
    // Forgets that map.
    static Status remove(Library& library, const QString& model, ItemKind kind = ItemKind::Face);
    // The generation a map of `kind` follows.
    static qint64 generation(Library& library, ItemKind kind);
};

} // namespace lookalike
