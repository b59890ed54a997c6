#include "photocatalog.h"
#include "database.h"
#include <QFileInfo>
#include <algorithm>

namespace lookalike {

namespace {

bool hasColumn(Database& db, const char* column)
{
    Statement q = db.prepare("SELECT 1 FROM pragma_table_info('images') WHERE name = ?");
    q.bind(1, QString::fromLatin1(column));
    return q.next();
}

// The columns every schema has, then taken and camera or NULLs in their place.
QByteArray selectPhotos(Database& db, const char* where)
{
    const bool taken = hasColumn(db, "taken");
    const bool camera = hasColumn(db, "camera");
    return QByteArray("SELECT id, path, size, mtime, width, height, format, ") +
           (taken ? "taken" : "NULL") + ", " + (camera ? "camera" : "NULL") +
           " FROM images WHERE status = 0 AND " + where;
}

PhotoInfo read(const Statement& q)
{
    PhotoInfo p;
    p.id = q.integer(0);
    p.path = q.text(1);
    p.size = q.integer(2);
    p.mtimeMs = q.integer(3);
    p.width = int(q.integer(4));
    p.height = int(q.integer(5));
    p.format = q.text(6);
    p.takenMs = q.isNull(7) ? 0 : q.integer(7);
    p.camera = q.text(8);
    return p;
}

} // namespace

QString PhotoInfo::folder() const
{
    return QFileInfo(path).path();
}

std::vector<PhotoInfo> PhotoCatalog::block(Library& library, qint64 afterId, qint64 span)
{
    Database& db = library.database();
    Statement q = db.prepare(
        selectPhotos(db, span > 0 ? "id > ? AND id <= ? ORDER BY id" : "id > ? ORDER BY id")
            .constData());
    q.bind(1, afterId);
    if (span > 0)
        q.bind(2, afterId + span);
    std::vector<PhotoInfo> out;
    while (q.next())
        out.push_back(read(q));
    return out;
}

std::vector<PhotoInfo> PhotoCatalog::photos(Library& library, const std::vector<qint64>& ids)
{
    Database& db = library.database();
    Statement q = db.prepare(selectPhotos(db, "id = ?").constData());
    std::vector<PhotoInfo> out;
    out.reserve(ids.size());
    for (qint64 id : ids) {
        q.reset();
        q.bind(1, id);
        if (q.next())
            out.push_back(read(q));
    }
    return out;
}

qint64 PhotoCatalog::lastId(Library& library)
{
    Statement q = library.database().prepare("SELECT coalesce(max(id), 0) FROM images");
    return q.next() ? q.integer(0) : 0;
}

void PhotoCatalog::sortForDisplay(std::vector<PhotoInfo>& photos)
{
    struct Key {
        QString folder;
        QString name;
    };
    std::vector<std::pair<Key, size_t>> keys;
    keys.reserve(photos.size());
    for (size_t i = 0; i < photos.size(); ++i) {
        const QFileInfo info(photos[i].path);
        keys.push_back({{info.path(), info.fileName()}, i});
    }
    std::sort(keys.begin(), keys.end(), [&photos](const auto& a, const auto& b) {
        if (int c = a.first.folder.compare(b.first.folder, Qt::CaseInsensitive); c != 0)
            return c < 0;
        if (int c = a.first.folder.compare(b.first.folder); c != 0)
            return c < 0;
        const qint64 da = photos[a.second].dateMs(), db = photos[b.second].dateMs();
        if (da != db)
            return da < db;
        return a.first.name.compare(b.first.name, Qt::CaseInsensitive) < 0;
    });
    std::vector<PhotoInfo> sorted;
    sorted.reserve(photos.size());
    for (const auto& k : keys)
        sorted.push_back(std::move(photos[k.second]));
    photos = std::move(sorted);
}

} // namespace lookalike
