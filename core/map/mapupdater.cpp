#include "mapupdater.h"

#include "library.h"
#include "mapstore.h"

#include <QElapsedTimer>

#include <algorithm>

namespace lookalike {
namespace {

using Result = MapUpdater::Result;

Result fromStored(const QString& model, StoredMap&& map)
{
    Result r;
    r.model = model;
    r.ids = std::move(map.ids);
    r.positions = std::move(map.positions);
    return r;
}

// The vectors of `vectors` split by whether the stored map has them: those it has are
// compacted to the front of vectors.data (in id order, with their positions in `kept`), the
// others copied to `added`.
struct Split {
    std::vector<qint64> keptIds, addedIds;
    std::vector<float> keptPositions, added;
};

Split split(VectorSet& vectors, const StoredMap& map)
{
    Split s;
    const int d = vectors.dimension;
    size_t m = 0;
    for (size_t i = 0; i < vectors.ids.size(); ++i) {
        const qint64 id = vectors.ids[i];
        while (m < map.ids.size() && map.ids[m] < id)
            ++m;
        const float* row = vectors.data.data() + i * d;
        if (m < map.ids.size() && map.ids[m] == id) {
            std::copy_n(row, d, vectors.data.data() + s.keptIds.size() * d);
            s.keptIds.push_back(id);
            s.keptPositions.push_back(map.positions[2 * m]);
            s.keptPositions.push_back(map.positions[2 * m + 1]);
        } else {
            s.added.insert(s.added.end(), row, row + d);
            s.addedIds.push_back(id);
        }
    }
    vectors.data.resize(s.keptIds.size() * d);
    return s;
}

// Kept and added points in one ascending list.
void mergeInto(Result& r, const Split& s, const std::vector<float>& addedPositions)
{
    size_t a = 0, k = 0;
    while (a < s.addedIds.size() || k < s.keptIds.size()) {
        const bool takeAdded =
            k == s.keptIds.size() || (a < s.addedIds.size() && s.addedIds[a] < s.keptIds[k]);
        r.ids.push_back(takeAdded ? s.addedIds[a] : s.keptIds[k]);
        const float* p = takeAdded ? &addedPositions[2 * a++] : &s.keptPositions[2 * k++];
        r.positions.insert(r.positions.end(), p, p + 2);
    }
}

Expected<Result> computeAll(Library& library, const QString& model, VectorSet& vectors,
                            qint64 generation, const MapUpdater::Options& o)
{
    const qint64 n = qint64(vectors.ids.size());
    auto positions = MapLayout::compute(vectors.data.data(), n, vectors.dimension, o.layout);
    if (!positions)
        return Error{positions.error()};
    StoredMap map{generation, MapUpdater::method(o.layout), n, 0, vectors.ids, *positions};
    if (Status s = MapStore::save(library, model, map, o.kind); !s)
        return Error{QStringLiteral("cannot save the map: %1").arg(s.error())};
    Result r = fromStored(model, std::move(map));
    r.change = MapUpdater::Change::Computed;
    r.placed = n;
    return r;
}

// Ids of `ids` missing from `known`, both ascending.
qint64 countNew(const std::vector<qint64>& ids, const std::vector<qint64>& known)
{
    qint64 count = 0;
    size_t m = 0;
    for (qint64 id : ids) {
        while (m < known.size() && known[m] < id)
            ++m;
        count += m == known.size() || known[m] != id;
    }
    return count;
}

Expected<Result> placeNew(Library& library, const QString& model, VectorSet& vectors,
                          const StoredMap& stored, qint64 generation, const MapUpdater::Options& o)
{
    const Split s = split(vectors, stored);
    const qint64 added = qint64(s.addedIds.size());
    auto positions =
        MapLayout::place(vectors.data.data(), s.keptPositions.data(), qint64(s.keptIds.size()),
                         s.added.data(), added, vectors.dimension, o.layout);
    if (!positions)
        return Error{positions.error()};
    StoredMap header = stored;
    header.ids.clear();
    header.positions.clear();
    header.generation = generation;
    header.placedCount += added;
    if (Status st = MapStore::append(library, model, header, s.addedIds, *positions, o.kind); !st)
        return Error{QStringLiteral("cannot save the map: %1").arg(st.error())};
    Result r;
    r.model = model;
    r.change = added > 0 ? MapUpdater::Change::Placed : MapUpdater::Change::None;
    r.placed = added;
    mergeInto(r, s, *positions);
    return r;
}

} // namespace

QString MapUpdater::method(const MapLayout::Options& o)
{
    return QStringLiteral("umap/1 k=%1 epochs=%2 negative=%3 attraction=%4 seed=%5")
        .arg(o.neighbours)
        .arg(o.epochs)
        .arg(o.negativeSamples)
        .arg(double(o.attraction))
        .arg(o.seed);
}

Expected<Result> MapUpdater::cached(Library& library, const QString& model,
                                    const MapLayout::Options& layout, ItemKind kind)
{
    auto stored = MapStore::load(library, model, kind);
    if (!stored)
        return Error{stored.error()};
    if (!*stored || (*stored)->generation != MapStore::generation(library, kind) ||
        (*stored)->method != method(layout))
        return fromStored(model, {});
    return fromStored(model, std::move(**stored));
}

Expected<Result> MapUpdater::update(Library& library, const QString& model, const Options& o)
{
    QElapsedTimer clock;
    clock.start();
    const qint64 generation = MapStore::generation(library, o.kind);
    auto stored = MapStore::load(library, model, o.kind);
    if (!stored)
        return Error{stored.error()};
    const bool usable = *stored && (*stored)->method == method(o.layout) && !o.recompute;
    if (usable && (*stored)->generation == generation)
        return fromStored(model, std::move(**stored));

    auto vectors = library.vectors(model);
    if (!vectors)
        return Error{vectors.error()};
    if (vectors->ids.empty()) {
        if (*stored)
            MapStore::remove(library, model, o.kind);
        return fromStored(model, {});
    }
    const qint64 total = qint64(vectors->ids.size());
    const qint64 added = usable ? countNew(vectors->ids, (*stored)->ids) : total;
    const bool place = usable && double((*stored)->placedCount + added) <= o.placeShare * total &&
                       double(added) * double(total) <= kPlaceCost;
    Expected<Result> result = place ? placeNew(library, model, *vectors, **stored, generation, o)
                                    : computeAll(library, model, *vectors, generation, o);
    if (result)
        result->seconds = clock.elapsed() / 1000.0;
    return result;
}

} // namespace lookalike
