#include "desktoptrash.h"
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStorageInfo>
#include <QUrl>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lookalike {

namespace {

bool sameDevice(const QString& a, const QString& b)
{
    struct stat sa {}, sb {};
    return ::stat(QFile::encodeName(a).constData(), &sa) == 0 &&
           ::stat(QFile::encodeName(b).constData(), &sb) == 0 && sa.st_dev == sb.st_dev;
}

// files/ and info/ under `trash`, made private to the user as the specification asks.
bool prepare(const QString& trash)
{
    for (const char* sub : {"files", "info"}) {
        const QString dir = trash + QLatin1Char('/') + QLatin1String(sub);
        if (!QDir().mkpath(dir))
            return false;
        ::chmod(QFile::encodeName(dir).constData(), 0700);
    }
    ::chmod(QFile::encodeName(trash).constData(), 0700);
    return QFileInfo(trash + QStringLiteral("/files")).isWritable() &&
           QFileInfo(trash + QStringLiteral("/info")).isWritable();
}

// $topdir/.Trash/$uid when $topdir/.Trash is a sticky folder and not a link, else
// $topdir/.Trash-$uid; empty when neither can be made.
QString volumeTrash(const QString& topdir)
{
    const QString uid = QString::number(::getuid());
    const QString shared = topdir + QStringLiteral("/.Trash");
    struct stat st {};
    if (::lstat(QFile::encodeName(shared).constData(), &st) == 0 && S_ISDIR(st.st_mode) &&
        (st.st_mode & S_ISVTX)) {
        const QString mine = shared + QLatin1Char('/') + uid;
        if (prepare(mine))
            return mine;
    }
    const QString own = topdir + QStringLiteral("/.Trash-") + uid;
    return prepare(own) ? own : QString();
}

} // namespace

QString DesktopTrash::homeTrash()
{
    QString data = qEnvironmentVariable("XDG_DATA_HOME");
    if (data.isEmpty() || !QDir::isAbsolutePath(data))
        data = QDir::homePath() + QStringLiteral("/.local/share");
    return QDir::cleanPath(data + QStringLiteral("/Trash"));
}

Expected<QString> DesktopTrash::trashFor(const QString& path)
{
    const QString home = homeTrash();
    if (!prepare(home))
        return Error{QStringLiteral("cannot use the trash folder %1").arg(home)};
    if (sameDevice(path, home))
        return home;
    const QString topdir = QStorageInfo(QFileInfo(path).absolutePath()).rootPath();
    if (!topdir.isEmpty() && topdir != QLatin1String("/") && sameDevice(path, topdir)) {
        const QString volume = volumeTrash(topdir);
        if (!volume.isEmpty())
            return volume;
    }
    return home; // a copy across volumes (FileMover)
}

QByteArray DesktopTrash::infoText(const QString& path, const QDateTime& when)
{
    return "[Trash Info]\nPath=" + QUrl::toPercentEncoding(QFileInfo(path).absoluteFilePath(), "/") +
           "\nDeletionDate=" + when.toString(QStringLiteral("yyyy-MM-ddThh:mm:ss")).toLatin1() + "\n";
}

Expected<DesktopTrash::Slot> DesktopTrash::reserve(const QString& path)
{
    const QFileInfo source(path);
    if (!source.exists())
        return Error{QStringLiteral("%1 does not exist").arg(path)};
    auto trash = trashFor(path);
    if (!trash)
        return Error{trash.error()};
    const QString base = source.completeBaseName(), suffix = source.suffix();
    const QByteArray text = infoText(path, QDateTime::currentDateTime());
    for (int n = 1; n < 10000; ++n) {
        QString name = n == 1 ? source.fileName() : QStringLiteral("%1.%2").arg(base).arg(n);
        if (n > 1 && !suffix.isEmpty())
            name += QLatin1Char('.') + suffix;
        const QString file = *trash + QStringLiteral("/files/") + name;
        const QString info = *trash + QStringLiteral("/info/") + name + QStringLiteral(".trashinfo");
        if (QFileInfo::exists(file))
            continue;
        // O_EXCL: two programs trashing the same name at once never share the slot.
        const int fd = ::open(QFile::encodeName(info).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
            if (errno == EEXIST)
                continue;
            return Error{QStringLiteral("cannot write %1: %2").arg(info, QString::fromLocal8Bit(strerror(errno)))};
        }
        const bool written = ::write(fd, text.constData(), size_t(text.size())) == text.size() && ::fsync(fd) == 0;
        ::close(fd);
        if (!written) {
            QFile::remove(info);
            return Error{QStringLiteral("cannot write %1").arg(info)};
        }
        return Slot{file, info};
    }
    return Error{QStringLiteral("no free name for %1 in %2").arg(source.fileName(), *trash)};
}

} // namespace lookalike
