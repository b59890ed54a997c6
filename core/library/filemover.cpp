#include "filemover.h"
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace lookalike {

namespace {

QString systemError(int error) { return QString::fromLocal8Bit(std::strerror(error)); }

// 0 on success, else errno (EXDEV across filesystems, EEXIST when `to` exists, EINVAL when the
// filesystem cannot refuse to replace).
int renameNoReplace(const QString& from, const QString& to)
{
    const QByteArray a = QFile::encodeName(from), b = QFile::encodeName(to);
    if (::renameat2(AT_FDCWD, a.constData(), AT_FDCWD, b.constData(), RENAME_NOREPLACE) == 0)
        return 0;
    return errno;
}


Status copyVerified(const QString& from, const QString& to)
{
    const QString partial = to + FileMover::partialSuffix();
    QFile::remove(partial); // a leftover of an earlier interrupted copy, never a user's file
    if (!QFile::copy(from, partial))
        return Error{QStringLiteral("cannot copy %1 to %2").arg(from, partial)};
    if (!FileMover::syncPath(partial) || !FileMover::sameContent(from, partial)) {
        QFile::remove(partial);
        return Error{QStringLiteral("the copy of %1 did not verify; the original is untouched").arg(from)};
    }
    if (const int error = renameNoReplace(partial, to); error != 0) {
        QFile::remove(partial);
        return Error{QStringLiteral("cannot move %1 into place: %2").arg(to, systemError(error))};
    }
    FileMover::syncPath(QFileInfo(to).absolutePath());
    if (!QFile::remove(from))
        return Error{QStringLiteral("copied %1 to %2 but cannot remove the original").arg(from, to)};
    FileMover::syncPath(QFileInfo(from).absolutePath());
    return success();
}

} // namespace

Status FileMover::move(const QString& from, const QString& to)
{
    if (!QFileInfo(from).isFile())
        return Error{QStringLiteral("%1 is missing").arg(from)};
    if (QFileInfo::exists(to))
        return Error{QStringLiteral("%1 already exists; nothing was overwritten").arg(to)};
    const QString folder = QFileInfo(to).absolutePath();
    if (!QDir().mkpath(folder))
        return Error{QStringLiteral("cannot create the folder %1").arg(folder)};
    const int error = renameNoReplace(from, to);
    if (error == 0) {
        FileMover::syncPath(folder);
        FileMover::syncPath(QFileInfo(from).absolutePath());
        return success();
    }
    if (error == EXDEV || error == EINVAL || error == ENOSYS)
        return copyVerified(from, to);
    return Error{QStringLiteral("cannot move %1 to %2: %3").arg(from, to, systemError(error))};
}

bool FileMover::syncPath(const QString& path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

QString FileMover::freeName(const QString& wanted, const QSet<QString>& taken)
{
    auto free = [&](const QString& path) { return !QFileInfo::exists(path) && !taken.contains(path); };
    if (free(wanted))
        return wanted;
    const QFileInfo info(wanted);
    const QString base = info.completeBaseName();
    const QString suffix = info.suffix().isEmpty() ? QString() : QLatin1Char('.') + info.suffix();
    for (int n = 2;; ++n) {
        const QString candidate = info.absolutePath() + QLatin1Char('/') + base +
                                  QStringLiteral(" (%1)").arg(n) + suffix;
        if (free(candidate))
            return candidate;
    }
}

bool FileMover::sameContent(const QString& a, const QString& b)
{
    QFile fa(a), fb(b);
    if (!fa.open(QIODevice::ReadOnly) || !fb.open(QIODevice::ReadOnly) || fa.size() != fb.size())
        return false;
    constexpr qint64 kChunk = 1 << 20;
    while (!fa.atEnd()) {
        if (fa.read(kChunk) != fb.read(kChunk))
            return false;
    }
    return true;
}

void FileMover::removeEmptyFolders(const QString& folder, const QString& stop)
{
    QDir dir(folder);
    const QString limit = QDir::cleanPath(stop);
    while (QDir::cleanPath(dir.absolutePath()) != limit &&
           dir.absolutePath().startsWith(limit + QLatin1Char('/')) &&
           dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)) {
        const QString name = dir.dirName();
        if (!dir.cdUp() || !dir.rmdir(name))
            break;
    }
}

} // namespace lookalike
