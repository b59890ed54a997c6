#pragma once
// Moves photos without ever overwriting or losing one. Same filesystem: an atomic rename that
// refuses to replace an existing file (renameat2 RENAME_NOREPLACE). Across filesystems: copy
// to a temporary name beside the target, flush, compare with the source, rename into place,
// and only then delete the source. Thread-safe (no state).
#include "expected.h"
#include <QSet>
#include <QString>

namespace lookalike {

class FileMover {
public:
    // Moves `from` to `to` (creating `to`'s folder). Fails, changing nothing, when `to` exists.
    static Status move(const QString& from, const QString& to);
    // `wanted`, or "name (2).ext", "name (3).ext"... the first that exists neither on disk nor
    // in `taken` (paths already promised to other moves).
    static QString freeName(const QString& wanted, const QSet<QString>& taken = {});
    // The suffix of the temporary copy a cross-filesystem move leaves if it is interrupted.
    static QString partialSuffix() { return QStringLiteral(".lookalike-partial"); }
    // True when both files exist and hold the same bytes.
    static bool sameContent(const QString& a, const QString& b);
    // Flushes a file or a folder to disk; false when it cannot be opened or flushed.
    static bool syncPath(const QString& path);
    // Removes `folder` and its parents up to (not including) `stop` while they are empty.
    static void removeEmptyFolders(const QString& folder, const QString& stop);
};

} // namespace lookalike
