#include "filerewriter.h"
#include "filemover.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace lookalike {
namespace {

bool flush(const QString& path)
{
    return FileMover::syncPath(path);
}

QString folderOf(const QString& path)
{
    return QFileInfo(path).absolutePath();
}

} // namespace

QString FileRewriter::preparedPath(const QString& path)
{
    return path + FileMover::partialSuffix();
}

Status FileRewriter::prepare(const QString& path, const QByteArray& content)
{
    const QString prepared = preparedPath(path);
    QFile file(prepared);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Error{QStringLiteral("cannot write %1: %2").arg(prepared, file.errorString())};
    if (file.write(content) != content.size() || !file.flush()) {
        file.remove();
        return Error{QStringLiteral("cannot write %1: %2").arg(prepared, file.errorString())};
    }
    file.close();
    if (!flush(prepared)) {
        QFile::remove(prepared);
        return Error{QStringLiteral("cannot flush %1 to disk").arg(prepared)};
    }
    return success();
}

QString FileRewriter::hash(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&file);
    return QString::fromLatin1(h.result().toHex());
}

QString FileRewriter::backupPath(const QString& libraryPath, qint64 batchId, qint64 journalId)
{
    return QStringLiteral("%1.backups/%2/%3").arg(libraryPath).arg(batchId).arg(journalId);
}

Status FileRewriter::backUp(const QString& path, const QString& backup)
{
    if (!QDir().mkpath(folderOf(backup)))
        return Error{QStringLiteral("cannot create the backup folder %1").arg(folderOf(backup))};
    QFile::remove(backup); // a leftover of an interrupted attempt, never a user's file
    if (!QFile::copy(path, backup))
        return Error{QStringLiteral("cannot back up %1 to %2").arg(path, backup)};
    if (!flush(backup) || !FileMover::sameContent(path, backup))
        return Error{QStringLiteral("the backup of %1 did not verify").arg(path)};
    flush(folderOf(backup));
    return success();
}

Status FileRewriter::replace(const QString& path)
{
    const QByteArray from = QFile::encodeName(preparedPath(path)), to = QFile::encodeName(path);
    if (std::rename(from.constData(), to.constData()) != 0)
        return Error{QStringLiteral("cannot replace %1: %2")
                         .arg(path, QString::fromLocal8Bit(std::strerror(errno)))};
    flush(folderOf(path));
    return success();
}

QString FileRewriter::restore(const QString& path, const QString& backup, const QString& oldHash,
                              const QString& newHash)
{
    QFile::remove(preparedPath(path)); // ours, if a crash left it
    const QString now = hash(path);
    if (now == oldHash)
        return {}; // never replaced, or already put back
    if (now != newHash)
        return QStringLiteral("changed since it was written; left as it is (the earlier version "
                              "is kept in %1)")
            .arg(oldHash.isEmpty() ? QStringLiteral("no file") : backup);
    if (oldHash.isEmpty()) {
        if (!QFile::remove(path))
            return QStringLiteral("cannot remove it");
        flush(folderOf(path));
        return {};
    }
    QFile::remove(preparedPath(path));
    if (!QFile::copy(backup, preparedPath(path)) || !flush(preparedPath(path)) ||
        hash(preparedPath(path)) != oldHash) {
        QFile::remove(preparedPath(path));
        return QStringLiteral("its backup %1 is missing or damaged; left as it is").arg(backup);
    }
    if (Status s = replace(path); !s)
        return s.error();
    return {};
}

void FileRewriter::dropBackups(const QString& libraryPath, qint64 batchId)
{
    QDir(QStringLiteral("%1.backups/%2").arg(libraryPath).arg(batchId)).removeRecursively();
}

} // namespace lookalike
