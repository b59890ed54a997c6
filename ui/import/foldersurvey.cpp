#include "foldersurvey.h"
#include "folderscanner.h"
#include "imageformat.h"
#include "metadatareader.h"
#include "futurewatch.h"
#include <QFile>
#include <QHash>
#include <QPointer>
#include <QRegularExpression>
#include <QtConcurrent>

namespace lookalike::ui {

FolderSurvey::FolderSurvey(QObject* parent) : QObject(parent) {}

FolderSurvey::~FolderSurvey()
{
    cancel();
    for (QFuture<Result>& f : m_futures)
        f.waitForFinished();
}

void FolderSurvey::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

bool FolderSurvey::looksLikePeople(const QStringList& firstLevelFolders, qint64 images,
                                   qint64 inSubfolders)
{
    if (firstLevelFolders.size() < 2 || images == 0 || inSubfolders < images * 7 / 10)
        return false;
    // Year, date or camera folders ("2019", "2021-06", "DCIM", "100CANON") are not people.
    static const QRegularExpression notAName(
        QStringLiteral("^(\\d[\\d _.-]*|dcim|\\d+[a-z]+|img|images|photos|pictures|camera)$"),
        QRegularExpression::CaseInsensitiveOption);
    const auto names =
        std::count_if(firstLevelFolders.begin(), firstLevelFolders.end(),
                      [](const QString& n) { return !notAName.match(n).hasMatch(); });
    return names * 10 >= firstLevelFolders.size() * 7;
}

FolderSurvey::Result FolderSurvey::run(const QString& folder, bool recursive,
                                       const std::atomic_bool* cancel,
                                       const std::function<void(qint64)>& progress)
{
    FolderScanner::Options options;
    options.recursive = recursive;
    options.cancel = cancel;
    options.progress = progress;
    const ScanResult scan = FolderScanner::scan(folder, options);
    Result r;
    r.folder = folder;
    r.recursive = recursive;
    r.images = qint64(scan.files.size());
    r.problems = qint64(scan.problems.size());
    r.cancelled = scan.cancelled;
    QHash<QString, qint64> perFolder;
    for (const ScannedFile& f : scan.files) {
        const QString label = FolderScanner::labelFor(folder, f.path);
        if (!label.isEmpty())
            ++perFolder[label];
    }
    for (qint64 n : perFolder)
        r.inSubfolders += n;
    r.rawTwins = scan.twins;
    for (const ScannedFile& f : scan.files) {
        r.heif += ImageFormat::isHeif(f.format) ? 1 : 0;
        r.raw += ImageFormat::isRaw(f.format) ? 1 : 0;
    }
    // Whether anyone named faces in these photos (digiKam, Lightroom, Windows): their sidecars
    // and embedded XMP, for the first photos only; reading a header is cheap, all of them is not.
    for (const ScannedFile& f : scan.files) {
        if (r.sampled >= 200 || (cancel && cancel->load()))
            break;
        ++r.sampled;
        QFile file(f.path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        QString ignored;
        const QByteArray head = ImageFormat::isHeif(f.format) || ImageFormat::isRaw(f.format)
                                    ? file.readAll()
                                    : file.read(256 * 1024);
        if (!MetadataReader::read(f.path, head, f.format, f.twin, QSize(1, 1), &ignored).empty())
            ++r.withNames;
    }
    r.subfolders = int(perFolder.size());
    r.looksLikePeople = looksLikePeople(perFolder.keys(), r.images, r.inSubfolders);
    return r;
}

void FolderSurvey::survey(const QString& folder, bool recursive)
{
    cancel();
    m_cancel = std::make_shared<std::atomic_bool>(false);
    const quint64 serial = ++m_serial;
    m_running = true;
    m_result = {};
    m_result.folder = folder;
    QPointer<FolderSurvey> self(this);
    auto progress = [self, serial](qint64 found) {
        QMetaObject::invokeMethod(
            self,
            [self, serial, found] {
                if (self && self->m_serial == serial)
                    emit self->counting(found);
            },
            Qt::QueuedConnection);
    };
    m_futures.removeIf([](const QFuture<Result>& f) { return f.isFinished(); });
    QFuture<Result> future = QtConcurrent::run([folder, recursive, cancel = m_cancel, progress] {
        return run(folder, recursive, cancel.get(), progress);
    });
    m_futures << future;
    whenFinished(future, this, [this, serial](const Result& result) {
        if (serial != m_serial)
            return;
        m_running = false;
        m_result = result;
        emit finished(result);
    });
}

} // namespace lookalike::ui
