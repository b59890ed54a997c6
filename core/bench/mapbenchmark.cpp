#include "mapbenchmark.h"
#include "benchmarks.h"

#include "library.h"
#include "maplayout.h"
#include "mapquality.h"
#include "photodescriber.h"
#include "syntheticvectors.h"

#include <QElapsedTimer>
#include <thread>

namespace lookalike {
namespace {

// Lays out n vectors (n * d, unit L2) and measures the map against PCA.
QJsonObject layoutJson(const float* data, qint64 n, int d, int threads, int sample)
{
    MapLayout::Stats stats;
    MapLayout::Options options;
    options.threads = threads;
    options.stats = &stats;
    QElapsedTimer clock;
    clock.start();
    const double cpuBefore = processCpuSeconds();
    auto positions = MapLayout::compute(data, n, d, options);
    const double seconds = clock.elapsed() / 1000.0;
    const double cpu = processCpuSeconds() - cpuBefore;
    if (!positions)
        return QJsonObject{{QStringLiteral("error"), positions.error()}};
    auto pca = MapLayout::principalComponents(data, n, d, options.seed);
    const std::vector<qint64> rows = sampleRows(n, sample, 7);
    const int k = 10;
    QJsonObject quality{
        {QStringLiteral("k"), k},
        {QStringLiteral("sample"), qint64(rows.size())},
        {QStringLiteral("map"),
         MapQuality::neighbourPreservation(data, positions->data(), n, d, k, rows)},
        {QStringLiteral("pca"),
         pca ? MapQuality::neighbourPreservation(data, pca->data(), n, d, k, rows) : -1.0}};
    return QJsonObject{
        {QStringLiteral("dimension"), d},
        {QStringLiteral("threads"),
         threads > 0 ? threads : int(std::thread::hardware_concurrency())},
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("cpu_seconds"), cpu},
        {QStringLiteral("neighbour_seconds"), stats.neighbourSeconds},
        {QStringLiteral("graph_seconds"), stats.graphSeconds},
        {QStringLiteral("init_seconds"), stats.initSeconds},
        {QStringLiteral("optimise_seconds"), stats.optimiseSeconds},
        {QStringLiteral("edges"), stats.edges},
        {QStringLiteral("epochs"), stats.epochs},
        {QStringLiteral("neighbours_kept_at_10"), quality},
    };
}

} // namespace

QJsonObject benchMapJson(qint64 n, int threads, int sample)
{
    SyntheticSpec spec;
    spec.count = n;
    const SyntheticVectors v = makeSyntheticVectors(spec);
    QJsonObject out = layoutJson(v.data.data(), n, v.dimension, threads, sample);
    out.insert(QStringLiteral("faces"), n);
    return out;
}

QJsonObject benchPhotoMapJson(const QString& libraryPath, int threads, int sample)
{
    auto library = Library::open(libraryPath, Library::Mode::ReadOnly);
    if (!library)
        return QJsonObject{{QStringLiteral("error"), library.error()}};
    auto looks = (*library)->vectors(QString::fromLatin1(PhotoDescriber::kLookModel));
    if (!looks || looks->ids.empty())
        return QJsonObject{{QStringLiteral("error"),
                            looks ? QStringLiteral("the library has no photos") : looks.error()}};
    const qint64 n = qint64(looks->ids.size());
    QJsonObject out = layoutJson(looks->data.data(), n, looks->dimension, threads, sample);
    out.insert(QStringLiteral("photos"), n);
    return out;
}

} // namespace lookalike
