#pragma once
// What a journal batch left half done (a crash, or another program still at work) means
// for readers. A batch moves its photos one by one and records each new path as it goes,
// so a reader may find a recorded path that is no longer on disk: the file was moved but
// the crash came before the library recorded it. The journal says where it went; readers
// report the photo there. Nothing here writes: recovery is LabelEditor::recover(), run by
// any open that can write.
#include <QHash>
#include <QString>
#include <vector>

namespace lookalike {

class Database;

struct PendingChange {
    qint64 batchId = 0;
    QString description;     // "Label 3 faces as Bob"
    int movesDone = 0;       // moves the library recorded
    int moves = 0;           // moves the batch planned
    qint64 owner = 0;        // process id of the program that ran it (0: unknown)
    bool ownerAlive = false; // still running: not a crash (yet)
};

class PendingChanges {
public:
    // Batches not applied, rolled back or undone, oldest first. Cheap when there are none.
    static PendingChanges load(Database& db);

    const std::vector<PendingChange>& changes() const { return m_changes; }
    bool empty() const { return m_changes.empty(); }
    // Changes a crash left (their program is gone): what recovery would roll back.
    std::vector<PendingChange> interrupted() const;

    // Where the photo `imageId` recorded at `recorded` really is: the journal's target when
    // a pending move of that photo left the recorded path empty and the target exists;
    // otherwise `recorded`. Looks at the disk only for photos with pending moves.
    QString resolve(qint64 imageId, const QString& recorded) const;

    // "An interrupted change is pending: ... ", for a person; empty when none is.
    // `finishCommand` is how to finish it, e.g. "lookalike-cli recover LIB".
    QString message(const QString& finishCommand) const;

private:
    struct Move {
        QString from;
        QString to;
    };
    std::vector<PendingChange> m_changes;
    QHash<qint64, Move> m_unrecorded; // image id -> journal move not recorded as done
};

} // namespace lookalike
