#pragma once
// The desktop trash of the freedesktop.org Trash specification (1.0), which file managers
// (Nautilus, Dolphin, Thunar...) list and restore from. A file on the home volume goes to
// $XDG_DATA_HOME/Trash (~/.local/share/Trash); a file on another volume to that volume's
// $topdir/.Trash/$uid (when an administrator made .Trash: a sticky folder, not a link) or
// $topdir/.Trash-$uid; when neither can be used, to the home trash (a copy across volumes).
//
// reserve() writes the .trashinfo first (created exclusively, as the specification asks) and
// says where the file is to go, without moving it: the caller records the target in its
// journal and then moves the file (FileMover), so a crash at any point can be undone. Qt's
// QFile::moveToTrash picks the name as it moves, which leaves no moment to record it.
// Thread-safe (no state).
#include "expected.h"
#include <QDateTime>
#include <QString>

namespace lookalike {

class DesktopTrash {
public:
    struct Slot {
        QString file; // where the file goes: <trash>/files/<name>
        QString info; // its <trash>/info/<name>.trashinfo, already written
    };
    // Reserves a place in the trash of `path`'s volume for `path` (which must exist).
    static Expected<Slot> reserve(const QString& path);
    // The trash folder (holding files/ and info/) that `path` would go to.
    static Expected<QString> trashFor(const QString& path);
    // The home trash: $XDG_DATA_HOME/Trash, else ~/.local/share/Trash.
    static QString homeTrash();
    // The contents of a .trashinfo for `path` deleted at `when` (local time).
    static QByteArray infoText(const QString& path, const QDateTime& when);
};

} // namespace lookalike
