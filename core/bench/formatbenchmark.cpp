#include "formatbenchmark.h"
#include "dngwriter.h"
#include "imageloader.h"
#include "indexer.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <cmath>

namespace lookalike {
namespace {

// The process's peak resident memory (VmHWM), in MiB; 0 when unknown.
double peakMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    return 0;
}

// Starts a new peak: the kernel forgets the process's earlier high-water mark.
void resetPeak()
{
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    if (clear.open(QIODevice::WriteOnly))
        clear.write("5");
}

QImage uprightPhoto(const QString& path)
{
    ImageLoader::Options options;
    options.workingMaxSide = 0;
    auto loaded = ImageLoader::load(path, options);
    return loaded ? loaded->image : QImage();
}

Expected<QJsonObject> indexSet(const ModelRegistry& registry, const QString& folder,
                               const QString& db, int threads)
{
    Indexer::Options options;
    options.threads = threads;
    auto summary = Indexer(registry).run(db, folder, options);
    if (!summary)
        return Error{summary.error()};
    return QJsonObject{{QStringLiteral("photos"), summary->imagesIndexed},
                       {QStringLiteral("failed"), summary->imagesFailed},
                       {QStringLiteral("faces"), summary->faces},
                       {QStringLiteral("seconds"), summary->seconds},
                       {QStringLiteral("photos_per_second"),
                        summary->seconds > 0 ? summary->imagesIndexed / summary->seconds : 0.0}};
}

} // namespace

Expected<QJsonObject> FormatBenchmark::indexing(const ModelRegistry& registry,
                                                const QString& folder, const QString& workDir,
                                                int limit, int threads)
{
    QStringList jpegs;
    QDirIterator it(folder,
                    {QStringLiteral("*.jpg"), QStringLiteral("*.jpeg"), QStringLiteral("*.JPG")},
                    QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        jpegs << it.next();
    jpegs.sort();
    jpegs = jpegs.mid(0, limit);
    if (jpegs.isEmpty())
        return Error{QStringLiteral("no JPEG photos in %1").arg(folder)};
    const QStringList sets{QStringLiteral("jpeg"), QStringLiteral("heic"),
                           QStringLiteral("raw-preview"), QStringLiteral("raw-sensor")};
    for (const QString& set : sets)
        QDir().mkpath(workDir + u'/' + set);
    for (int i = 0; i < jpegs.size(); ++i) {
        const QString name = QStringLiteral("%1").arg(i, 4, 10, QLatin1Char('0'));
        QFile::copy(jpegs[i], QStringLiteral("%1/jpeg/%2.jpg").arg(workDir, name));
        QProcess enc;
        enc.start(QStringLiteral("heif-enc"),
                  {QStringLiteral("-q"), QStringLiteral("60"), jpegs[i], QStringLiteral("-o"),
                   QStringLiteral("%1/heic/%2.heic").arg(workDir, name)});
        if (!enc.waitForFinished(600000) || enc.exitCode() != 0)
            return Error{
                QStringLiteral("heif-enc failed on %1 (bash packaging/setup.sh deps installs it)")
                    .arg(jpegs[i])};
        const QImage photo = uprightPhoto(jpegs[i]);
        DngWriter::Options dng;
        dng.previewMaxSide = std::max(photo.width(), photo.height()) < 1024 ? 1024 : 0;
        if (Status s = DngWriter::write(
                photo, QStringLiteral("%1/raw-preview/%2.dng").arg(workDir, name), dng);
            !s)
            return Error{s.error()};
        dng.preview = DngWriter::Preview::None;
        if (Status s = DngWriter::write(
                photo, QStringLiteral("%1/raw-sensor/%2.dng").arg(workDir, name), dng);
            !s)
            return Error{s.error()};
    }
    QJsonObject out{{QStringLiteral("benchmark"), QStringLiteral("formats")},
                    {QStringLiteral("folder"), folder},
                    {QStringLiteral("threads"), threads}};
    for (const QString& set : sets) {
        auto result = indexSet(registry, workDir + u'/' + set,
                               workDir + u'/' + set + QStringLiteral(".db"), threads);
        if (!result)
            return Error{result.error()};
        out.insert(set, *result);
    }
    return out;
}

Expected<QJsonObject> FormatBenchmark::rawMemory(const QString& photo, const QString& workDir,
                                                 double megapixels)
{
    const QImage upright = uprightPhoto(photo);
    if (upright.isNull())
        return Error{QStringLiteral("cannot read %1").arg(photo)};
    const double aspect = double(upright.width()) / upright.height();
    const int height = int(std::lround(std::sqrt(megapixels * 1e6 / aspect))) & ~1;
    const int width = int(std::lround(height * aspect)) & ~1;
    DngWriter::Options options;
    options.preview = DngWriter::Preview::None; // the sensor path: the one that allocates most
    options.sensorSize = QSize(width, height);
    const QString path = workDir + QStringLiteral("/big.dng");
    if (Status s = DngWriter::write(upright, path, options); !s)
        return Error{s.error()};
    const double before = peakMiB();
    resetPeak();
    const double baseline = peakMiB();
    QElapsedTimer clock;
    clock.start();
    auto loaded = ImageLoader::load(path);
    const double seconds = clock.elapsed() / 1000.0;
    if (!loaded)
        return Error{loaded.error()};
    const double peak = peakMiB();
    return QJsonObject{
        {QStringLiteral("benchmark"), QStringLiteral("raw-memory")},
        {QStringLiteral("sensor"), QStringLiteral("%1x%2").arg(width).arg(height)},
        {QStringLiteral("megapixels"), width * double(height) / 1e6},
        {QStringLiteral("file_mib"), QFileInfo(path).size() / 1048576.0},
        {QStringLiteral("decoded"),
         QStringLiteral("%1x%2").arg(loaded->fullSize.width()).arg(loaded->fullSize.height())},
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("peak_rss_mib"), peak},
        {QStringLiteral("peak_rss_before_mib"), before},
        {QStringLiteral("decode_peak_above_baseline_mib"), peak - baseline}};
}

} // namespace lookalike
