#include "mapbenchmark.h"
#include "benchmarks.h"

#include "maplayout.h"
#include "mapquality.h"
#include "syntheticvectors.h"

#include <QElapsedTimer>
#include <thread>

namespace lookalike {
namespace {

} // namespace

QJsonObject benchMapJson(qint64 n, int threads, int sample)
{
    SyntheticSpec spec;
    spec.count = n;
    const SyntheticVectors v = makeSyntheticVectors(spec);
    MapLayout::Stats stats;
    MapLayout::Options options;
    options.threads = threads;
    options.stats = &stats;
    QElapsedTimer clock;
    clock.start();
    const double cpuBefore = processCpuSeconds();
    auto positions = MapLayout::compute(v.data.data(), n, v.dimension, options);
    const double seconds = clock.elapsed() / 1000.0;
    const double cpu = processCpuSeconds() - cpuBefore;
    if (!positions)
        return QJsonObject{{QStringLiteral("error"), positions.error()}};
    auto pca = MapLayout::principalComponents(v.data.data(), n, v.dimension, options.seed);
    const std::vector<qint64> rows = sampleRows(n, sample, 7);
    const int k = 10;
    QJsonObject quality{
        {QStringLiteral("k"), k},
        {QStringLiteral("sample"), qint64(rows.size())},
        {QStringLiteral("map"), MapQuality::neighbourPreservation(v.data.data(), positions->data(),
                                                                  n, v.dimension, k, rows)},
        {QStringLiteral("pca"), pca ? MapQuality::neighbourPreservation(v.data.data(), pca->data(),
                                                                        n, v.dimension, k, rows)
                                    : -1.0}};
    return QJsonObject{
        {QStringLiteral("faces"), n},
        {QStringLiteral("dimension"), v.dimension},
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

} // namespace lookalike
