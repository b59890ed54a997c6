#include "mapstore.h"

#include "database.h"
#include "library.h"

#include <QDateTime>

namespace lookalike {
namespace {

Expected<qint64> modelId(Database& db, const QString& model)
{
    Statement q = db.prepare("SELECT id FROM models WHERE name = ?");
    q.bind(1, model);
    if (q.next())
        return q.integer(0);
    return Error{q.error().isEmpty()
                     ? QStringLiteral("the library has no vectors of model %1").arg(model)
                     : q.error()};
}

Expected<qint64> writeHeader(Database& db, qint64 model, ItemKind kind, const StoredMap& map)
{
    Statement q = db.prepare(
        "INSERT INTO maps(model_id, generation, method, full_count, placed_count, created_at, "
        "kind) VALUES(?,?,?,?,?,?,?) ON CONFLICT(model_id) DO UPDATE SET generation = "
        "excluded.generation, method = excluded.method, full_count = excluded.full_count, "
        "placed_count = excluded.placed_count, created_at = excluded.created_at, "
        "kind = excluded.kind RETURNING id");
    q.bind(1, model).bind(2, map.generation).bind(3, map.method).bind(4, map.fullCount);
    q.bind(5, map.placedCount).bind(6, QDateTime::currentMSecsSinceEpoch()).bind(7, int(kind));
    if (!q.next())
        return Error{q.error()};
    const qint64 id = q.integer(0);
    q.next();
    return id;
}

Status writePoints(Database& db, qint64 mapId, const std::vector<qint64>& ids,
                   const std::vector<float>& positions)
{
    if (positions.size() != ids.size() * 2)
        return Error{QStringLiteral("map positions do not match its items")};
    Statement q =
        db.prepare("INSERT OR REPLACE INTO map_points(item_id, map_id, x, y) "
                   "SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM items WHERE id = ?1)");
    for (size_t i = 0; i < ids.size(); ++i) {
        q.bind(1, ids[i]).bind(2, mapId);
        q.bind(3, double(positions[2 * i])).bind(4, double(positions[2 * i + 1]));
        if (!q.exec())
            return Error{q.error()};
    }
    return success();
}

// The header of `map`, and the points, after the old ones when `replace` is false.
Status write(Library& library, const QString& model, ItemKind kind, const StoredMap& map,
             const std::vector<qint64>& ids, const std::vector<float>& positions, bool replace)
{
    Database& db = library.database();
    Database::Transaction tx(db);
    if (!tx.active())
        return Error{db.lastError()};
    auto model_id = modelId(db, model);
    if (!model_id)
        return Error{model_id.error()};
    auto map_id = writeHeader(db, *model_id, kind, map);
    if (!map_id)
        return Error{map_id.error()};
    if (replace) {
        Statement clear = db.prepare("DELETE FROM map_points WHERE map_id = ?");
        clear.bind(1, *map_id);
        if (!clear.exec())
            return Error{clear.error()};
    }
    if (Status s = writePoints(db, *map_id, ids, positions); !s)
        return s;
    return tx.commit();
}

} // namespace

Expected<std::optional<StoredMap>> MapStore::load(Library& library, const QString& model,
                                                  ItemKind kind)
{
    Database& db = library.database();
    Statement head = db.prepare(
        "SELECT maps.id, generation, method, full_count, placed_count FROM maps "
        "JOIN models ON models.id = maps.model_id WHERE models.name = ? AND maps.kind = ?");
    head.bind(1, model).bind(2, int(kind));
    if (!head.next())
        return head.error().isEmpty() ? Expected<std::optional<StoredMap>>(std::nullopt)
                                      : Error{head.error()};
    StoredMap map;
    const qint64 id = head.integer(0);
    map.generation = head.integer(1);
    map.method = head.text(2);
    map.fullCount = head.integer(3);
    map.placedCount = head.integer(4);
    head.reset();
    Statement q =
        db.prepare("SELECT item_id, x, y FROM map_points WHERE map_id = ? AND item_id NOT IN "
                   "(SELECT id FROM items WHERE not_face = 1) ORDER BY item_id"); // faces only
    q.bind(1, id);
    while (q.next()) {
        map.ids.push_back(q.integer(0));
        map.positions.push_back(float(q.real(1)));
        map.positions.push_back(float(q.real(2)));
    }
    if (!q.error().isEmpty())
        return Error{q.error()};
    return std::optional<StoredMap>(std::move(map));
}

Status MapStore::save(Library& library, const QString& model, const StoredMap& map, ItemKind kind)
{
    return write(library, model, kind, map, map.ids, map.positions, true);
}

Status MapStore::append(Library& library, const QString& model, const StoredMap& header,
                        const std::vector<qint64>& ids, const std::vector<float>& positions,
                        ItemKind kind)
{
    return write(library, model, kind, header, ids, positions, false);
}

Status MapStore::remove(Library& library, const QString& model, ItemKind kind)
{
    Database& db = library.database();
    Database::Transaction tx(db);
    Statement q = db.prepare("DELETE FROM maps WHERE kind = ? AND model_id = "
                             "(SELECT id FROM models WHERE name = ?)");
    q.bind(1, int(kind)).bind(2, model);
    if (!q.exec())
        return Error{q.error()};
    return tx.commit();
}

qint64 MapStore::generation(Library& library, ItemKind kind)
{
    return kind == ItemKind::Image ? library.photoGeneration() : library.vectorGeneration();
}

} // namespace lookalike
