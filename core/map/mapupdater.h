#pragma once
// Keeps the map of a library up to date (MapStore is its cache), for the app and the CLI.
// The map of one model is laid out from scratch (MapLayout::compute) the first time, when
// asked, or when many items came since; a few new items are placed among their neighbours
// (MapLayout::place) and every other point stays where it was. Removed items just leave.
//
// Blocking: call it off the GUI thread with its own Library connection.
#include "expected.h"
#include "library.h"
#include "maplayout.h"
#include <QString>
#include <vector>

namespace lookalike {

class Library;

class MapUpdater {
public:
    enum class Change {
        None,     // the stored map was up to date
        Placed,   // new items were placed among the others
        Computed, // laid out from scratch
    };

    struct Options {
        MapLayout::Options layout;
        // The items of the map: faces (their embeddings) or photos (their look vectors);
        // each kind has its own map and generation (MapStore).
        ItemKind kind = ItemKind::Face;
        bool recompute = false; // from scratch whatever is stored
        // New items are placed one by one while the items placed since the last full
        // layout stay under this share of the map, and the exact search that places them
        // (new * all) stays under kPlaceCost comparisons; otherwise the map is redone.
        double placeShare = 0.2;
    };

    struct Result {
        QString model;
        Change change = Change::None;
        qint64 placed = 0;            // items placed (Placed) or laid out (Computed)
        std::vector<qint64> ids;      // every item of the map, ascending
        std::vector<float> positions; // ids.size() * 2
        double seconds = 0;
    };

    static constexpr double kPlaceCost = 1e9;

    // Brings the map of `model` up to date, saving what changed, and returns it.
    static Expected<Result> update(Library& library, const QString& model, const Options& options);
    // The stored map of `model` when it is up to date, without computing anything; an
    // empty result (no ids) when there is none or it is stale.
    static Expected<Result> cached(Library& library, const QString& model,
                                   const MapLayout::Options& layout = {},
                                   ItemKind kind = ItemKind::Face);
    // What computes the positions, as stored: a map made another way is redone.
    static QString method(const MapLayout::Options& layout);
};

} // namespace lookalike
