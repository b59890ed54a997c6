#include "folderscanner.h"

#include "imageformat.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <algorithm>

namespace lookalike {
namespace {

struct PendingDir {
    QString path;            // absolute and clean, as reached
    QString parentCanonical; // canonical path of the folder it was found in; empty for root
};

bool isSameOrInside(const QString& path, const QString& folder)
{
    return folder == u"/" || path == folder || path.startsWith(folder + u'/');
}

// One scan: a depth-first walk that lists real folders before symlinked ones, so a folder
// reachable both ways is listed under its real path.
class Walker {
public:
    explicit Walker(const FolderScanner::Options& options) : m_options(options)
    {
        m_sinceProgress.start();
    }
    ScanResult run(const QString& root);

private:
    bool stopRequested();
    bool claim(const PendingDir& dir, QString* canonical);
    void visit(const PendingDir& dir);
    void visitEntry(const QFileInfo& entry, const QString& dirCanonical);
    void visitFile(const QFileInfo& entry);
    void reportProgress(bool last);
    void problem(const QString& path, const QString& reason)
    {
        m_result.problems.push_back({path, reason});
    }

    const FolderScanner::Options& m_options;
    ScanResult m_result;
    QSet<QString> m_listed;           // canonical paths of the folders claimed so far
    std::vector<PendingDir> m_real;   // folders to list, reached without a symlink
    std::vector<PendingDir> m_linked; // symlinked folders, listed when m_real is empty
    QElapsedTimer m_sinceProgress;
};

ScanResult Walker::run(const QString& root)
{
    const QFileInfo info(root);
    if (!info.isDir())
        problem(root, info.exists() ? QStringLiteral("not a folder")
                                    : QStringLiteral("folder does not exist"));
    else
        m_real.push_back({QDir::cleanPath(info.absoluteFilePath()), {}});
    while (!stopRequested() && !(m_real.empty() && m_linked.empty())) {
        std::vector<PendingDir>& stack = m_real.empty() ? m_linked : m_real;
        const PendingDir dir = std::move(stack.back());
        stack.pop_back();
        visit(dir);
    }
    std::ranges::sort(m_result.files, {}, &ScannedFile::path);
    std::ranges::sort(m_result.problems, {}, &ScanProblem::path);
    m_result.twins = FolderScanner::pairTwins(m_result.files);
    reportProgress(true);
    return std::move(m_result);
}

bool Walker::stopRequested()
{
    if (m_options.cancel && m_options.cancel->load(std::memory_order_relaxed))
        m_result.cancelled = true;
    return m_result.cancelled;
}

// False, with a problem reported, when the folder was already claimed under another path.
bool Walker::claim(const PendingDir& dir, QString* canonical)
{
    *canonical = QFileInfo(dir.path).canonicalFilePath();
    if (canonical->isEmpty()) {
        problem(dir.path, QStringLiteral("folder vanished during the scan"));
        return false;
    }
    if (!m_listed.contains(*canonical)) {
        m_listed.insert(*canonical);
        return true;
    }
    if (isSameOrInside(dir.parentCanonical, *canonical))
        problem(dir.path, QStringLiteral("symlink loop: leads back to %1").arg(*canonical));
    else
        problem(dir.path, QStringLiteral("same folder as %1, already scanned").arg(*canonical));
    return false;
}

void Walker::visit(const PendingDir& dir)
{
    QString canonical;
    if (!claim(dir, &canonical))
        return;
    const QFileInfo info(dir.path);
    if (!info.isReadable() || !info.isExecutable()) {
        problem(dir.path, QStringLiteral("permission denied: cannot list this folder"));
        return;
    }
    // QDir::System brings in broken symlinks; hidden entries stay out (no QDir::Hidden).
    const QFileInfoList entries = QDir(dir.path).entryInfoList(
        QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo& entry : entries) {
        if (stopRequested())
            return;
        visitEntry(entry, canonical);
    }
}

void Walker::visitEntry(const QFileInfo& entry, const QString& dirCanonical)
{
    if (entry.isDir()) {
        if (m_options.recursive)
            (entry.isSymLink() ? m_linked : m_real)
                .push_back({entry.absoluteFilePath(), dirCanonical});
    } else if (entry.isFile()) {
        visitFile(entry);
    } else if (entry.isSymLink() && !entry.exists()) {
        problem(entry.absoluteFilePath(),
                QStringLiteral("broken symbolic link to %1").arg(entry.symLinkTarget()));
    } // sockets, FIFOs and devices are not files to look into
}

void Walker::visitFile(const QFileInfo& entry)
{
    QFile file(entry.absoluteFilePath());
    if (!file.open(QIODevice::ReadOnly)) {
        problem(file.fileName(), QStringLiteral("cannot read: %1").arg(file.errorString()));
        return;
    }
    const QString format = ImageFormat::sniffFile(&file);
    if (format.isEmpty()) {
        // A file named like a photo that holds something else is worth a word to the user;
        // other files (notes, CSVs) are simply not photos.
        if (ImageFormat::photoSuffixes().contains(entry.suffix().toLower()))
            problem(file.fileName(), QStringLiteral("named like a .%1 photo, but its content is not a "
                                                    "supported image format (damaged or not an image)")
                                         .arg(entry.suffix().toLower()));
        else
            ++m_result.nonImages;
        return;
    }
    m_result.files.push_back(
        {file.fileName(), entry.size(), entry.lastModified().toMSecsSinceEpoch(), format, {}});
    reportProgress(false);
}

void Walker::reportProgress(bool last)
{
    if (!m_options.progress || (!last && m_sinceProgress.elapsed() < 100))
        return;
    m_options.progress(qint64(m_result.files.size()));
    m_sinceProgress.restart();
}

} // namespace

ScanResult FolderScanner::scan(const QString& root, const Options& options)
{
    return Walker(options).run(root);
}

qint64 FolderScanner::pairTwins(std::vector<ScannedFile>& files)
{
    // folder + base name, lower case -> indexes of its JPEG, HEIC and RAW; -2: two of a kind
    // (no pairing then: which one would be the twin is a guess)
    struct Pair {
        qsizetype jpeg = -1, heic = -1, raw = -1;
        qsizetype picture() const { return jpeg >= 0 ? jpeg : jpeg == -1 ? heic : -1; }
    };
    auto claim = [](qsizetype& slot, qsizetype i) { slot = slot == -1 ? i : -2; };
    QHash<QString, Pair> byName;
    for (qsizetype i = 0; i < qsizetype(files.size()); ++i) {
        const QFileInfo info(files[size_t(i)].path);
        Pair& pair = byName[(info.path() + u'/' + info.completeBaseName()).toLower()];
        const QString& format = files[size_t(i)].format;
        if (ImageFormat::isRaw(format))
            claim(pair.raw, i);
        else if (format == u"jpeg")
            claim(pair.jpeg, i);
        else if (format == u"heic" || format == u"heif")
            claim(pair.heic, i);
    }
    std::vector<bool> drop(files.size(), false);
    qint64 twins = 0;
    for (const Pair& pair : std::as_const(byName)) {
        if (pair.picture() < 0 || pair.raw < 0)
            continue;
        files[size_t(pair.picture())].twin = files[size_t(pair.raw)].path;
        drop[size_t(pair.raw)] = true;
        ++twins;
    }
    qsizetype i = 0;
    std::erase_if(files, [&](const ScannedFile&) { return drop[size_t(i++)]; });
    return twins;
}

QString FolderScanner::labelFor(const QString& root, const QString& path)
{
    const QString relative = QDir(QDir::cleanPath(root)).relativeFilePath(QDir::cleanPath(path));
    if (relative == u".." || relative.startsWith(u"../") || QDir::isAbsolutePath(relative))
        return {};
    const qsizetype slash = relative.indexOf(u'/');
    return slash < 0 ? QString() : relative.left(slash);
}

} // namespace lookalike
