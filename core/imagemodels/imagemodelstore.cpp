#include "imagemodelstore.h"

#include "database.h"
#include "halffloats.h"
#include "library.h"
#include "photostore.h"

namespace lookalike {

QString ImageModelStore::descriptorName(const QString& modelId)
{
    return QStringLiteral("photo-embed:") + modelId;
}

QString ImageModelStore::metaValue(Library& library, const char* key)
{
    Statement q = library.database().prepare("SELECT value FROM meta WHERE key = ?");
    q.bind(1, QString::fromLatin1(key));
    return q.next() ? q.text(0) : QString();
}

Status ImageModelStore::setMeta(Database& db, const char* key, const QString& value)
{
    Statement q = db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
    q.bind(1, QString::fromLatin1(key)).bind(2, value);
    return q.exec() ? success() : Status(Error{q.error()});
}

QString ImageModelStore::chosen(Library& library)
{
    return metaValue(library, kChosenKey);
}

QString ImageModelStore::active(Library& library)
{
    return metaValue(library, kActiveKey);
}

Status ImageModelStore::choose(Library& library, const QString& modelId)
{
    Database& db = library.database();
    Database::Transaction tx(db);
    if (Status s = setMeta(db, kChosenKey, modelId); !s)
        return s;
    if (modelId.isEmpty())
        if (Status s = setMeta(db, kActiveKey, QString()); !s)
            return s;
    return tx.commit();
}

Expected<bool> ImageModelStore::activateIfComplete(Library& library)
{
    Database& db = library.database();
    Database::Transaction tx(db);
    const QString id = chosen(library);
    if (id.isEmpty())
        return false;
    if (active(library) == id)
        return true;
    if (embeddedCount(library, id) < photoCount(library))
        return false;
    if (Status s = setMeta(db, kActiveKey, id); !s)
        return Error{s.error()};
    if (Status s = tx.commit(); !s)
        return Error{s.error()};
    return true;
}

qint64 ImageModelStore::photoCount(Library& library)
{
    Statement q = library.database().prepare("SELECT count(*) FROM items WHERE kind = 1");
    return q.next() ? q.integer(0) : 0;
}

qint64 ImageModelStore::embeddedCount(Library& library, const QString& modelId, qint64* failed)
{
    Statement q = library.database().prepare(
        "SELECT count(*), coalesce(sum(length(vectors.data) = 0), 0) FROM items JOIN vectors ON "
        "vectors.item_id = items.id AND vectors.model_id = (SELECT id FROM models WHERE name = ?) "
        "WHERE items.kind = 1");
    q.bind(1, descriptorName(modelId));
    if (!q.next())
        return 0;
    if (failed)
        *failed = q.integer(1);
    return q.integer(0);
}

std::vector<ImageModelStore::Pending> ImageModelStore::pending(Library& library,
                                                               const QString& modelId)
{
    Statement q = library.database().prepare(
        "SELECT items.image_id, items.id, images.path FROM items JOIN images ON images.id = "
        "items.image_id WHERE items.kind = 1 AND NOT EXISTS (SELECT 1 FROM vectors WHERE "
        "vectors.item_id = items.id AND vectors.model_id = (SELECT id FROM models WHERE name = ?)) "
        "ORDER BY items.image_id");
    q.bind(1, descriptorName(modelId));
    std::vector<Pending> out;
    while (q.next())
        out.push_back({q.integer(0), q.integer(1), q.text(2)});
    return out;
}

Status ImageModelStore::write(Database& db, qint64 itemId, const QString& modelId, int dimension,
                              std::span<const float> vector)
{
    auto model = PhotoStore::modelId(db, descriptorName(modelId).toUtf8().constData(), dimension);
    if (!model)
        return Error{model.error()};
    const QByteArray halves = halffloats::pack(vector);
    Statement q =
        db.prepare("INSERT OR REPLACE INTO vectors(item_id, model_id, data) VALUES(?,?,?)");
    q.bind(1, itemId).bind(2, *model).bindBlob(3, halves.constData(), halves.size());
    return q.exec() ? success() : Status(Error{q.error()});
}

std::vector<float> ImageModelStore::vector(Library& library, qint64 imageId, const QString& modelId)
{
    return halffloats::unpack(PhotoStore::blob(library, imageId, descriptorName(modelId)));
}

Status ImageModelStore::forEach(Library& library, const QString& modelId, int dimension,
                                const std::function<bool(qint64, std::span<const float>)>& visit)
{
    return PhotoStore::forEachHalfVector(library, descriptorName(modelId), dimension, visit);
}

} // namespace lookalike
