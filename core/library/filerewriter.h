#pragma once
// Replaces files for the journal (names written into photo metadata and sidecars) so that
// undo and crash recovery put back the previous bytes exactly. The new content is first
// written and flushed beside the target ("<path>.lookalike-partial"); the previous content
// is copied and flushed into the library's backup folder; then the new file is renamed
// over the old one (atomic). Restoring checks that the file still holds what was written,
// so a file changed since by someone else is never overwritten. Thread-safe (no state).
#include "expected.h"
#include <QByteArray>
#include <QString>

namespace lookalike {

class FileRewriter {
public:
    // Where the new content of `path` waits before it replaces it.
    static QString preparedPath(const QString& path);
    // Writes and flushes `content` to preparedPath(path).
    static Status prepare(const QString& path, const QByteArray& content);
    // SHA-256 of a file in hex, or empty when it does not exist.
    static QString hash(const QString& path);
    // The backup of journal step `journalId` of the library at `libraryPath`.
    static QString backupPath(const QString& libraryPath, qint64 batchId, qint64 journalId);
    // Copies `path` to `backup` and flushes both the copy and its folder.
    static Status backUp(const QString& path, const QString& backup);
    // Renames preparedPath(path) over `path` and flushes the folder.
    static Status replace(const QString& path);
    // Puts back what one step changed: `path` held `oldHash` (empty: did not exist) and was
    // replaced by content hashing `newHash`. Returns a problem to report, empty when none.
    static QString restore(const QString& path, const QString& backup, const QString& oldHash,
                           const QString& newHash);
    // Removes the backups of a batch (after its undo).
    static void dropBackups(const QString& libraryPath, qint64 batchId);
};

} // namespace lookalike
