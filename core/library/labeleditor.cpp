#include "labeleditor.h"
#include "database.h"
#include "desktoptrash.h"
#include "faceverdicts.h"
#include "filemover.h"
#include "filerewriter.h"
#include "library.h"
#include "photorows.h"
#include "photostore.h"
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLoggingCategory>
#include <algorithm>
#include <cerrno>
#include <signal.h>
#include <cstdlib>

Q_LOGGING_CATEGORY(lcEdit, "lookalike.core.edit")

namespace lookalike {

namespace {

enum BatchState { Pending = 0, Applied = 1, Undone = 2, RolledBack = 3 };
enum LabelSource { Imported = 0, User = 1 };

struct FaceRow {
    qint64 id = 0;
    qint64 imageId = 0;
    QString path;
    QString label;
    int source = Imported;
    QString root;
    bool folderLabels = false;
};

std::optional<FaceRow> readFaceRow(Database& db, qint64 id)
{
    Statement q = db.prepare(
        "SELECT items.id, items.image_id, images.path, labels.name, items.label_source, roots.path, "
        "roots.labels_from_subfolders FROM items JOIN images ON images.id = items.image_id "
        "LEFT JOIN labels ON labels.id = items.label_id LEFT JOIN roots ON roots.id = images.root_id "
        "WHERE items.id = ?");
    q.bind(1, id);
    if (!q.next())
        return std::nullopt;
    return FaceRow{q.integer(0), q.integer(1), q.text(2), q.text(3), int(q.integer(4)), q.text(5),
                   q.integer(6) != 0};
}

// Labels of every face in an image: face id -> label.
QHash<qint64, QString> imageLabels(Database& db, qint64 imageId)
{
    QHash<qint64, QString> out;
    Statement q = db.prepare("SELECT items.id, labels.name FROM items LEFT JOIN labels ON "
                             "labels.id = items.label_id WHERE items.kind = 0 AND items.image_id = ?");
    q.bind(1, imageId);
    while (q.next())
        out.insert(q.integer(0), q.text(1));
    return out;
}

bool pathKnown(Database& db, const QString& path)
{
    Statement q = db.prepare("SELECT 1 FROM images WHERE path = ?");
    q.bind(1, path);
    return q.next();
}

bool pathKnownById(Database& db, qint64 imageId)
{
    Statement q = db.prepare("SELECT 1 FROM images WHERE id = ?");
    q.bind(1, imageId);
    return q.next();
}

QString validFolderName(const QString& label)
{
    if (label.contains(QLatin1Char('/')) || label == QLatin1String(".") || label == QLatin1String("..") ||
        label.contains(QChar(0)))
        return QStringLiteral("\"%1\" cannot be a folder name, so its photos cannot be moved").arg(label);
    return {};
}

// Where a photo goes when its label becomes `label`: root/label/<the rest below the old label>.
QString targetPath(const FaceRow& face, const QString& label)
{
    const QStringList parts = QDir(face.root).relativeFilePath(face.path).split(QLatin1Char('/'));
    const QStringList rest = parts.size() > 1 ? parts.mid(1) : parts;
    return face.root + QLatin1Char('/') + label + QLatin1Char('/') + rest.join(QLatin1Char('/'));
}

Expected<qint64> labelRow(Database& db, const QString& name)
{
    Statement q = db.prepare("INSERT INTO labels(name) VALUES(?) ON CONFLICT(name) DO UPDATE SET "
                             "name = name RETURNING id");
    q.bind(1, name);
    if (!q.next())
        return Error{q.error()};
    return q.integer(0);
}

Status setLabel(Database& db, qint64 item, const QString& label, int source)
{
    Statement q = db.prepare("UPDATE items SET label_id = ?, label_source = ? WHERE id = ?");
    if (label.isEmpty()) {
        q.bindNull(1);
    } else {
        auto id = labelRow(db, label);
        if (!id)
            return Error{id.error()};
        q.bind(1, *id);
    }
    q.bind(2, source).bind(3, item);
    return q.exec() ? success() : Status(Error{q.error()});
}

Status setPath(Database& db, qint64 imageId, const QString& path, qint64 journalId, int done)
{
    Database::Transaction tx(db);
    Statement image = db.prepare("UPDATE images SET path = ? WHERE id = ?");
    image.bind(1, path).bind(2, imageId);
    if (!image.exec())
        return Error{image.error()};
    Statement step = db.prepare("UPDATE journal SET done = ? WHERE id = ?");
    step.bind(1, done).bind(2, journalId);
    if (!step.exec())
        return Error{step.error()};
    return tx.commit();
}

// A RAW twin follows its photo: moved beside `photo` with the photo's base name (a photo
// renamed "x (2).jpg" keeps its pair as "x (2).CR2"), and the library follows the file.
// Nothing to do when the photo has no twin or the twin is already there or gone.
Status moveTwin(Database& db, qint64 imageId, const QString& photo)
{
    Statement q = db.prepare("SELECT twin FROM images WHERE id = ?");
    q.bind(1, imageId);
    const QString twin = q.next() ? q.text(0) : QString();
    q.reset();
    if (twin.isEmpty() || !QFileInfo::exists(twin))
        return success();
    const QFileInfo info(photo);
    const QString wanted = info.path() + QLatin1Char('/') + info.completeBaseName() + QLatin1Char('.') +
                           QFileInfo(twin).suffix();
    if (QDir::cleanPath(wanted) == QDir::cleanPath(twin))
        return success();
    const QString target = FileMover::freeName(wanted);
    if (Status s = FileMover::move(twin, target); !s)
        return s;
    Statement update = db.prepare("UPDATE images SET twin = ? WHERE id = ?");
    update.bind(1, target).bind(2, imageId);
    return update.exec() ? success() : Status(Error{update.error()});
}

Status recordDecision(Database& db, qint64 a, qint64 b, int verdict)
{
    Statement q = db.prepare("INSERT INTO decisions(item_a, item_b, verdict, created_at) VALUES(?,?,?,?) "
                             "ON CONFLICT(item_a, item_b) DO UPDATE SET verdict = excluded.verdict");
    q.bind(1, std::min(a, b)).bind(2, std::max(a, b)).bind(3, verdict).bind(4, QDateTime::currentMSecsSinceEpoch());
    return q.exec() ? success() : Status(Error{q.error()});
}

// The verdict stored for a pair, or -1 when there is none.
int storedVerdict(Database& db, qint64 a, qint64 b)
{
    Statement q = db.prepare("SELECT verdict FROM decisions WHERE item_a = ? AND item_b = ?");
    q.bind(1, std::min(a, b)).bind(2, std::max(a, b));
    return q.next() ? int(q.integer(0)) : -1;
}

Status markStepDone(Database& db, qint64 journalId, int done)
{
    Statement q = db.prepare("UPDATE journal SET done = ? WHERE id = ?");
    q.bind(1, done).bind(2, journalId);
    return q.exec() ? success() : Status(Error{q.error()});
}

bool processAlive(qint64 pid)
{
    return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
}

Status forgetDecision(Database& db, qint64 a, qint64 b)
{
    Statement q = db.prepare("DELETE FROM decisions WHERE item_a = ? AND item_b = ?");
    q.bind(1, std::min(a, b)).bind(2, std::max(a, b));
    return q.exec() ? success() : Status(Error{q.error()});
}

Status dropEmptyLabels(Database& db)
{
    return db.exec("DELETE FROM labels WHERE id NOT IN (SELECT label_id FROM items WHERE label_id IS NOT NULL)");
}

// A new pending batch of this process.
Expected<qint64> insertBatch(Database& db, const QString& description)
{
    Statement batch = db.prepare("INSERT INTO batches(description, state, created_at, owner) VALUES(?,?,?,?)");
    batch.bind(1, description).bind(2, int(Pending)).bind(3, QDateTime::currentMSecsSinceEpoch());
    batch.bind(4, QCoreApplication::applicationPid());
    if (!batch.exec())
        return Error{batch.error()};
    return db.lastInsertId();
}

Status setBatchState(Database& db, qint64 batch, int state)
{
    Statement q = db.prepare("UPDATE batches SET state = ? WHERE id = ?");
    q.bind(1, state).bind(2, batch);
    return q.exec() ? success() : Status(Error{q.error()});
}

} // namespace

struct LabelEditor::Step {
    qint64 journalId = 0;
    qint64 itemId = 0; // a label step when non-zero
    QString oldLabel;
    QString newLabel;
    int oldSource = Imported;
    qint64 imageId = 0; // a move step when non-zero
    QString oldPath;
    QString newPath;
    bool done = false;
    QString root;
    qint64 decisionA = 0; // a decision step when non-zero
    qint64 decisionB = 0;
    int verdict = 0;
    qint64 faceItem = 0; // a face verdict step when non-zero (FaceVerdicts values)
    int oldFace = FaceVerdicts::None;
    int newFace = FaceVerdicts::None;
    bool photoPair = false; // the decision is "not duplicates" on two photos (image ids)
    bool removal = false;   // a move out of the library (oldPath -> newPath); imageId: whose file
    QString trashInfo;      // removal into the trash: the .trashinfo reserved for it
    QByteArray snapshot;    // removal of the photo itself (not its twin): its rows (PhotoRows)

    // A move whose file name was taken where it goes (a folder, the trash): another was chosen.
    bool renamed() const { return QFileInfo(newPath).fileName() != QFileInfo(oldPath).fileName(); }
};

Expected<std::vector<LabelEditor::Step>> LabelEditor::plan(const std::vector<qint64>& faceIds,
                                                          const QString& label,
                                                          const EditOptions& options,
                                                          EditReport& report)
{
    Database& db = m_library.database();
    std::vector<Step> steps;
    QHash<qint64, FaceRow> imagesToMove;
    QSet<qint64> changing(faceIds.begin(), faceIds.end());
    for (qint64 id : faceIds) {
        auto face = readFaceRow(db, id);
        if (!face)
            return Error{QStringLiteral("no face %1 in the library").arg(id)};
        if (face->label != label || face->source != User) {
            Step s;
            s.itemId = id;
            s.oldLabel = face->label;
            s.newLabel = label;
            s.oldSource = face->source;
            steps.push_back(s);
        }
        if (options.moveFiles && face->folderLabels && !label.isEmpty())
            imagesToMove.insert(face->imageId, *face);
    }
    if (!imagesToMove.isEmpty())
        if (QString bad = validFolderName(label); !bad.isEmpty())
            return Error{bad};
    QSet<QString> taken;
    for (const FaceRow& face : imagesToMove) {
        QStringList others;
        const QHash<qint64, QString> labels = imageLabels(db, face.imageId);
        for (auto it = labels.cbegin(); it != labels.cend(); ++it)
            if (!changing.contains(it.key()) && !it.value().isEmpty() && it.value() != label)
                others << it.value();
        if (!others.isEmpty() && !options.allowMultiPersonMoves) {
            others.removeDuplicates();
            report.notMoved.push_back({face.path, QStringLiteral("the photo also holds %1; not moved without "
                                                                 "confirmation").arg(others.join(QStringLiteral(", ")))});
            continue;
        }
        const QString wanted = targetPath(face, label);
        if (QDir::cleanPath(wanted) == QDir::cleanPath(face.path))
            continue;
        QString target = FileMover::freeName(wanted, taken);
        while (pathKnown(db, target)) {
            taken.insert(target);
            target = FileMover::freeName(wanted, taken);
        }
        taken.insert(target);
        Step s;
        s.imageId = face.imageId;
        s.oldPath = face.path;
        s.newPath = target;
        s.root = face.root;
        steps.push_back(s);
    }
    return steps;
}

Expected<EditReport> LabelEditor::relabel(const std::vector<qint64>& faceIds, const QString& label,
                                          const EditOptions& options)
{
    const QString faces = faceIds.size() == 1 ? QStringLiteral("1 face")
                                              : QStringLiteral("%1 faces").arg(faceIds.size());
    const QString what = label.trimmed().isEmpty() ? QStringLiteral("Remove the label of %1").arg(faces)
                                                   : QStringLiteral("Label %1 as %2").arg(faces, label.trimmed());
    return relabelGroups({{label, faceIds}}, options, what);
}

Expected<EditReport> LabelEditor::relabelGroups(const LabelGroups& groups, const EditOptions& options,
                                                const QString& description)
{
    // Each label's photos go to its own folder, so the groups' moves never meet.
    EditReport report;
    std::vector<Step> steps;
    for (const auto& [label, faceIds] : groups) {
        auto planned = plan(faceIds, label.trimmed(), options, report);
        if (!planned)
            return Error{planned.error()};
        steps.insert(steps.end(), planned->begin(), planned->end());
    }
    auto applied = apply(description, std::move(steps));
    if (!applied)
        return Error{applied.error()};
    applied->notMoved = report.notMoved;
    return applied;
}

Expected<EditReport> LabelEditor::mergeLabels(const QString& from, const QString& into,
                                              const EditOptions& options)
{
    if (from == into)
        return Error{QStringLiteral("a label cannot be merged into itself")};
    if (into.trimmed().isEmpty())
        return Error{QStringLiteral("the label to merge into has no name")};
    const std::vector<qint64> faces = facesLabelled(from);
    if (faces.empty())
        return Error{QStringLiteral("no label \"%1\" in the library").arg(from)};
    return relabelGroups({{into.trimmed(), faces}}, options, QStringLiteral("Merge %1 into %2").arg(from, into.trimmed()));
}

std::vector<qint64> LabelEditor::facesLabelled(const QString& label)
{
    std::vector<qint64> faces;
    Statement q = m_library.database().prepare(
        "SELECT items.id FROM items JOIN labels ON labels.id = items.label_id WHERE labels.name = ? ORDER BY items.id");
    q.bind(1, label);
    while (q.next())
        faces.push_back(q.integer(0));
    return faces;
}

Expected<EditReport> LabelEditor::preview(const LabelGroups& groups, const EditOptions& options)
{
    EditReport report;
    for (const auto& [label, faceIds] : groups) {
        auto steps = plan(faceIds, label.trimmed(), options, report);
        if (!steps)
            return Error{steps.error()};
        for (const Step& s : *steps) {
            if (s.itemId)
                ++report.facesChanged;
            if (s.imageId)
                report.moved.push_back({s.oldPath, s.newPath,
                                        QFileInfo(s.newPath).fileName() != QFileInfo(s.oldPath).fileName()});
        }
    }
    return report;
}

Expected<EditReport> LabelEditor::decideMany(const std::vector<std::pair<qint64, qint64>>& pairs,
                                             int verdict, const QString& description)
{
    std::vector<Step> steps;
    for (const auto& [a, b] : pairs) {
        if (a == b)
            continue;
        Step s;
        s.decisionA = a;
        s.decisionB = b;
        s.verdict = verdict;
        steps.push_back(s);
    }
    return apply(description, std::move(steps));
}

Expected<EditReport> LabelEditor::decide(qint64 faceA, qint64 faceB, int verdict)
{
    if (!m_library.face(faceA) || !m_library.face(faceB))
        return Error{QStringLiteral("no such face in the library")};
    Step s;
    s.decisionA = faceA;
    s.decisionB = faceB;
    s.verdict = verdict;
    const QString what = verdict == 0 ? QStringLiteral("Mark faces %1 and %2 as different people")
                                      : QStringLiteral("Mark faces %1 and %2 as the same person");
    return apply(what.arg(faceA).arg(faceB), {s});
}

Expected<EditReport> LabelEditor::markFaces(const std::vector<qint64>& faceIds, bool isFace)
{
    const int verdict = isFace ? FaceVerdicts::Face : FaceVerdicts::NotFace;
    std::vector<Step> steps;
    for (qint64 id : faceIds) {
        const std::optional<FaceRecord> face = m_library.face(id);
        if (!face)
            return Error{QStringLiteral("no face %1 in the library").arg(id)};
        const int before = FaceVerdicts::verdict(m_library.database(), id);
        if (before == verdict)
            continue;
        Step s;
        s.faceItem = id;
        s.oldFace = before;
        s.newFace = verdict;
        steps.push_back(s);
    }
    const QString faces = steps.size() == 1 ? QStringLiteral("1 detection")
                                            : QStringLiteral("%1 detections").arg(steps.size());
    const bool one = steps.size() == 1;
    const char* what = isFace ? (one ? "Mark %1 as a face" : "Mark %1 as faces")
                              : (one ? "Mark %1 as not a face" : "Mark %1 as not faces");
    return apply(QString::fromLatin1(what).arg(faces), std::move(steps));
}

Expected<EditReport> LabelEditor::removePhotos(const std::vector<qint64>& imageIds, const PhotoRemoval& removal)
{
    Database& db = m_library.database();
    const bool toTrash = removal.to == PhotoRemoval::To::Trash;
    QString folder;
    if (!toTrash) {
        folder = QDir::cleanPath(QFileInfo(removal.folder).absoluteFilePath());
        if (removal.folder.isEmpty() || !QDir().mkpath(folder) || !QFileInfo(folder).isWritable())
            return Error{QStringLiteral("cannot move photos into %1: the folder cannot be made or written")
                             .arg(removal.folder)};
    }
    EditReport skipped;
    std::vector<Step> steps;
    QSet<QString> taken;
    QSet<qint64> seen;
    // A reserved place in the trash holds a .trashinfo; one that is not used is given back.
    auto release = [&steps] {
        for (const Step& s : steps)
            if (!s.trashInfo.isEmpty() && !QFileInfo::exists(s.newPath))
                QFile::remove(s.trashInfo);
    };
    // Where `file` goes: a step with its target (and trash slot), or why it cannot go.
    auto place = [&](const QString& file, Step& step) -> Status {
        step.removal = true;
        step.oldPath = file;
        if (toTrash) {
            auto slot = DesktopTrash::reserve(file);
            if (!slot)
                return Error{slot.error()};
            step.newPath = slot->file;
            step.trashInfo = slot->info;
        } else {
            step.newPath = FileMover::freeName(folder + QLatin1Char('/') + QFileInfo(file).fileName(), taken);
            taken.insert(step.newPath);
        }
        return success();
    };
    for (qint64 id : imageIds) {
        if (seen.contains(id))
            continue;
        seen.insert(id);
        Statement q = db.prepare("SELECT path, twin FROM images WHERE id = ?");
        q.bind(1, id);
        if (!q.next()) {
            release();
            return Error{QStringLiteral("no photo %1 in the library").arg(id)};
        }
        const QString path = q.text(0), twin = q.text(1);
        q.reset();
        if (!QFileInfo::exists(path)) {
            skipped.notMoved.push_back({path, QStringLiteral("is no longer there (moved or deleted outside "
                                                             "Lookalike); index its folder again")});
            continue;
        }
        if (!toTrash && QDir::cleanPath(QFileInfo(path).absolutePath()) == folder) {
            skipped.notMoved.push_back({path, QStringLiteral("is already in %1").arg(folder)});
            continue;
        }
        auto rows = PhotoRows::save(db, id);
        if (!rows) {
            release();
            return Error{rows.error()};
        }
        Step photo;
        photo.imageId = id;
        photo.snapshot = *rows;
        if (Status s = place(path, photo); !s) {
            skipped.notMoved.push_back({path, s.error()});
            continue;
        }
        steps.push_back(photo);
        if (!twin.isEmpty() && QFileInfo::exists(twin)) {
            Step pair;
            pair.imageId = id;
            if (Status s = place(twin, pair); !s) {
                skipped.notMoved.push_back({path, QStringLiteral("its RAW twin %1: %2").arg(twin, s.error())});
                if (!steps.back().trashInfo.isEmpty())
                    QFile::remove(steps.back().trashInfo);
                steps.pop_back();
                continue;
            }
            steps.push_back(pair);
        }
    }
    const int photos = int(std::count_if(steps.begin(), steps.end(), [](const Step& s) { return !s.snapshot.isEmpty(); }));
    const QString what = photos == 1 ? QStringLiteral("1 photo") : QStringLiteral("%1 photos").arg(photos);
    const QString description = toTrash ? QStringLiteral("Move %1 to the trash").arg(what)
                                        : QStringLiteral("Move %1 to %2").arg(what, folder);
    auto applied = apply(description, steps);
    if (!applied) {
        release();
        return Error{applied.error()};
    }
    applied->notMoved.insert(applied->notMoved.begin(), skipped.notMoved.begin(), skipped.notMoved.end());
    return applied;
}

Expected<EditReport> LabelEditor::markNotDuplicates(const std::vector<std::pair<qint64, qint64>>& imagePairs)
{
    std::vector<Step> steps;
    for (const auto& [a, b] : imagePairs) {
        if (a == b)
            continue;
        for (qint64 id : {a, b})
            if (!pathKnownById(m_library.database(), id))
                return Error{QStringLiteral("no photo %1 in the library").arg(id)};
        Step s;
        s.decisionA = a;
        s.decisionB = b;
        s.verdict = 0;
        s.photoPair = true;
        steps.push_back(s);
    }
    const QString what = steps.size() == 1 ? QStringLiteral("Mark 2 photos as not duplicates")
                                           : QStringLiteral("Mark %1 pairs of photos as not duplicates").arg(steps.size());
    return apply(what, std::move(steps));
}

QRecursiveMutex& LabelEditor::processLock()
{
    static QRecursiveMutex lock;
    return lock;
}

Expected<EditReport> LabelEditor::apply(const QString& description, std::vector<Step> steps)
{
    EditReport report;
    if (steps.empty())
        return report;
    Database& db = m_library.database();
    {
        Database::Transaction tx(db);
        auto batch = insertBatch(db, description);
        if (!batch)
            return Error{batch.error()};
        report.batchId = *batch;
        Statement step = db.prepare("INSERT INTO journal(batch_id, item_id, old_label, new_label, old_source, "
                                    "image_id, old_path, new_path, decision_a, decision_b, verdict, old_verdict, "
                                    "face_item, old_face, new_face, removal, trash_info, snapshot, photo_pair) "
                                    "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        for (Step& s : steps) {
            step.bind(1, report.batchId);
            s.itemId ? step.bind(2, s.itemId) : step.bindNull(2);
            step.bind(3, s.oldLabel).bind(4, s.newLabel).bind(5, s.oldSource);
            s.imageId ? step.bind(6, s.imageId) : step.bindNull(6);
            step.bind(7, s.oldPath).bind(8, s.newPath);
            s.decisionA ? step.bind(9, s.decisionA) : step.bindNull(9);
            s.decisionA ? step.bind(10, s.decisionB) : step.bindNull(10);
            step.bind(11, s.verdict);
            // The decision this one replaces, so that undo can bring it back.
            const int before = !s.decisionA ? -1
                               : s.photoPair ? PhotoStore::verdict(db, s.decisionA, s.decisionB)
                                             : storedVerdict(db, s.decisionA, s.decisionB);
            before >= 0 ? step.bind(12, before) : step.bindNull(12);
            s.faceItem ? step.bind(13, s.faceItem) : step.bindNull(13);
            s.oldFace != FaceVerdicts::None ? step.bind(14, s.oldFace) : step.bindNull(14);
            s.newFace != FaceVerdicts::None ? step.bind(15, s.newFace) : step.bindNull(15);
            step.bind(16, int(s.removal));
            s.trashInfo.isEmpty() ? step.bindNull(17) : step.bind(17, s.trashInfo);
            s.snapshot.isEmpty() ? step.bindNull(18) : step.bindBlob(18, s.snapshot.constData(), s.snapshot.size());
            step.bind(19, int(s.photoPair));
            if (!step.exec())
                return Error{step.error()};
            s.journalId = db.lastInsertId();
        }
        if (Status s = tx.commit(); !s)
            return Error{s.error()};
    }
    if (Status s = runMoves(steps, report); !s) {
        RecoveryReport rolled;
        rollBack(report.batchId, rolled);
        return Error{s.error() + QStringLiteral(" (every photo was put back; nothing changed)")};
    }
    if (std::all_of(steps.begin(), steps.end(), [](const Step& s) { return s.removal && !s.done; })) {
        // Not one file could be set aside: nothing to undo.
        if (Status s = setBatchState(db, report.batchId, RolledBack); !s)
            return Error{s.error()};
        report.batchId = 0;
        return report;
    }
    Database::Transaction tx(db);
    for (const Step& s : steps) {
        if (s.decisionA) {
            if (Status st = s.photoPair ? PhotoStore::setVerdict(db, s.decisionA, s.decisionB, s.verdict)
                                        : recordDecision(db, s.decisionA, s.decisionB, s.verdict);
                !st)
                return Error{st.error()};
        }
        if (s.removal && !s.snapshot.isEmpty() && s.done) {
            // The file is out; the photo leaves the library (its rows are in the journal).
            Statement gone = db.prepare("DELETE FROM images WHERE id = ?");
            gone.bind(1, s.imageId);
            if (!gone.exec())
                return Error{gone.error()};
            ++report.photosRemoved;
        }
        if (s.faceItem) {
            if (Status st = FaceVerdicts::set(db, s.faceItem, s.newFace); !st)
                return Error{st.error()};
            ++report.facesChanged;
        }
        if (!s.itemId)
            continue;
        if (Status st = setLabel(db, s.itemId, s.newLabel, User); !st)
            return Error{st.error()};
        ++report.facesChanged;
    }
    if (Status s = dropEmptyLabels(db); !s)
        return Error{s.error()};
    if (Status s = setBatchState(db, report.batchId, Applied); !s)
        return Error{s.error()};
    if (Status s = tx.commit(); !s)
        return Error{s.error()};
    for (const Step& s : steps)
        if (s.imageId && !s.removal)
            FileMover::removeEmptyFolders(QFileInfo(s.oldPath).absolutePath(), s.root);
    return report;
}

Status LabelEditor::runMoves(std::vector<Step>& steps, EditReport& report)
{
    // For crash tests: LOOKALIKE_CRASH_AFTER_MOVES=N ends the process abruptly after N moves,
    // as a power cut or kill -9 would, at a deterministic point. With
    // LOOKALIKE_CRASH_UNRECORDED set, move N + 1 happens on disk first and the crash comes
    // before the library records it (its recorded path is then gone).
    static const int crashAfter = qEnvironmentVariableIntValue("LOOKALIKE_CRASH_AFTER_MOVES");
    static const bool unrecorded = qEnvironmentVariableIsSet("LOOKALIKE_CRASH_UNRECORDED");
    int moves = 0;
    QSet<qint64> stayed; // photos whose file could not be set aside: their twins stay too
    for (Step& s : steps) {
        if (!s.imageId)
            continue;
        if (s.removal && stayed.contains(s.imageId)) {
            if (!s.trashInfo.isEmpty())
                QFile::remove(s.trashInfo);
            continue;
        }
        const bool crash = crashAfter > 0 && moves++ == crashAfter;
        if (crash && !unrecorded)
            std::_Exit(137);
        if (Status moved = FileMover::move(s.oldPath, s.newPath); !moved) {
            if (!s.removal)
                return moved; // a relabel moves all its photos or none
            // A photo set aside is one of many: the others go on without it.
            report.notMoved.push_back({s.oldPath, moved.error()});
            stayed.insert(s.imageId);
            if (!s.trashInfo.isEmpty())
                QFile::remove(s.trashInfo);
            continue;
        }
        s.done = true;
        if (crash)
            std::_Exit(137);
        if (s.removal) {
            // The library keeps the photo's path until the batch completes (it then removes it).
            if (Status st = markStepDone(m_library.database(), s.journalId, 1); !st)
                return st;
            // Its name was taken in the trash or the folder: the free one chosen is reported.
            report.moved.push_back({s.oldPath, s.newPath, s.renamed()});
            continue;
        }
        if (Status st = setPath(m_library.database(), s.imageId, s.newPath, s.journalId, 1); !st)
            return st;
        if (Status st = moveTwin(m_library.database(), s.imageId, s.newPath); !st)
            return st;
        report.moved.push_back({s.oldPath, s.newPath, s.renamed()});
    }
    return success();
}

Status LabelEditor::rollBack(qint64 batchId, RecoveryReport& report)
{
    Database& db = m_library.database();
    Statement q = db.prepare("SELECT id, image_id, old_path, new_path, removal, trash_info FROM journal "
                             "WHERE batch_id = ? AND image_id IS NOT NULL ORDER BY id DESC");
    q.bind(1, batchId);
    struct Move { qint64 journal, image; QString from, to; bool removal; QString trashInfo; };
    std::vector<Move> moves;
    while (q.next())
        moves.push_back({q.integer(0), q.integer(1), q.text(2), q.text(3), q.integer(4) != 0, q.text(5)});
    q.reset();
    for (const Move& m : moves) {
        QFile::remove(m.to + FileMover::partialSuffix()); // our own temporary copy, if any
        const bool atTarget = QFileInfo::exists(m.to), atSource = QFileInfo::exists(m.from);
        if (atTarget && !atSource) {
            if (Status s = FileMover::move(m.to, m.from); !s) {
                report.problems.push_back({m.to, s.error()});
                continue;
            }
            ++report.filesRestored;
        } else if (atTarget && atSource) {
            // The copy across filesystems finished but the original was not yet deleted.
            if (FileMover::sameContent(m.to, m.from))
                QFile::remove(m.to);
            else
                report.problems.push_back({m.to, QStringLiteral("differs from %1; both kept").arg(m.from)});
        } else if (!atSource) {
            report.problems.push_back({m.from, QStringLiteral("missing, and not at %1 either").arg(m.to)});
        }
        if (m.removal) {
            // The photo's rows were never removed (that comes with the batch's completion).
            if (!m.trashInfo.isEmpty() && QFileInfo::exists(m.from))
                QFile::remove(m.trashInfo);
            if (Status s = markStepDone(db, m.journal, 0); !s)
                return s;
            continue;
        }
        if (Status s = setPath(db, m.image, m.from, m.journal, 0); !s)
            return s;
        if (Status s = moveTwin(db, m.image, m.from); !s)
            report.problems.push_back({m.from, QStringLiteral("its RAW twin: %1").arg(s.error())});
    }
    restoreFiles(batchId, report.problems);
    if (Status s = setBatchState(db, batchId, RolledBack); !s)
        return s;
    ++report.batchesRolledBack;
    return success();
}

Expected<RecoveryReport> LabelEditor::recover()
{
    RecoveryReport report;
    std::vector<qint64> pending;
    Statement q = m_library.database().prepare("SELECT id, owner FROM batches WHERE state = 0 ORDER BY id DESC");
    while (q.next()) {
        // Another program's batch in progress is not a crash. (In this process the lock
        // means no other editor is in the middle of one.)
        const qint64 owner = q.isNull(1) ? 0 : q.integer(1);
        if (owner > 0 && owner != QCoreApplication::applicationPid() && processAlive(owner))
            continue;
        pending.push_back(q.integer(0));
    }
    q.reset();
    for (qint64 batch : pending) {
        qCInfo(lcEdit) << "rolling back batch" << batch << "left half done";
        if (Status s = rollBack(batch, report); !s)
            return Error{s.error()};
    }
    return report;
}

std::vector<std::pair<qint64, QString>> LabelEditor::undoStack(int limit)
{
    std::vector<std::pair<qint64, QString>> out;
    Statement q = m_library.database().prepare(
        "SELECT id, description FROM batches WHERE state = 1 ORDER BY id DESC LIMIT ?");
    q.bind(1, limit);
    while (q.next())
        out.emplace_back(q.integer(0), q.text(1));
    return out;
}

Expected<UndoReport> LabelEditor::undo(int count)
{
    UndoReport report;
    Database& db = m_library.database();
    for (const auto& [batch, description] : undoStack(count)) {
        struct Row { qint64 journal, item, image; QString oldLabel; int oldSource; QString from, to; qint64 a, b; int oldVerdict;
                     qint64 faceItem; int oldFace; bool removal; QString trashInfo; QByteArray snapshot; bool photoPair;
                     bool done; };
        std::vector<Row> rows;
        Statement q = db.prepare("SELECT id, item_id, image_id, old_label, old_source, old_path, new_path, "
                                 "decision_a, decision_b, old_verdict, face_item, old_face, removal, trash_info, "
                                 "snapshot, photo_pair, done FROM journal WHERE batch_id = ? ORDER BY id DESC");
        q.bind(1, batch);
        while (q.next())
            rows.push_back({q.integer(0), q.isNull(1) ? 0 : q.integer(1), q.isNull(2) ? 0 : q.integer(2),
                            q.text(3), int(q.integer(4)), q.text(5), q.text(6), q.isNull(7) ? 0 : q.integer(7),
                            q.integer(8), q.isNull(9) ? -1 : int(q.integer(9)), q.isNull(10) ? 0 : q.integer(10),
                            q.isNull(11) ? int(FaceVerdicts::None) : int(q.integer(11)), q.integer(12) != 0,
                            q.text(13), q.blob(14), q.integer(15) != 0, q.integer(16) != 0});
        q.reset();
        struct Restore { QByteArray snapshot; QString path; qint64 image; };
        std::vector<Restore> restores;
        QHash<qint64, QString> twinsBack; // image id -> where its twin is again
        for (const Row& r : rows) {
            if (!r.image)
                continue;
            if (r.removal && !r.done)
                continue; // a file that could not be moved stayed where it was
            if (r.removal) {
                // Newest first: a photo's twin comes back before the photo.
                QString target;
                if (QFileInfo::exists(r.to)) {
                    target = FileMover::freeName(r.from);
                    if (Status s = FileMover::move(r.to, target); !s) {
                        report.problems.push_back({r.to, s.error()});
                        continue;
                    }
                    if (!r.trashInfo.isEmpty())
                        QFile::remove(r.trashInfo);
                    if (target != r.from)
                        report.problems.push_back({r.from, QStringLiteral("the name was taken; restored as %1").arg(target)});
                    report.moved.push_back({r.to, target, target != r.from});
                } else if (QFileInfo::exists(r.from) && !pathKnown(db, r.from)) {
                    target = r.from; // put back by an undo a crash interrupted
                } else {
                    report.problems.push_back({r.from, QStringLiteral("is no longer at %1 (the trash was emptied?), so "
                                                                      "it cannot come back").arg(r.to)});
                    continue;
                }
                if (r.snapshot.isEmpty())
                    twinsBack.insert(r.image, target);
                else
                    restores.push_back({r.snapshot, target, r.image});
                continue;
            }
            Statement now = db.prepare("SELECT path FROM images WHERE id = ?");
            now.bind(1, r.image);
            if (!now.next() || now.text(0) != r.to)
                continue; // already back (an undo interrupted earlier), or the photo is gone
            now.reset();
            const QString target = FileMover::freeName(r.from);
            if (Status s = FileMover::move(r.to, target); !s) {
                report.problems.push_back({r.to, s.error()});
                continue;
            }
            if (target != r.from)
                report.problems.push_back({r.from, QStringLiteral("the name was taken; restored as %1").arg(target)});
            if (Status s = setPath(db, r.image, target, r.journal, 0); !s)
                return Error{s.error()};
            if (Status s = moveTwin(db, r.image, target); !s)
                report.problems.push_back({target, QStringLiteral("its RAW twin: %1").arg(s.error())});
            report.moved.push_back({r.to, target, target != r.from});
            FileMover::removeEmptyFolders(QFileInfo(r.to).absolutePath(),
                                          QFileInfo(QFileInfo(r.to).absolutePath()).absolutePath());
        }
        restoreFiles(batch, report.problems);
        Database::Transaction tx(db);
        for (const Restore& r : restores) {
            // One photo at a time: a photo whose rows cannot come back leaves the others be.
            if (Status s = db.exec("SAVEPOINT photo"); !s)
                return Error{s.error()};
            auto restored = PhotoRows::restore(db, r.snapshot, r.path, twinsBack.value(r.image));
            if (!restored) {
                db.exec("ROLLBACK TO photo");
                report.problems.push_back({r.path, QStringLiteral("is back, but not in the library (%1); index its "
                                                                  "folder again").arg(restored.error())});
            } else {
                ++report.photosRestored;
                report.peopleChanged = true;
            }
            db.exec("RELEASE photo");
        }
        for (const Row& r : rows) {
            if (r.a && r.photoPair) {
                if (Status s = r.oldVerdict >= 0 ? PhotoStore::setVerdict(db, r.a, r.b, r.oldVerdict)
                                                 : PhotoStore::forgetVerdict(db, r.a, r.b);
                    !s)
                    return Error{s.error()};
            } else if (r.a) {
                if (Status s = r.oldVerdict >= 0 ? recordDecision(db, r.a, r.b, r.oldVerdict)
                                                 : forgetDecision(db, r.a, r.b);
                    !s)
                    return Error{s.error()};
                report.peopleChanged = true;
            }
            if (r.faceItem) {
                if (Status s = FaceVerdicts::set(db, r.faceItem, r.oldFace); !s)
                    return Error{s.error()};
                ++report.facesChanged;
                report.faces.push_back(r.faceItem);
                report.peopleChanged = true;
            }
            if (!r.item)
                continue;
            if (Status s = setLabel(db, r.item, r.oldLabel, r.oldSource); !s)
                return Error{s.error()};
            ++report.facesChanged;
            report.faces.push_back(r.item);
        }
        if (Status s = dropEmptyLabels(db); !s)
            return Error{s.error()};
        if (Status s = setBatchState(db, batch, Undone); !s)
            return Error{s.error()};
        if (Status s = tx.commit(); !s)
            return Error{s.error()};
        FileRewriter::dropBackups(m_library.path(), batch);
        ++report.batchesUndone;
    }
    return report;
}

Expected<EditReport> LabelEditor::rewriteFiles(const QStringList& paths, const QString& description)
{
    EditReport report;
    if (paths.isEmpty())
        return report;
    Database& db = m_library.database();
    struct FileStep { qint64 journal; QString path, backup, oldHash; };
    std::vector<FileStep> steps;
    {
        Database::Transaction tx(db);
        auto batch = insertBatch(db, description);
        if (!batch)
            return Error{batch.error()};
        report.batchId = *batch;
        Statement step = db.prepare("INSERT INTO journal(batch_id, file_path, file_old_hash, file_new_hash) "
                                    "VALUES(?,?,?,?)");
        Statement backup = db.prepare("UPDATE journal SET file_backup = ? WHERE id = ?");
        for (const QString& path : paths) {
            const QString oldHash = FileRewriter::hash(path);
            step.bind(1, report.batchId).bind(2, path);
            oldHash.isEmpty() ? step.bindNull(3) : step.bind(3, oldHash);
            step.bind(4, FileRewriter::hash(FileRewriter::preparedPath(path)));
            if (!step.exec())
                return Error{step.error()};
            const qint64 id = db.lastInsertId();
            const QString backupFile = FileRewriter::backupPath(m_library.path(), report.batchId, id);
            backup.bind(1, backupFile).bind(2, id);
            if (!backup.exec())
                return Error{backup.error()};
            steps.push_back({id, path, backupFile, oldHash});
        }
        if (Status s = tx.commit(); !s)
            return Error{s.error()};
    }
    auto undoAll = [&](const QString& why) -> Expected<EditReport> {
        RecoveryReport rolled;
        rollBack(report.batchId, rolled);
        for (const FileStep& f : steps)
            QFile::remove(FileRewriter::preparedPath(f.path));
        return Error{why + QStringLiteral(" (every file was put back; nothing changed)")};
    };
    for (const FileStep& f : steps)
        if (!f.oldHash.isEmpty())
            if (Status s = FileRewriter::backUp(f.path, f.backup); !s)
                return undoAll(s.error());
    static const int crashAfter = qEnvironmentVariableIntValue("LOOKALIKE_CRASH_AFTER_MOVES");
    int written = 0;
    for (const FileStep& f : steps) {
        if (crashAfter > 0 && written++ == crashAfter)
            std::_Exit(137);
        if (Status s = FileRewriter::replace(f.path); !s)
            return undoAll(s.error());
        Statement done = db.prepare("UPDATE journal SET done = 1 WHERE id = ?");
        done.bind(1, f.journal);
        done.exec();
        report.moved.push_back({f.path, f.path, false});
    }
    if (Status s = setBatchState(db, report.batchId, Applied); !s)
        return Error{s.error()};
    return report;
}

void LabelEditor::restoreFiles(qint64 batchId, std::vector<EditReport::Skip>& problems)
{
    Statement q = m_library.database().prepare(
        "SELECT file_path, file_backup, file_old_hash, file_new_hash FROM journal WHERE batch_id = ? AND "
        "file_path IS NOT NULL ORDER BY id DESC");
    q.bind(1, batchId);
    struct Row { QString path, backup, oldHash, newHash; };
    std::vector<Row> rows;
    while (q.next())
        rows.push_back({q.text(0), q.text(1), q.text(2), q.text(3)});
    q.reset();
    for (const Row& r : rows)
        if (const QString problem = FileRewriter::restore(r.path, r.backup, r.oldHash, r.newHash); !problem.isEmpty())
            problems.push_back({r.path, problem});
}

} // namespace lookalike
