#include "objectstore.h"

#include "database.h"
#include "halffloats.h"
#include "library.h"
#include "photostore.h"


namespace lookalike {

namespace {

constexpr int kBytesPerKeypoint = 36; // 4 + 32 reduced dimensions (LocalFeatures::serialize)

// The blob of `model` on the photo item of `imageId`; empty when there is none.
QByteArray blobOf(Library& library, qint64 imageId, const char* model)
{
    return PhotoStore::blob(library, imageId, QString::fromLatin1(model));
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
    const QByteArray halves = halffloats::pack(object.vlad);
    const QByteArray keys = object.keypoints.serialize();
    Statement vector =
        db.prepare("INSERT OR REPLACE INTO vectors(item_id, model_id, data) VALUES(?,?,?)");
    auto vladModel = PhotoStore::modelId(db, kVladModel, int(object.vlad.size()));
    if (!vladModel)
        return Error{vladModel.error()};
    vector.bind(1, itemId).bind(2, *vladModel);
    vector.bindBlob(3, halves.constData(), halves.size());
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
    return PhotoStore::forEachHalfVector(library, QString::fromLatin1(kVladModel), dimension, visit);
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
    return blob.isEmpty() ? std::vector<float>() : halffloats::unpack(blob);
}

std::optional<ObjectDescriptor> ObjectStore::descriptor(Library& library, qint64 imageId)
{
    const QByteArray vlad = blobOf(library, imageId, kVladModel);
    auto keys = LocalFeatures::deserialize(blobOf(library, imageId, kKeysModel));
    if (vlad.isEmpty() || !keys)
        return std::nullopt;
    return ObjectDescriptor{halffloats::unpack(vlad), std::move(*keys)};
}

} // namespace lookalike
