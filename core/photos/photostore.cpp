#include "photostore.h"
#include "halffloats.h"
#include "database.h"
#include "library.h"
#include <QHash>
#include <algorithm>
#include <cstring>

namespace lookalike {

namespace {

} // namespace

Expected<qint64> PhotoStore::modelId(Database& db, const char* name, int dimension)
{
    Statement q = db.prepare("INSERT INTO models(name, dimension) VALUES(?, ?) "
                             "ON CONFLICT(name) DO UPDATE SET name = name RETURNING id");
    q.bind(1, QString::fromLatin1(name)).bind(2, dimension);
    if (!q.next())
        return Error{q.error()};
    const qint64 id = q.integer(0);
    q.next();
    return id;
}

namespace {

// (image id, blob) of every photo item's vector of `model`, by image id.
template <class Visit> Status forEachVector(Database& db, const char* model, Visit visit)
{
    Statement q = db.prepare("SELECT items.image_id, vectors.data FROM vectors JOIN models ON "
                             "models.id = vectors.model_id JOIN items ON items.id = vectors.item_id "
                             "WHERE models.name = ? AND items.kind = 1 ORDER BY items.image_id");
    q.bind(1, QString::fromLatin1(model));
    while (q.next())
        visit(q.integer(0), q.blob(1));
    if (!q.error().isEmpty())
        return Error{q.error()};
    return success();
}

QByteArray vectorOf(Library& library, qint64 imageId, const char* model)
{
    return PhotoStore::blob(library, imageId, QString::fromLatin1(model));
}

} // namespace

QByteArray PhotoStore::blob(Library& library, qint64 imageId, const QString& model)
{
    Statement q = library.database().prepare(
        "SELECT vectors.data FROM vectors JOIN models ON models.id = vectors.model_id JOIN items ON "
        "items.id = vectors.item_id WHERE models.name = ? AND items.kind = 1 AND items.image_id = ?");
    q.bind(1, model).bind(2, imageId);
    return q.next() ? q.blob(0) : QByteArray();
}

Status PhotoStore::forEachHalfVector(Library& library, const QString& model, int dimension,
                                     const std::function<bool(qint64, std::span<const float>)>& visit)
{
    // Through the photo items (partial index on kind 1), then each item's row of the model
    // by the (item_id, model_id) key: never a scan of the face vectors.
    Statement q = library.database().prepare(
        "SELECT items.image_id, vectors.data FROM items JOIN vectors ON vectors.item_id = items.id "
        "AND vectors.model_id = (SELECT id FROM models WHERE name = ?) WHERE items.kind = 1 "
        "ORDER BY items.image_id");
    q.bind(1, model);
    std::vector<float> values(size_t(std::max(0, dimension)));
    while (q.next()) {
        const QByteArray blob = q.blob(1);
        if (values.empty() || blob.size() != qsizetype(values.size() * 2))
            continue;
        halffloats::unpack(blob, values);
        if (!visit(q.integer(0), values))
            return success();
    }
    if (!q.error().isEmpty())
        return Error{q.error()};
    return success();
}

Status PhotoStore::write(Database& db, qint64 imageId, const PhotoDescriptor& photo)
{
    Statement drop = db.prepare("DELETE FROM items WHERE kind = 1 AND image_id = ?");
    drop.bind(1, imageId);
    if (!drop.exec())
        return Error{drop.error()};
    Statement item = db.prepare("INSERT INTO items(image_id, kind) VALUES(?, 1)");
    item.bind(1, imageId);
    if (!item.exec())
        return Error{item.error()};
    const qint64 itemId = db.lastInsertId();
    Statement vector = db.prepare("INSERT INTO vectors(item_id, model_id, data) VALUES(?,?,?)");
    auto put = [&](const char* model, int dimension, const void* data, qint64 bytes) -> Status {
        auto id = modelId(db, model, dimension);
        if (!id)
            return Error{id.error()};
        vector.bind(1, itemId).bind(2, *id).bindBlob(3, data, bytes);
        return vector.exec() ? success() : Status(Error{vector.error()});
    };
    // Dimensions count the stored values: bytes for the code and thumbnail, floats for looks.
    if (Status s = put(PhotoDescriber::kHashModel, PhotoDescriptor::kHashBytes, photo.hash.data(),
                       PhotoDescriptor::kHashBytes);
        !s)
        return s;
    if (Status s = put(PhotoDescriber::kWindowsModel, int(photo.windows.size()), photo.windows.data(),
                       qint64(photo.windows.size()));
        !s)
        return s;
    if (Status s = put(PhotoDescriber::kThumbModel, int(photo.thumbnail.size()),
                       photo.thumbnail.data(), qint64(photo.thumbnail.size()));
        !s)
        return s;
    return put(PhotoDescriber::kLookModel, int(photo.look.size()), photo.look.data(),
               qint64(photo.look.size() * sizeof(float)));
}

Expected<StoredPhotos> PhotoStore::load(Library& library)
{
    StoredPhotos out;
    QHash<qint64, size_t> row;
    Status s = forEachVector(library.database(), PhotoDescriber::kHashModel,
                             [&](qint64 imageId, const QByteArray& code) {
                                 if (code.size() != PhotoDescriptor::kHashBytes)
                                     return;
                                 row.insert(imageId, out.imageIds.size());
                                 out.imageIds.push_back(imageId);
                                 out.codes.insert(out.codes.end(), code.begin(), code.end());
                             });
    if (!s)
        return Error{s.error()};
    const size_t w = size_t(PhotoDescriptor::kWindows * PhotoDescriptor::kHashBytes);
    out.windows.assign(out.imageIds.size() * w, 0);
    s = forEachVector(library.database(), PhotoDescriber::kWindowsModel,
                      [&](qint64 imageId, const QByteArray& windows) {
                          const auto it = row.constFind(imageId);
                          if (it != row.cend() && size_t(windows.size()) == w)
                              std::memcpy(out.windows.data() + *it * w, windows.constData(), w);
                      });
    if (!s)
        return Error{s.error()};
    const size_t d = PhotoDescriptor::kLookDimension;
    out.looks.assign(out.imageIds.size() * d, 0.f);
    s = forEachVector(library.database(), PhotoDescriber::kLookModel,
                      [&](qint64 imageId, const QByteArray& look) {
                          const auto it = row.constFind(imageId);
                          if (it == row.cend() || size_t(look.size()) != d * sizeof(float))
                              return;
                          std::memcpy(out.looks.data() + *it * d, look.constData(), size_t(look.size()));
                      });
    if (!s)
        return Error{s.error()};
    return out;
}

std::vector<std::uint8_t> PhotoStore::thumbnail(Library& library, qint64 imageId)
{
    const QByteArray bytes = vectorOf(library, imageId, PhotoDescriber::kThumbModel);
    return std::vector<std::uint8_t>(bytes.begin(), bytes.end());
}

std::optional<PhotoDescriptor> PhotoStore::descriptor(Library& library, qint64 imageId)
{
    const QByteArray code = vectorOf(library, imageId, PhotoDescriber::kHashModel);
    if (code.size() != PhotoDescriptor::kHashBytes)
        return std::nullopt;
    PhotoDescriptor d;
    std::memcpy(d.hash.data(), code.constData(), size_t(code.size()));
    d.thumbnail = thumbnail(library, imageId);
    const QByteArray windows = vectorOf(library, imageId, PhotoDescriber::kWindowsModel);
    d.windows.assign(windows.begin(), windows.end());
    const QByteArray look = vectorOf(library, imageId, PhotoDescriber::kLookModel);
    d.look.resize(size_t(look.size()) / sizeof(float));
    std::memcpy(d.look.data(), look.constData(), d.look.size() * sizeof(float));
    return d;
}

std::vector<float> PhotoStore::look(Library& library, qint64 imageId)
{
    const QByteArray bytes = vectorOf(library, imageId, PhotoDescriber::kLookModel);
    if (bytes.size() != qsizetype(PhotoDescriptor::kLookDimension * sizeof(float)))
        return {};
    std::vector<float> out(size_t(PhotoDescriptor::kLookDimension));
    std::memcpy(out.data(), bytes.constData(), size_t(bytes.size()));
    return out;
}

std::vector<PhotoFacts> PhotoStore::photoFacts(Library& library, const std::vector<qint64>& ids)
{
    std::vector<PhotoFacts> out;
    Statement q = library.database().prepare(
        "SELECT id, path, coalesce(width, 0), coalesce(height, 0), size, coalesce(format, ''), "
        "coalesce(taken, 0), mtime, coalesce(camera, ''), coalesce(hash, '') FROM images WHERE id = ?");
    for (qint64 id : ids) {
        q.bind(1, id);
        if (q.next())
            out.push_back({q.integer(0), q.text(1), int(q.integer(2)), int(q.integer(3)), q.integer(4),
                           q.text(5), q.integer(6), q.integer(7), q.text(8), q.text(9)});
        q.reset();
    }
    return out;
}

std::vector<std::vector<qint64>> PhotoStore::sameContent(Library& library)
{
    std::vector<std::vector<qint64>> out;
    Statement q = library.database().prepare(
        "SELECT hash, id FROM images WHERE status = 0 AND hash IN (SELECT hash FROM images WHERE "
        "status = 0 AND hash IS NOT NULL GROUP BY hash HAVING count(*) > 1) ORDER BY hash, id");
    QString last;
    while (q.next()) {
        if (out.empty() || q.text(0) != last)
            out.emplace_back();
        last = q.text(0);
        out.back().push_back(q.integer(1));
    }
    return out;
}

std::vector<qint64> PhotoStore::withHash(Library& library, const QString& hash)
{
    std::vector<qint64> out;
    Statement q = library.database().prepare(
        "SELECT id FROM images WHERE status = 0 AND hash = ? ORDER BY id");
    q.bind(1, hash);
    while (q.next())
        out.push_back(q.integer(0));
    return out;
}

Status PhotoStore::markNotDuplicates(Library& library, qint64 imageA, qint64 imageB)
{
    return setVerdict(library.database(), imageA, imageB, 0);
}

Status PhotoStore::setVerdict(Database& db, qint64 imageA, qint64 imageB, int verdict)
{
    Statement q = db.prepare("INSERT INTO photo_verdicts(image_a, image_b, verdict) VALUES(?, ?, ?) "
                             "ON CONFLICT(image_a, image_b) DO UPDATE SET verdict = excluded.verdict");
    q.bind(1, std::min(imageA, imageB)).bind(2, std::max(imageA, imageB)).bind(3, verdict);
    return q.exec() ? success() : Status(Error{q.error()});
}

int PhotoStore::verdict(Database& db, qint64 imageA, qint64 imageB)
{
    Statement q = db.prepare("SELECT verdict FROM photo_verdicts WHERE image_a = ? AND image_b = ?");
    q.bind(1, std::min(imageA, imageB)).bind(2, std::max(imageA, imageB));
    return q.next() ? int(q.integer(0)) : -1;
}

Status PhotoStore::forgetVerdict(Database& db, qint64 imageA, qint64 imageB)
{
    Statement q = db.prepare("DELETE FROM photo_verdicts WHERE image_a = ? AND image_b = ?");
    q.bind(1, std::min(imageA, imageB)).bind(2, std::max(imageA, imageB));
    return q.exec() ? success() : Status(Error{q.error()});
}

std::vector<std::pair<qint64, qint64>> PhotoStore::notDuplicatePairs(Library& library)
{
    std::vector<std::pair<qint64, qint64>> out;
    Statement q = library.database().prepare(
        "SELECT image_a, image_b FROM photo_verdicts WHERE verdict = 0 ORDER BY image_a, image_b");
    while (q.next())
        out.emplace_back(q.integer(0), q.integer(1));
    return out;
}

} // namespace lookalike
