#include "photorows.h"
#include "database.h"
#include <QDataStream>
#include <QHash>
#include <QIODevice>
#include <QStringList>
#include <QVariant>
#include <vector>

namespace lookalike {

namespace {

constexpr qint32 kFormat = 1;

struct Table {
    QString name;
    QStringList columns;
    QList<QVariantList> rows;
};

QDataStream& operator<<(QDataStream& out, const Table& t) { return out << t.name << t.columns << t.rows; }
QDataStream& operator>>(QDataStream& in, Table& t) { return in >> t.name >> t.columns >> t.rows; }

// The stored (not generated) columns of `table`.
QStringList storedColumns(Database& db, const QString& table)
{
    QStringList out;
    Statement q = db.prepare(QStringLiteral("PRAGMA table_xinfo(%1)").arg(table).toUtf8().constData());
    while (q.next())
        if (q.integer(6) == 0) // hidden: 2 and 3 are generated columns
            out << q.text(1);
    return out;
}

Expected<Table> copyRows(Database& db, const QString& table, const QString& where, qint64 id)
{
    Table t{table, storedColumns(db, table), {}};
    const QString sql = QStringLiteral("SELECT %1 FROM %2 WHERE %3").arg(t.columns.join(QLatin1Char(',')), table, where);
    Statement q = db.prepare(sql.toUtf8().constData());
    if (!q.valid())
        return Error{db.lastError()};
    q.bind(1, id);
    while (q.next()) {
        QVariantList row;
        row.reserve(t.columns.size());
        for (int c = 0; c < t.columns.size(); ++c)
            row << q.value(c);
        t.rows << row;
    }
    if (!q.error().isEmpty())
        return Error{q.error()};
    return t;
}

bool exists(Database& db, const char* sql, qint64 id)
{
    Statement q = db.prepare(sql);
    q.bind(1, id);
    return q.next();
}

// Inserts `row` into `table`, the columns named in `skip` left to their defaults; the new
// row's id.
Expected<qint64> insert(Database& db, const QString& table, const QStringList& columns, const QVariantList& row,
                        const QStringList& skip = {})
{
    QStringList names, marks;
    QVariantList values;
    for (int c = 0; c < columns.size(); ++c) {
        if (skip.contains(columns[c]))
            continue;
        names << columns[c];
        marks << QStringLiteral("?");
        values << row[c];
    }
    const QString sql =
        QStringLiteral("INSERT INTO %1(%2) VALUES(%3)").arg(table, names.join(QLatin1Char(',')), marks.join(QLatin1Char(',')));
    Statement q = db.prepare(sql.toUtf8().constData());
    if (!q.valid())
        return Error{db.lastError()};
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i + 1, values[i]);
    if (!q.exec())
        return Error{QStringLiteral("cannot restore a row of %1: %2").arg(table, q.error())};
    return db.lastInsertId();
}

} // namespace

Expected<QByteArray> PhotoRows::save(Database& db, qint64 imageId)
{
    std::vector<Table> tables;
    const std::pair<const char*, const char*> parts[] = {
        {"images", "id = ?1"},
        {"items", "image_id = ?1"},
        {"vectors", "item_id IN (SELECT id FROM items WHERE image_id = ?1)"},
        {"photo_verdicts", "image_a = ?1 OR image_b = ?1"},
        {"name_conflicts", "item_id IN (SELECT id FROM items WHERE image_id = ?1)"},
    };
    for (const auto& [table, where] : parts) {
        auto t = copyRows(db, QLatin1String(table), QLatin1String(where), imageId);
        if (!t)
            return Error{t.error()};
        tables.push_back(std::move(*t));
    }
    if (tables.front().rows.isEmpty())
        return Error{QStringLiteral("no photo %1 in the library").arg(imageId)};
    // Labels by name: a label left without faces is dropped, and may come back with a new id.
    QHash<qint64, QString> labels;
    Statement q = db.prepare("SELECT DISTINCT labels.id, labels.name FROM items JOIN labels ON labels.id = "
                             "items.label_id WHERE items.image_id = ?");
    q.bind(1, imageId);
    while (q.next())
        labels.insert(q.integer(0), q.text(1));
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << kFormat << labels << qint32(tables.size());
    for (const Table& t : tables)
        out << t;
    return bytes;
}

Expected<qint64> PhotoRows::restore(Database& db, const QByteArray& snapshot, const QString& path,
                                    const QString& twin)
{
    QDataStream in(snapshot);
    in.setVersion(QDataStream::Qt_6_4);
    qint32 format = 0, count = 0;
    QHash<qint64, QString> labels;
    in >> format >> labels >> count;
    if (format != kFormat || count <= 0)
        return Error{QStringLiteral("the photo's saved rows are unreadable")};
    QHash<QString, Table> tables;
    for (qint32 i = 0; i < count; ++i) {
        Table t;
        in >> t;
        tables.insert(t.name, t);
    }
    if (in.status() != QDataStream::Ok || tables.value(QStringLiteral("images")).rows.size() != 1)
        return Error{QStringLiteral("the photo's saved rows are unreadable")};

    // images: the old id when free, the file where it is now.
    const Table& images = tables[QStringLiteral("images")];
    QVariantList image = images.rows.front();
    const qint64 oldImage = image[images.columns.indexOf(QStringLiteral("id"))].toLongLong();
    if (int c = images.columns.indexOf(QStringLiteral("path")); c >= 0)
        image[c] = path;
    if (int c = images.columns.indexOf(QStringLiteral("twin")); c >= 0)
        image[c] = twin.isEmpty() ? QVariant() : QVariant(twin);
    const bool imageIdFree = !exists(db, "SELECT 1 FROM images WHERE id = ?", oldImage);
    auto newImage = insert(db, QStringLiteral("images"), images.columns, image,
                           imageIdFree ? QStringList() : QStringList{QStringLiteral("id")});
    if (!newImage)
        return Error{newImage.error()};

    // items: the image's new id, labels by name, old ids where free.
    QHash<qint64, qint64> itemIds; // old -> new
    QHash<qint64, qint64> labelIds;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it) {
        Statement q = db.prepare("INSERT INTO labels(name) VALUES(?) ON CONFLICT(name) DO UPDATE SET name = name "
                                 "RETURNING id");
        q.bind(1, it.value());
        if (!q.next())
            return Error{q.error()};
        labelIds.insert(it.key(), q.integer(0));
    }
    const Table& items = tables[QStringLiteral("items")];
    const int itemId = items.columns.indexOf(QStringLiteral("id"));
    const int itemImage = items.columns.indexOf(QStringLiteral("image_id"));
    const int itemLabel = items.columns.indexOf(QStringLiteral("label_id"));
    for (QVariantList row : items.rows) {
        const qint64 old = row[itemId].toLongLong();
        row[itemImage] = *newImage;
        if (itemLabel >= 0 && row[itemLabel].isValid())
            row[itemLabel] = labelIds.contains(row[itemLabel].toLongLong())
                                 ? QVariant(labelIds.value(row[itemLabel].toLongLong()))
                                 : QVariant();
        const bool free = !exists(db, "SELECT 1 FROM items WHERE id = ?", old);
        auto id = insert(db, QStringLiteral("items"), items.columns, row,
                         free ? QStringList() : QStringList{QStringLiteral("id")});
        if (!id)
            return Error{id.error()};
        itemIds.insert(old, *id);
    }

    // Rows that hang off items: new row ids, the items' new ids.
    for (const char* name : {"vectors", "name_conflicts"}) {
        const Table& t = tables[QLatin1String(name)];
        const int item = t.columns.indexOf(QStringLiteral("item_id"));
        for (QVariantList row : t.rows) {
            row[item] = itemIds.value(row[item].toLongLong());
            if (auto id = insert(db, t.name, t.columns, row, {QStringLiteral("id")}); !id)
                return Error{id.error()};
        }
    }

    // Verdicts, while the other photo is still in the library; smaller image id first.
    const Table& verdicts = tables[QStringLiteral("photo_verdicts")];
    const int a = verdicts.columns.indexOf(QStringLiteral("image_a"));
    const int b = verdicts.columns.indexOf(QStringLiteral("image_b"));
    for (QVariantList row : verdicts.rows) {
        qint64 ia = row[a].toLongLong(), ib = row[b].toLongLong();
        ia = ia == oldImage ? *newImage : ia;
        ib = ib == oldImage ? *newImage : ib;
        const qint64 other = ia == *newImage ? ib : ia;
        if (!exists(db, "SELECT 1 FROM images WHERE id = ?", other))
            continue;
        row[a] = std::min(ia, ib);
        row[b] = std::max(ia, ib);
        Statement skip = db.prepare("SELECT 1 FROM photo_verdicts WHERE image_a = ? AND image_b = ?");
        skip.bind(1, std::min(ia, ib)).bind(2, std::max(ia, ib));
        if (skip.next())
            continue; // decided again since
        if (auto id = insert(db, verdicts.name, verdicts.columns, row); !id)
            return Error{id.error()};
    }
    return *newImage;
}

} // namespace lookalike
