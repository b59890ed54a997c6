#include "objectstore.h"

#include "database.h"
#include "library.h"
#include "photostore.h"

#include <QFloat16>

namespace lookalike {

namespace {

constexpr int kBytesPerKeypoint = 36; // 4 + 32 reduced dimensions (LocalFeatures::serialize)

// The blob of `model` on the photo item of `imageId`; empty when there is none.
QByteArray blobOf(Library& library, qint64 imageId, const char* model)
{
    Statement q = library.database().prepare(
        "SELECT vectors.data FROM items JOIN vectors ON vectors.item_id = items.id JOIN models ON "
        "models.id = vectors.model_id WHERE items.kind = 1 AND items.image_id = ? AND "
        "models.name = ?");
    q.bind(1, imageId).bind(2, QString::fromLatin1(model));
    return q.next() ? q.blob(0) : QByteArray();
}

std::vector<float> fromHalves(const QByteArray& blob)
{
    std::vector<float> out(size_t(blob.size()) / sizeof(qfloat16));
    qFloatFromFloat16(out.data(), reinterpret_cast<const qfloat16*>(blob.constData()),
                      qsizetype(out.size()));
    return out;
}

} // namespace

Status ObjectStore::write(Database& db, qint64 imageId, const ObjectDescriptor& object)
{
    Statement item = db.prepare("SELECT id FROM items WHERE kind = 1 AND image_id = ?");
    item.bind(1, imageId);
    if (!item.next())
        return Error{QStringLiteral("photo %1 has no photo descriptors to add its object to")
                         .arg(imageId)};
    const qint64 itemId = item.integer(0);
    item.reset();
    std::vector<qfloat16> halves(object.vlad.size());
    qFloatToFloat16(halves.data(), object.vlad.data(), qsizetype(halves.size()));
    const QByteArray keys = object.keypoints.serialize();
    Statement vector =
        db.prepare("INSERT OR REPLACE INTO vectors(item_id, model_id, data) VALUES(?,?,?)");
    auto vladModel = PhotoStore::modelId(db, kVladModel, int(halves.size()));
    if (!vladModel)
        return Error{vladModel.error()};
    vector.bind(1, itemId).bind(2, *vladModel);
    vector.bindBlob(3, halves.data(), qint64(halves.size() * sizeof(qfloat16)));
    if (!vector.exec())
        return Error{vector.error()};
    auto keysModel = PhotoStore::modelId(db, kKeysModel, kBytesPerKeypoint);
    if (!keysModel)
        return Error{keysModel.error()};
    vector.bind(1, itemId).bind(2, *keysModel).bindBlob(3, keys.constData(), keys.size());
    return vector.exec() ? success() : Status(Error{vector.error()});
}

bool ObjectStore::any(Library& library)
{
    Statement q = library.database().prepare(
        "SELECT 1 FROM vectors WHERE model_id = (SELECT id FROM models WHERE name = ?) LIMIT 1");
    q.bind(1, QString::fromLatin1(kVladModel));
    return q.next();
}

Status ObjectStore::forEachVlad(Library& library, int dimension,
                                const std::function<bool(qint64, std::span<const float>)>& visit)
{
    // Through the photo items (partial index on kind 1), then each item's VLAD row by the
    // (item_id, model_id) key: never a scan of the face vectors.
    Statement q = library.database().prepare(
        "SELECT items.image_id, vectors.data FROM items JOIN vectors ON vectors.item_id = items.id "
        "AND vectors.model_id = (SELECT id FROM models WHERE name = ?) WHERE items.kind = 1 "
        "ORDER BY items.image_id");
    q.bind(1, QString::fromLatin1(kVladModel));
    std::vector<float> vlad(size_t(std::max(0, dimension)));
    while (q.next()) {
        const QByteArray blob = q.blob(1);
        if (blob.size() != qsizetype(vlad.size() * sizeof(qfloat16)))
            continue;
        qFloatFromFloat16(vlad.data(), reinterpret_cast<const qfloat16*>(blob.constData()),
                          qsizetype(vlad.size()));
        if (!visit(q.integer(0), vlad))
            return success();
    }
    if (!q.error().isEmpty())
        return Error{q.error()};
    return success();
}

std::vector<std::optional<LocalFeatures>> ObjectStore::keypoints(Library& library,
                                                                 const std::vector<qint64>& imageIds)
{
    std::vector<std::optional<LocalFeatures>> out;
    out.reserve(imageIds.size());
    for (qint64 id : imageIds) {
        auto f = LocalFeatures::deserialize(blobOf(library, id, kKeysModel));
        out.push_back(f ? std::optional<LocalFeatures>(std::move(*f)) : std::nullopt);
    }
    return out;
}

std::vector<float> ObjectStore::vlad(Library& library, qint64 imageId)
{
    const QByteArray blob = blobOf(library, imageId, kVladModel);
    return blob.isEmpty() ? std::vector<float>() : fromHalves(blob);
}

std::optional<ObjectDescriptor> ObjectStore::descriptor(Library& library, qint64 imageId)
{
    const QByteArray vlad = blobOf(library, imageId, kVladModel);
    auto keys = LocalFeatures::deserialize(blobOf(library, imageId, kKeysModel));
    if (vlad.isEmpty() || !keys)
        return std::nullopt;
    return ObjectDescriptor{fromHalves(vlad), std::move(*keys)};
}

} // namespace lookalike
