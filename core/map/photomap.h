#pragma once
// The map of a library's photos: MapUpdater on their look vectors (PhotoDescriber::kLookModel,
// 432-d, unit L2), the same layout as the faces' map, kept in the library apart from it
// (MapStore, kind Image) and brought up to date when photos are indexed, removed or brought
// back. The points are named by image id, as the photos grid, the photo thumbnails and the
// photo actions name photos. Photos have no labels: they are coloured by folder.
//
// Blocking: call it off the GUI thread with its own Library connection.
#include "expected.h"
#include "mapgroups.h"
#include "mapupdater.h"
#include <QHash>

namespace lookalike {

class Library;

class PhotoMap {
public:
    // MapUpdater::update for the photos (options.kind is set here). The result's ids are
    // image ids, ascending, with their positions.
    static Expected<MapUpdater::Result> update(Library& library, MapUpdater::Options options);
    // The stored map when it is up to date, by image id; empty when none or stale.
    static Expected<MapUpdater::Result> cached(Library& library,
                                               const MapLayout::Options& layout = {});
    // Image id -> the photo's path, with its folder (absolute path) as label.
    static QHash<qint64, MapItemInfo> itemInfo(Library& library);
};

} // namespace lookalike
