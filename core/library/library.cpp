#include "library.h"
#include "objectstore.h"
#include "photostore.h"
#include "database.h"
#include "faceverdicts.h"
#include "pendingchanges.h"
#include <QDateTime>
#include <algorithm>
#include <limits>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcLibrary, "lookalike.core.library")

namespace lookalike {

namespace {

// 16 KiB pages hold seven 2 KiB embedding rows each without overflow pages.
constexpr const char* kPragmas = R"(
PRAGMA foreign_keys = ON;
PRAGMA synchronous = NORMAL;
PRAGMA temp_store = MEMORY;
)";

constexpr const char* kSchemaV1 = R"(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES('vectors_generation', '0');
CREATE TABLE roots(
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  labels_from_subfolders INTEGER NOT NULL DEFAULT 0,
  recursive INTEGER NOT NULL DEFAULT 1,
  added_at INTEGER NOT NULL);
CREATE TABLE images(
  id INTEGER PRIMARY KEY,
  root_id INTEGER REFERENCES roots(id) ON DELETE CASCADE,
  path TEXT NOT NULL UNIQUE,
  size INTEGER NOT NULL,
  mtime INTEGER NOT NULL,
  hash TEXT,
  width INTEGER,
  height INTEGER,
  format TEXT,
  status INTEGER NOT NULL,
  error TEXT,
  indexed_at INTEGER NOT NULL);
CREATE INDEX images_root ON images(root_id);
CREATE INDEX images_hash ON images(hash);
CREATE TABLE labels(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE models(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, dimension INTEGER NOT NULL);
CREATE TABLE items(
  id INTEGER PRIMARY KEY,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  kind INTEGER NOT NULL DEFAULT 0,
  x REAL, y REAL, w REAL, h REAL,
  score REAL,
  landmarks BLOB,
  label_id INTEGER REFERENCES labels(id));
CREATE INDEX items_image ON items(image_id);
CREATE INDEX items_label ON items(label_id);
CREATE TABLE vectors(
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  model_id INTEGER NOT NULL REFERENCES models(id),
  data BLOB NOT NULL,
  UNIQUE(item_id, model_id));
CREATE TRIGGER vectors_added AFTER INSERT ON vectors BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'vectors_generation'; END;
CREATE TRIGGER vectors_removed AFTER DELETE ON vectors BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'vectors_generation'; END;
)";

// Review and relabelling (issue 4): decisions on pairs, a journal of label changes and file
// moves grouped in batches (undo, crash recovery), who set a label, suggested clusters.
constexpr const char* kSchemaV2 = R"(
ALTER TABLE items ADD COLUMN label_source INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN cluster INTEGER;
CREATE INDEX items_cluster ON items(cluster);
CREATE TABLE decisions(
  id INTEGER PRIMARY KEY,
  item_a INTEGER NOT NULL,
  item_b INTEGER NOT NULL,
  verdict INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE(item_a, item_b));
CREATE TABLE batches(
  id INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  state INTEGER NOT NULL,
  created_at INTEGER NOT NULL);
CREATE TABLE journal(
  id INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
  item_id INTEGER,
  old_label TEXT,
  new_label TEXT,
  old_source INTEGER,
  image_id INTEGER,
  old_path TEXT,
  new_path TEXT,
  decision_a INTEGER,
  decision_b INTEGER,
  verdict INTEGER,
  done INTEGER NOT NULL DEFAULT 0);
CREATE INDEX journal_batch ON journal(batch_id);
)";

// Undo restores a decision the change replaced (a split undone brings back the "different"
// decisions a later "same person" overrode).
// Batches know the process that runs them: recovery leaves alone a batch whose process is
// still alive (another program editing the same library) and rolls back those of dead ones.
constexpr const char* kSchemaV3 = R"(
ALTER TABLE journal ADD COLUMN old_verdict INTEGER;
ALTER TABLE batches ADD COLUMN owner INTEGER;
)";

// The map (issue 10): 2-D positions of the items of one model, a cache derived from the
// vectors (MapStore). A removed item takes its point with it.
constexpr const char* kSchemaMap = R"(
CREATE TABLE maps(
  id INTEGER PRIMARY KEY,
  model_id INTEGER NOT NULL UNIQUE REFERENCES models(id) ON DELETE CASCADE,
  generation INTEGER NOT NULL,
  method TEXT NOT NULL,
  full_count INTEGER NOT NULL,
  placed_count INTEGER NOT NULL,
  created_at INTEGER NOT NULL);
CREATE TABLE map_points(
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  map_id INTEGER NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
  x REAL NOT NULL,
  y REAL NOT NULL,
  PRIMARY KEY(item_id, map_id)) WITHOUT ROWID;
)";

// Photos, RAWs and names in metadata (issue 9): the RAW twin of a JPEG (one photo, two
// files); names read from XMP that disagree with a subfolder's, for the review; and journal
// steps that rewrite a file (metadata written back), restored from a backup on undo.
constexpr const char* kSchemaPhotoMetadata = R"(
ALTER TABLE images ADD COLUMN twin TEXT;
CREATE TABLE name_conflicts(
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  folder_label TEXT NOT NULL,
  metadata_label TEXT NOT NULL,
  source TEXT NOT NULL,
  resolved INTEGER NOT NULL DEFAULT 0,
  UNIQUE(item_id));
ALTER TABLE journal ADD COLUMN file_path TEXT;
ALTER TABLE journal ADD COLUMN file_backup TEXT;
ALTER TABLE journal ADD COLUMN file_old_hash TEXT;
ALTER TABLE journal ADD COLUMN file_new_hash TEXT;
)";

// Whole photos (issue 8): one item of kind Image per photo carries its photo descriptors
// (vectors of the photo-* models, PhotoStore); images get the date taken and camera, and
// whether the face pass ran (a photos-only import leaves it for later). Pairs a person
// called "not duplicates" are kept with the smaller image id first.
constexpr const char* kSchemaPhotos = R"(
ALTER TABLE images ADD COLUMN taken INTEGER;
ALTER TABLE images ADD COLUMN camera TEXT;
ALTER TABLE images ADD COLUMN faces_done INTEGER NOT NULL DEFAULT 1;
CREATE INDEX items_image_kind ON items(kind, image_id) WHERE kind = 1;
CREATE TABLE photo_verdicts(
  image_a INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  image_b INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  verdict INTEGER NOT NULL,
  PRIMARY KEY(image_a, image_b));
)";

// Face gate (issue 12): a detection the gate judged not a face is kept, hidden, as "not a
// face" (gate_not_face); a person's verdict (face_verdict 1: a face, 0: not a face) overrides
// the gate; not_face is the outcome. The gate's probability is kept for display. Verdict
// steps in the journal (face_item, old_face, new_face) make marking undoable. Vectors of
// faces that are hidden or shown again change what the search index holds: the generation
// moves.
constexpr const char* kSchemaFaceGate = R"(
ALTER TABLE items ADD COLUMN face_probability REAL;
ALTER TABLE items ADD COLUMN gate_not_face INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN face_verdict INTEGER;
ALTER TABLE items ADD COLUMN not_face INTEGER
  GENERATED ALWAYS AS (coalesce(1 - face_verdict, gate_not_face)) VIRTUAL;
CREATE INDEX items_not_face ON items(not_face) WHERE not_face = 1;
CREATE TRIGGER items_face_changed AFTER UPDATE OF face_verdict, gate_not_face ON items
  WHEN old.not_face IS NOT new.not_face BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'vectors_generation'; END;
ALTER TABLE journal ADD COLUMN face_item INTEGER;
ALTER TABLE journal ADD COLUMN old_face INTEGER;
ALTER TABLE journal ADD COLUMN new_face INTEGER;
CREATE INDEX journal_face_item ON journal(face_item) WHERE face_item IS NOT NULL;
)";

// Photos set aside (issue 8): journal steps that take a file out of the library (removal:
// old_path -> new_path, the trash's .trashinfo written for it, and for the photo itself the
// rows it had, PhotoRows) and steps that record "not duplicates" on two photos (photo_pair:
// decision_a and decision_b are image ids). And the face vectors' generation, which the
// FAISS cache and the map follow, no longer moves when only photo descriptors (photo-*
// models) are added or removed.
constexpr const char* kSchemaRemovals = R"(
ALTER TABLE journal ADD COLUMN removal INTEGER NOT NULL DEFAULT 0;
ALTER TABLE journal ADD COLUMN trash_info TEXT;
ALTER TABLE journal ADD COLUMN snapshot BLOB;
ALTER TABLE journal ADD COLUMN photo_pair INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER vectors_added;
DROP TRIGGER vectors_removed;
CREATE TRIGGER vectors_added AFTER INSERT ON vectors
  WHEN NOT EXISTS (SELECT 1 FROM models WHERE id = new.model_id AND name GLOB 'photo-*') BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'vectors_generation'; END;
CREATE TRIGGER vectors_removed AFTER DELETE ON vectors
  WHEN NOT EXISTS (SELECT 1 FROM models WHERE id = old.model_id AND name GLOB 'photo-*') BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'vectors_generation'; END;
)";

// The map of photos (issue 10): a map records the kind of the items it places (faces 0,
// photos 1) and is looked up by kind and model. The photos' look vectors have their own
// generation, which the photos' map follows: the face vectors' generation ignores photo-*
// models (schema 8).
constexpr const char* kSchemaPhotoMap = R"(
ALTER TABLE maps ADD COLUMN kind INTEGER NOT NULL DEFAULT 0;
INSERT OR IGNORE INTO meta VALUES('photos_generation', '0');
CREATE TRIGGER photo_looks_added AFTER INSERT ON vectors
  WHEN EXISTS (SELECT 1 FROM models WHERE id = new.model_id AND name GLOB 'photo-look-*') BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'photos_generation'; END;
CREATE TRIGGER photo_looks_removed AFTER DELETE ON vectors
  WHEN EXISTS (SELECT 1 FROM models WHERE id = old.model_id AND name GLOB 'photo-look-*') BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'photos_generation'; END;
)";

QByteArray packLandmarks(const std::array<QPointF, 68>& points)
{
    QByteArray bytes(int(points.size() * 2 * sizeof(float)), Qt::Uninitialized);
    auto* out = reinterpret_cast<float*>(bytes.data());
    for (const QPointF& p : points) {
        *out++ = float(p.x());
        *out++ = float(p.y());
    }
    return bytes;
}

void unpackLandmarks(std::span<const float> values, std::array<QPointF, 68>& points)
{
    if (values.size() != points.size() * 2)
        return;
    for (size_t i = 0; i < points.size(); ++i)
        points[i] = QPointF(values[2 * i], values[2 * i + 1]);
}

constexpr const char* kFaceColumns =
    "SELECT items.id, items.image_id, images.path, labels.name, items.x, items.y, items.w, "
    "items.h, items.score, images.width, images.height, items.landmarks, items.not_face FROM items "
    "JOIN images ON images.id = items.image_id LEFT JOIN labels ON labels.id = items.label_id ";

FaceRecord readFace(const Statement& q)
{
    FaceRecord f;
    f.id = q.integer(0);
    f.imageId = q.integer(1);
    f.path = q.text(2);
    f.label = q.text(3);
    f.box = QRectF(q.real(4), q.real(5), q.real(6), q.real(7));
    f.score = float(q.real(8));
    f.imageWidth = int(q.integer(9));
    f.imageHeight = int(q.integer(10));
    unpackLandmarks(q.floats(11), f.landmarks);
    f.notFace = q.integer(12) != 0;
    return f;
}

} // namespace

Library::Library(std::unique_ptr<Database> db) : m_db(std::move(db)) {}
Library::~Library() = default;

Expected<std::unique_ptr<Library>> Library::open(const QString& path, Mode mode)
{
    const QFileInfo info(path);
    if (mode != Mode::OpenOrCreate && !info.exists())
        return Error{QStringLiteral("no library at %1").arg(path)};
    if (info.isDir())
        return Error{QStringLiteral("%1 is a folder, not a library file").arg(path)};
    if (mode == Mode::OpenOrCreate && !info.exists() && !QDir().mkpath(info.absolutePath()))
        return Error{QStringLiteral("cannot create the folder %1").arg(info.absolutePath())};

    auto db = Database::open(path, mode == Mode::ReadOnly);
    if (!db)
        return Error{db.error()};
    std::unique_ptr<Library> library(new Library(std::move(*db)));
    if (mode != Mode::ReadOnly) {
        if (Status s = library->migrate(); !s)
            return Error{QStringLiteral("cannot prepare library %1: %2").arg(path, s.error())};
    } else if (const int version = library->schemaVersion(); version == 0) {
        return Error{QStringLiteral("%1 is not a Lookalike library").arg(path)};
    } else if (version < kSchemaVersion) {
        // Readers query today's columns: a library an older Lookalike made is upgraded first
        // (the migrations only add), then read as asked.
        library.reset();
        auto upgraded = open(path, Mode::OpenExisting);
        if (!upgraded)
            return Error{QStringLiteral("%1 was made by an older Lookalike (version %2) and must be "
                                        "upgraded once, which needs write access: %3")
                             .arg(path)
                             .arg(version)
                             .arg(upgraded.error())};
        upgraded->reset();
        return open(path, Mode::ReadOnly);
    }
    if (Status s = library->m_db->exec(kPragmas); !s)
        return Error{s.error()};
    return library;
}

QString Library::path() const { return m_db->path(); }

QString Library::indexPath(const QString& model) const
{
    return m_db->path() + QLatin1Char('.') + model + QStringLiteral(".faiss");
}

int Library::schemaVersion() const
{
    Statement q = m_db->prepare("PRAGMA user_version");
    const int version = q.next() ? int(q.integer(0)) : 0;
    q.reset(); // end the read transaction before the caller changes the journal mode
    return version;
}

Status Library::migrate()
{
    // A file that is not SQLite fails here with SQLite's own words ("file is not a database").
    {
        Statement check = m_db->prepare("SELECT count(*) FROM sqlite_master");
        if (!check.valid() || (!check.next() && !check.error().isEmpty()))
            return Error{m_db->lastError()};
    }
    const int version = schemaVersion();
    if (version > kSchemaVersion)
        return Error{QStringLiteral("the library was written by a newer Lookalike (schema %1; "
                                    "this version reads up to %2)")
                         .arg(version)
                         .arg(kSchemaVersion)};
    if (version == 0) {
        // Page size must be set before the first table exists, and before WAL.
        if (Status s = m_db->exec("PRAGMA page_size = 16384"); !s)
            return s;
    }
    if (Status s = m_db->exec("PRAGMA journal_mode = WAL"); !s)
        return s;
    // Writers keep the WAL file between connections (Database::open): bound what it keeps.
    if (Status s = m_db->exec("PRAGMA journal_size_limit = 67108864"); !s)
        return s;
    const char* const steps[] = {kSchemaV1, kSchemaV2, kSchemaV3, kSchemaMap, kSchemaPhotoMetadata,
                                 kSchemaFaceGate, kSchemaPhotos, kSchemaRemovals, kSchemaPhotoMap};
    for (int next = version + 1; next <= kSchemaVersion; ++next)
        if (Status s = migrateTo(next, steps[next - 1]); !s)
            return s;
    return success();
}

Status Library::migrateTo(int version, const char* sql)
{
    Database::Transaction tx(*m_db);
    if (Status s = m_db->exec(sql); !s)
        return s;
    if (Status s = m_db->exec(QStringLiteral("PRAGMA user_version = %1").arg(version)); !s)
        return s;
    return tx.commit();
}

Expected<qint64> Library::ensureRoot(const QString& path, bool labelsFromSubfolders,
                                     bool recursive)
{
    Statement q = m_db->prepare(
        "INSERT INTO roots(path, labels_from_subfolders, recursive, added_at) VALUES(?,?,?,?) "
        "ON CONFLICT(path) DO UPDATE SET labels_from_subfolders = excluded.labels_from_subfolders, "
        "recursive = excluded.recursive RETURNING id");
    q.bind(1, path).bind(2, int(labelsFromSubfolders)).bind(3, int(recursive));
    q.bind(4, QDateTime::currentMSecsSinceEpoch());
    if (!q.next())
        return Error{QStringLiteral("cannot record folder %1: %2").arg(path, q.error())};
    const qint64 id = q.integer(0);
    q.next();
    return id;
}

std::vector<RootRecord> Library::roots()
{
    std::vector<RootRecord> out;
    Statement q = m_db->prepare(
        "SELECT id, path, labels_from_subfolders, recursive FROM roots ORDER BY id");
    while (q.next())
        out.push_back({q.integer(0), q.text(1), q.integer(2) != 0, q.integer(3) != 0});
    return out;
}

std::optional<RootRecord> Library::rootFor(const QString& folder)
{
    for (const RootRecord& root : roots())
        if (root.path == folder)
            return root;
    return std::nullopt;
}

QHash<QString, ImageRecord> Library::images(qint64 rootId)
{
    QHash<QString, ImageRecord> out;
    Statement q = m_db->prepare(
        "SELECT id, path, size, mtime, status, twin, faces_done, EXISTS(SELECT 1 FROM items "
        "WHERE items.kind = 1 AND items.image_id = images.id), EXISTS(SELECT 1 FROM items JOIN "
        "vectors ON vectors.item_id = items.id WHERE items.kind = 1 AND items.image_id = images.id "
        "AND vectors.model_id = (SELECT id FROM models WHERE name = ?2)) FROM images WHERE "
        "root_id = ?1");
    q.bind(1, rootId).bind(2, QString::fromLatin1(ObjectStore::kVladModel));
    while (q.next()) {
        ImageRecord r{q.integer(0),  q.text(1),          q.integer(2),       q.integer(3),
                      ImageStatus(q.integer(4)), q.text(5), q.integer(6) != 0, q.integer(7) != 0,
                      q.integer(8) != 0};
        out.insert(r.path, r);
    }
    return out;
}

Expected<qint64> Library::modelId(const QString& model, int dimension)
{
    Statement q = m_db->prepare("INSERT INTO models(name, dimension) VALUES(?, ?) "
                                "ON CONFLICT(name) DO UPDATE SET name = name RETURNING id, dimension");
    q.bind(1, model).bind(2, dimension);
    if (!q.next())
        return Error{q.error()};
    if (q.integer(1) != dimension)
        return Error{QStringLiteral("model %1 was stored with %2 dimensions, not %3")
                         .arg(model)
                         .arg(q.integer(1))
                         .arg(dimension)};
    const qint64 id = q.integer(0);
    q.next();
    return id;
}

Expected<qint64> Library::labelId(const QString& name)
{
    Statement q = m_db->prepare("INSERT INTO labels(name) VALUES(?) "
                                "ON CONFLICT(name) DO UPDATE SET name = name RETURNING id");
    q.bind(1, name);
    if (!q.next())
        return Error{q.error()};
    const qint64 id = q.integer(0);
    q.next();
    return id;
}

Status Library::storeResults(qint64 rootId, const std::vector<ImageResult>& results,
                             const QString& model, int dimension)
{
    Database::Transaction tx(*m_db);
    if (!tx.active())
        return Error{m_db->lastError()};
    // A photos-only run has no face model (and no faces).
    std::optional<qint64> model_id;
    if (!model.isEmpty()) {
        auto id = modelId(model, dimension);
        if (!id)
            return Error{id.error()};
        model_id = *id;
    }
    // A file indexed again keeps its image id, so what refers to the photo by id survives;
    // its "not duplicates" verdicts too while its content is the same (a photos-only import
    // followed by a full one re-reads every file for its faces).
    Statement previous = m_db->prepare("SELECT id, hash FROM images WHERE path = ?");
    Statement verdictsOf = m_db->prepare(
        "SELECT image_a, image_b, verdict FROM photo_verdicts WHERE image_a = ?1 OR image_b = ?1");
    Statement restoreVerdict = m_db->prepare(
        "INSERT OR IGNORE INTO photo_verdicts(image_a, image_b, verdict) "
        "SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM images WHERE id = ?1) "
        "AND EXISTS (SELECT 1 FROM images WHERE id = ?2)");
    Statement drop = m_db->prepare("DELETE FROM images WHERE path = ?");
    Statement image = m_db->prepare(
        "INSERT INTO images(id, root_id, path, size, mtime, hash, width, height, format, status, "
        "error, indexed_at, twin, taken, camera, faces_done) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    Statement item = m_db->prepare("INSERT INTO items(image_id, kind, x, y, w, h, score, "
                                   "landmarks, label_id, face_probability, gate_not_face) "
                                   "VALUES(?,?,?,?,?,?,?,?,?,?,?)");
    Statement vector = m_db->prepare("INSERT INTO vectors(item_id, model_id, data) VALUES(?,?,?)");
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const ImageResult& r : results) {
        // The user's verdicts on the old detections go to the new ones in the same place.
        const std::vector<FaceVerdicts::Region> verdicts = FaceVerdicts::ofFile(*m_db, r.path);
        const std::vector<int> inherited = FaceVerdicts::match(verdicts, r.faces);
        std::optional<qint64> previousId;
        struct Verdict {
            qint64 a, b;
            int verdict;
        };
        std::vector<Verdict> keptVerdicts;
        previous.bind(1, r.path);
        if (previous.next()) {
            previousId = previous.integer(0);
            const bool sameContent = !r.hash.isEmpty() && previous.text(1) == r.hash;
            previous.reset();
            verdictsOf.bind(1, *previousId);
            while (sameContent && verdictsOf.next())
                keptVerdicts.push_back({verdictsOf.integer(0), verdictsOf.integer(1), int(verdictsOf.integer(2))});
            verdictsOf.reset();
        } else {
            previous.reset();
        }
        drop.bind(1, r.path);
        if (!drop.exec())
            return Error{drop.error()};
        previousId ? image.bind(1, *previousId) : image.bindNull(1);
        image.bind(2, rootId).bind(3, r.path).bind(4, r.size).bind(5, r.mtimeMs).bind(6, r.hash);
        image.bind(7, r.width).bind(8, r.height).bind(9, r.format);
        image.bind(10, int(r.error.isEmpty() ? ImageStatus::Indexed : ImageStatus::Failed));
        const QString& problem = r.error.isEmpty() ? r.warning : r.error;
        if (problem.isEmpty())
            image.bindNull(11);
        else
            image.bind(11, problem);
        image.bind(12, now);
        r.twin.isEmpty() ? image.bindNull(13) : image.bind(13, r.twin);
        r.takenMs > 0 ? image.bind(14, r.takenMs) : image.bindNull(14);
        r.camera.isEmpty() ? image.bindNull(15) : image.bind(15, r.camera);
        image.bind(16, int(r.facesDone));
        if (!image.exec())
            return Error{image.error()};
        const qint64 image_id = m_db->lastInsertId();
        for (const Verdict& v : keptVerdicts) {
            restoreVerdict.bind(1, v.a).bind(2, v.b).bind(3, v.verdict);
            if (!restoreVerdict.exec())
                return Error{restoreVerdict.error()};
        }
        if (r.photo) {
            if (Status s = PhotoStore::write(*m_db, image_id, *r.photo); !s)
                return s;
            if (r.object)
                if (Status s = ObjectStore::write(*m_db, image_id, *r.object); !s)
                    return s;
        }
        std::optional<qint64> label_id;
        if (!r.label.isEmpty()) {
            auto id = labelId(r.label);
            if (!id)
                return Error{id.error()};
            label_id = *id;
        }
        // The folder's label goes to the largest face, not to a detection that is not one
        // (unless all are: then a person who marks it a face finds it labelled).
        const auto hidden = [&](const DetectedFace& f) {
            const int i = int(&f - r.faces.data());
            return inherited[size_t(i)] >= 0 ? verdicts[size_t(inherited[size_t(i)])].verdict ==
                                                   FaceVerdicts::NotFace
                                             : f.notFace;
        };
        const auto main = std::max_element(r.faces.begin(), r.faces.end(), [&](const auto& a, const auto& b) {
            return std::pair(!hidden(a), a.box.width() * a.box.height()) <
                   std::pair(!hidden(b), b.box.width() * b.box.height());
        });
        for (auto it = r.faces.begin(); it != r.faces.end(); ++it) {
            const DetectedFace& face = *it;
            if (int(face.embedding.size()) != dimension)
                return Error{QStringLiteral("embedding of %1 has %2 values, expected %3")
                                 .arg(r.path)
                                 .arg(face.embedding.size())
                                 .arg(dimension)};
            item.bind(1, image_id).bind(2, int(ItemKind::Face));
            item.bind(3, face.box.x()).bind(4, face.box.y());
            item.bind(5, face.box.width()).bind(6, face.box.height()).bind(7, double(face.score));
            const QByteArray landmarks = packLandmarks(face.landmarks);
            item.bindBlob(8, landmarks.constData(), landmarks.size());
            // The folder names the main face; metadata may name any face. When both name one
            // face differently, the folder's stays and the disagreement goes to the review.
            const qsizetype index = it - r.faces.begin();
            const QString named = index < qsizetype(r.faceNames.size()) ? r.faceNames[size_t(index)] : QString();
            const bool folderNamed = label_id && it == main;
            if (folderNamed) {
                item.bind(9, *label_id);
            } else if (!named.isEmpty()) {
                auto id = labelId(named);
                if (!id)
                    return Error{id.error()};
                item.bind(9, *id);
            } else {
                item.bindNull(9);
            }
            item.bind(10, double(face.faceProbability)).bind(11, int(face.notFace));
            if (!item.exec())
                return Error{item.error()};
            const qint64 item_id = m_db->lastInsertId();
            if (folderNamed && !named.isEmpty() && named != r.label)
                if (Status s = recordNameConflict(item_id, r.label, named, r.namesSource); !s)
                    return s;
            if (const int from = inherited[size_t(it - r.faces.begin())]; from >= 0)
                if (Status s = FaceVerdicts::carryOver(*m_db, verdicts[size_t(from)], item_id); !s)
                    return s;
            if (!model_id) {
                auto id = modelId(model, dimension);
                if (!id)
                    return Error{id.error()};
                model_id = *id;
            }
            vector.bind(1, item_id).bind(2, *model_id);
            vector.bindBlob(3, face.embedding.data(), qint64(face.embedding.size() * sizeof(float)));
            if (!vector.exec())
                return Error{vector.error()};
        }
    }
    return tx.commit();
}

Status Library::storePhotos(const std::vector<ImageResult>& results)
{
    Database::Transaction tx(*m_db);
    if (!tx.active())
        return Error{m_db->lastError()};
    Statement find = m_db->prepare("SELECT id FROM images WHERE path = ?");
    Statement facts = m_db->prepare("UPDATE images SET taken = ?, camera = ? WHERE id = ?");
    for (const ImageResult& r : results) {
        if (!r.photo)
            continue;
        find.bind(1, r.path);
        if (!find.next())
            continue; // removed meanwhile
        const qint64 imageId = find.integer(0);
        find.reset();
        r.takenMs > 0 ? facts.bind(1, r.takenMs) : facts.bindNull(1);
        r.camera.isEmpty() ? facts.bindNull(2) : facts.bind(2, r.camera);
        facts.bind(3, imageId);
        if (!facts.exec())
            return Error{facts.error()};
        if (Status s = PhotoStore::write(*m_db, imageId, *r.photo); !s)
            return s;
        if (r.object)
            if (Status s = ObjectStore::write(*m_db, imageId, *r.object); !s)
                return s;
    }
    return tx.commit();
}

Status Library::recordNameConflict(qint64 itemId, const QString& folderLabel,
                                   const QString& metadataLabel, const QString& source)
{
    Statement q = m_db->prepare("INSERT INTO name_conflicts(item_id, folder_label, metadata_label, "
                                "source) VALUES(?,?,?,?)");
    q.bind(1, itemId).bind(2, folderLabel).bind(3, metadataLabel).bind(4, source);
    return q.exec() ? success() : Status(Error{q.error()});
}

Status Library::setTwins(const std::vector<std::pair<qint64, QString>>& twins)
{
    Database::Transaction tx(*m_db);
    Statement q = m_db->prepare("UPDATE images SET twin = ? WHERE id = ?");
    for (const auto& [imageId, twin] : twins) {
        twin.isEmpty() ? q.bindNull(1) : q.bind(1, twin);
        q.bind(2, imageId);
        if (!q.exec())
            return Error{q.error()};
    }
    return tx.commit();
}

QString Library::twinOf(qint64 imageId)
{
    Statement q = m_db->prepare("SELECT twin FROM images WHERE id = ?");
    q.bind(1, imageId);
    return q.next() ? q.text(0) : QString();
}

Status Library::removeImages(const std::vector<qint64>& imageIds)
{
    Database::Transaction tx(*m_db);
    Statement q = m_db->prepare("DELETE FROM images WHERE id = ?");
    for (qint64 id : imageIds) {
        q.bind(1, id);
        if (!q.exec())
            return Error{q.error()};
    }
    if (Status s = m_db->exec("DELETE FROM labels WHERE id NOT IN "
                              "(SELECT label_id FROM items WHERE label_id IS NOT NULL)");
        !s)
        return s;
    return tx.commit();
}

std::optional<FaceRecord> Library::face(qint64 id)
{
    auto found = faces({id});
    if (found.empty())
        return std::nullopt;
    return found.front();
}

std::vector<FaceRecord> Library::faces(const std::vector<qint64>& ids)
{
    std::vector<FaceRecord> out;
    out.reserve(ids.size());
    const PendingChanges pending = PendingChanges::load(*m_db);
    Statement q = m_db->prepare(
        (QByteArray(kFaceColumns) + "WHERE items.id = ?").constData());
    for (qint64 id : ids) {
        q.bind(1, id);
        if (q.next()) {
            out.push_back(readFace(q));
            out.back().path = pending.resolve(out.back().imageId, out.back().path);
        }
        q.reset();
    }
    return out;
}

std::vector<FaceRecord> Library::allFaces()
{
    std::vector<FaceRecord> out;
    const PendingChanges pending = PendingChanges::load(*m_db);
    Statement q = m_db->prepare(
        (QByteArray(kFaceColumns) + "WHERE items.kind = 0 AND items.not_face = 0 ORDER BY items.id")
            .constData());
    while (q.next()) {
        out.push_back(readFace(q));
        out.back().path = pending.resolve(out.back().imageId, out.back().path);
    }
    return out;
}

std::vector<float> Library::embedding(qint64 itemId, const QString& model)
{
    Statement q = m_db->prepare("SELECT data FROM vectors JOIN models ON models.id = "
                                "vectors.model_id WHERE item_id = ? AND models.name = ?");
    q.bind(1, itemId).bind(2, model);
    if (!q.next())
        return {};
    const auto values = q.floats(0);
    return {values.begin(), values.end()};
}

Expected<VectorSet> Library::vectors(const QString& model)
{
    VectorSet set;
    set.model = model;
    Statement dim = m_db->prepare("SELECT dimension FROM models WHERE name = ?");
    dim.bind(1, model);
    if (!dim.next())
        return set; // no vectors of this model yet
    set.dimension = int(dim.integer(0));
    const qint64 expected = vectorCount(model);
    set.ids.reserve(size_t(expected));
    set.data.reserve(size_t(expected) * size_t(set.dimension));
    Statement q = m_db->prepare("SELECT item_id, data FROM vectors JOIN models ON models.id = "
                                "vectors.model_id JOIN items ON items.id = vectors.item_id "
                                "WHERE models.name = ? AND items.not_face = 0 ORDER BY item_id");
    q.bind(1, model);
    while (q.next()) {
        const auto values = q.floats(1);
        if (int(values.size()) != set.dimension)
            return Error{QStringLiteral("vector of item %1 has %2 values, expected %3")
                             .arg(q.integer(0))
                             .arg(values.size())
                             .arg(set.dimension)};
        set.ids.push_back(q.integer(0));
        set.data.insert(set.data.end(), values.begin(), values.end());
    }
    if (!q.error().isEmpty())
        return Error{q.error()};
    return set;
}

qint64 Library::vectorGeneration()
{
    Statement q = m_db->prepare("SELECT value FROM meta WHERE key = 'vectors_generation'");
    return q.next() ? q.integer(0) : 0;
}

qint64 Library::photoGeneration()
{
    Statement q = m_db->prepare("SELECT value FROM meta WHERE key = 'photos_generation'");
    return q.next() ? q.integer(0) : 0;
}

qint64 Library::vectorCount(const QString& model)
{
    Statement q = m_db->prepare("SELECT count(*) FROM vectors JOIN models ON models.id = "
                                "vectors.model_id JOIN items ON items.id = vectors.item_id "
                                "WHERE models.name = ? AND items.not_face = 0");
    q.bind(1, model);
    return q.next() ? q.integer(0) : 0;
}

QString Library::defaultModel()
{
    // Counted per model on the (item_id, model_id) index: a join would make SQLite build an
    // automatic index by reading every vector (3 GB at 1,000,000 faces).
    Statement q = m_db->prepare("SELECT name FROM models WHERE name NOT LIKE 'photo-%' ORDER BY "
                                "(SELECT count(*) FROM vectors WHERE vectors.model_id = models.id) "
                                "DESC, id LIMIT 1");
    return q.next() ? q.text(0) : QString();
}

std::vector<std::pair<QString, qint64>> Library::labelCounts()
{
    std::vector<std::pair<QString, qint64>> out;
    Statement q = m_db->prepare("SELECT labels.name, count(items.id) FROM labels JOIN items ON "
                                "items.label_id = labels.id WHERE items.not_face = 0 "
                                "GROUP BY labels.id ORDER BY labels.name");
    while (q.next())
        out.emplace_back(q.text(0), q.integer(1));
    return out;
}

std::vector<std::pair<QString, QString>> Library::failures()
{
    std::vector<std::pair<QString, QString>> out;
    Statement q = m_db->prepare("SELECT path, error FROM images WHERE status = 1 ORDER BY path");
    while (q.next())
        out.emplace_back(q.text(0), q.text(1));
    return out;
}

std::vector<std::pair<QString, qint64>> Library::formatCounts(ImageStatus status)
{
    std::vector<std::pair<QString, qint64>> out;
    Statement q = m_db->prepare("SELECT coalesce(format, ''), count(*) FROM images WHERE status = ? "
                                "GROUP BY 1 ORDER BY 2 DESC, 1");
    q.bind(1, int(status));
    while (q.next())
        out.emplace_back(q.text(0), q.integer(1));
    return out;
}

LibraryStats Library::stats()
{
    LibraryStats s;
    auto count = [this](const char* sql) {
        Statement q = m_db->prepare(sql);
        return q.next() ? q.integer(0) : 0;
    };
    s.images = count("SELECT count(*) FROM images WHERE status = 0");
    s.imagesFailed = count("SELECT count(*) FROM images WHERE status = 1");
    s.faces = count("SELECT count(*) FROM items WHERE kind = 0 AND not_face = 0");
    s.notFaces = count("SELECT count(*) FROM items WHERE not_face = 1");
    s.labels = count("SELECT count(*) FROM labels");
    s.roots = count("SELECT count(*) FROM roots");
    s.photos = count("SELECT count(*) FROM items WHERE kind = 1");
    // Face models; the photo descriptors are not models a person picks.
    Statement q = m_db->prepare("SELECT name FROM models WHERE name NOT LIKE 'photo-%' ORDER BY id");
    while (q.next())
        s.models << q.text(0);
    return s;
}

QString Library::integrityCheck()
{
    Statement q = m_db->prepare("PRAGMA integrity_check");
    QStringList lines;
    while (q.next())
        lines << q.text(0);
    return lines.join(QLatin1Char('\n'));
}

Database& Library::database() { return *m_db; }

void Library::forEachFace(const std::function<void(const FaceRecord&)>& visit, qint64 afterId)
{
    forEachFace(visit, afterId, std::numeric_limits<qint64>::max());
}

void Library::forEachFace(const std::function<void(const FaceRecord&)>& visit, qint64 afterId,
                          qint64 upToId)
{
    const PendingChanges pending = PendingChanges::load(*m_db);
    Statement q = m_db->prepare(
        "SELECT items.id, items.image_id, images.path, labels.name, items.x, items.y, items.w, "
        "items.h, items.score, images.width, images.height, NULL, items.not_face, items.cluster "
        "FROM items JOIN images ON images.id = items.image_id LEFT JOIN labels ON labels.id = "
        "items.label_id WHERE items.kind = 0 AND items.id > ? AND items.id <= ? ORDER BY items.id");
    q.bind(1, afterId).bind(2, upToId);
    while (q.next()) {
        FaceRecord face = readFace(q);
        face.cluster = int(q.integer(13));
        face.path = pending.resolve(face.imageId, face.path);
        visit(face);
    }
}

PendingChanges Library::pendingChanges()
{
    return PendingChanges::load(*m_db);
}

std::vector<FaceRecord> Library::facesInImage(qint64 imageId, bool withNotFaces)
{
    std::vector<FaceRecord> out;
    const PendingChanges pending = PendingChanges::load(*m_db);
    Statement q = m_db->prepare(
        (QByteArray(kFaceColumns) + "WHERE items.kind = 0 AND items.image_id = ? " +
         (withNotFaces ? "" : "AND items.not_face = 0 ") + "ORDER BY items.id")
            .constData());
    q.bind(1, imageId);
    while (q.next()) {
        out.push_back(readFace(q));
        out.back().path = pending.resolve(out.back().imageId, out.back().path);
    }
    return out;
}

} // namespace lookalike
