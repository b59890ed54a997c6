#pragma once
// Changes labels, and in libraries imported with subfolder labels moves the photos so the
// folders follow, with undo of any depth and recovery after a crash.
//
// Every change is a batch written to the library's journal before anything happens: label
// steps (face, old label, new label) and move steps (photo, old path, new path). Moves run one
// by one, each committed with its photo's new path; labels are applied with the batch's
// completion. A batch interrupted by a crash is rolled back by recover() (called when a
// library is opened for editing): photos go back where they were, labels stay as they were.
// Not thread-safe: use the Library's thread. Editors of one process take turns: each holds a
// process-wide lock for its lifetime, so one never mistakes another's running batch for a
// crash; across processes, recovery skips batches whose process is alive.
#include "expected.h"
#include <QMutexLocker>
#include <QRecursiveMutex>
#include <QSet>
#include <QString>
#include <vector>

namespace lookalike {

class Library;

struct EditOptions {
    bool moveFiles = true;              // only where the root has subfolder labels
    bool allowMultiPersonMoves = false; // move photos that also hold other people's faces
};

struct EditReport {
    qint64 batchId = 0;                 // 0 when nothing changed
    int facesChanged = 0;
    struct Move {
        QString from;
        QString to;
        bool renamed = false; // the target name was taken, a free one was chosen
    };
    std::vector<Move> moved;
    struct Skip {
        QString path;
        QString reason;
    };
    std::vector<Skip> notMoved; // photos left in place, and why
    int photosRemoved = 0;      // removePhotos(): photos taken out of the library
};

struct UndoReport {
    int batchesUndone = 0;
    int facesChanged = 0;
    int photosRestored = 0; // photos a removal had taken out, back in the library
    std::vector<qint64> faces; // faces whose label or verdict went back, by item id
    bool peopleChanged = false; // decisions between faces, face verdicts or photos went back
    std::vector<EditReport::Move> moved;
    std::vector<EditReport::Skip> problems;
};

struct RecoveryReport {
    int batchesRolledBack = 0;
    int filesRestored = 0;
    std::vector<EditReport::Skip> problems;
};

// Where removePhotos() puts the files.
struct PhotoRemoval {
    enum class To { Trash, Folder };
    To to = To::Trash;
    QString folder; // To::Folder: the folder the files go to (created when missing)
};

class LabelEditor {
public:
    explicit LabelEditor(Library& library) : m_library(library), m_lock(&processLock()) {}

    // Sets `label` on faces (empty: remove their label), as the user's decision.
    Expected<EditReport> relabel(const std::vector<qint64>& faceIds, const QString& label,
                                 const EditOptions& options);
    // Several labels at once, as one step to undo (confirming suggestions of several people).
    using LabelGroups = std::vector<std::pair<QString, std::vector<qint64>>>; // label -> faces
    Expected<EditReport> relabelGroups(const LabelGroups& groups, const EditOptions& options,
                                       const QString& description);
    // All faces labelled `from` get `into` (an existing or a new label).
    Expected<EditReport> mergeLabels(const QString& from, const QString& into,
                                     const EditOptions& options);
    // What relabel() would do, without doing anything: batchId 0, facesChanged the faces whose
    // label would change, moved the planned moves, notMoved the photos it would leave (for a
    // UI to ask about photos that hold other people before it acts).
    Expected<EditReport> preview(const LabelGroups& groups, const EditOptions& options);
    // The faces labelled `label`, by id.
    std::vector<qint64> facesLabelled(const QString& label);
    // Records that two faces are different people (verdict 0) or the same person (1), so the
    // review never shows the pair again. Undoable like any other change.
    Expected<EditReport> decide(qint64 faceA, qint64 faceB, int verdict);
    // Several decisions as one undoable step (merging or splitting suggested people).
    Expected<EditReport> decideMany(const std::vector<std::pair<qint64, qint64>>& pairs, int verdict,
                                    const QString& description);
    // A person's verdict on detections: faces (isFace) or not faces. Faces marked not a
    // face leave every search, cluster, suggestion and review; faces marked a face come
    // back. Undoable; kept when the photo is indexed again (FaceVerdicts).
    Expected<EditReport> markFaces(const std::vector<qint64>& faceIds, bool isFace);
    // Replaces files as one undoable step (names written into metadata): each path's new
    // content must wait, written and flushed, at FileRewriter::preparedPath(path). The old
    // content is backed up beside the library first; undo and crash recovery put it back
    // byte for byte (or remove a file that did not exist). moved lists the files written.
    Expected<EditReport> rewriteFiles(const QStringList& paths, const QString& description);
    // Takes photos out of the library as one undoable step (duplicates set aside): each file,
    // and its RAW twin, goes to the desktop trash (the freedesktop.org trash of its volume,
    // with the .trashinfo that file managers use to restore it) or into removal.folder, and
    // the photo leaves the library with its faces, descriptors and verdicts, which the
    // journal keeps. Undo puts the files back where they were, byte for byte, and the photo's
    // rows with their ids and labels; a crash mid-batch is rolled back on the next open.
    // A file that cannot be moved (read-only folder, immutable file) stays, with its photo in
    // the library, and the others go on. moved lists the files moved; notMoved the photos
    // left in place, and why (batchId 0 when none could be moved).
    Expected<EditReport> removePhotos(const std::vector<qint64>& imageIds, const PhotoRemoval& removal);
    // "Not duplicates": the duplicate search and review never pair these photos again
    // (image ids). Undoable like any other change.
    Expected<EditReport> markNotDuplicates(const std::vector<std::pair<qint64, qint64>>& imagePairs);
    // Undoes the last `count` applied batches, newest first, restoring labels and paths.
    Expected<UndoReport> undo(int count = 1);
    // Descriptions of applied batches that undo() would revert, newest first.
    std::vector<std::pair<qint64, QString>> undoStack(int limit = 100);

    // Rolls back batches a crash left half done. Cheap when there are none.
    Expected<RecoveryReport> recover();

private:
    struct Step;
    Expected<EditReport> apply(const QString& description, std::vector<Step> steps);
    Expected<std::vector<Step>> plan(const std::vector<qint64>& faceIds, const QString& label,
                                     const EditOptions& options, EditReport& report);
    // Moves the files of `steps`, marking those done. A relabel's move that fails stops
    // them all; a removal's is reported (notMoved) and the others go on.
    Status runMoves(std::vector<Step>& steps, EditReport& report);
    Status rollBack(qint64 batchId, RecoveryReport& report);
    // Puts back the files a batch rewrote; problems are reported, never fatal.
    void restoreFiles(qint64 batchId, std::vector<EditReport::Skip>& problems);

    static QRecursiveMutex& processLock();

    Library& m_library;
    QMutexLocker<QRecursiveMutex> m_lock;
};

} // namespace lookalike
