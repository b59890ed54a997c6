#include "verificationbenchmark.h"

#include "imageloader.h"
#include "modelregistry.h"
#include "threadbudget.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTextStream>
#include <QThreadPool>
#include <QtConcurrent>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>

Q_LOGGING_CATEGORY(lcBenchmark, "lookalike.core.benchmark", QtInfoMsg)

namespace lookalike {

namespace {

// Where the face is in an LFW photo when the detector finds none: LFW photos are centred on
// the face, whose detector box is about 0.53 of the photo high (relative 0..1, measured on
// pairsDevTrain photos).
const QRectF kCentreSquare(0.235, 0.235, 0.53, 0.53);

struct PhotoResult {
    std::vector<float> embedding; // empty on failure
    bool fallback = false;
};

struct RunState {
    std::vector<QString> photos;
    std::vector<PhotoResult> results;
    std::atomic<int> next{0};
    std::atomic<int> done{0};
    std::atomic<qint64> nanoseconds{0};
};

PhotoResult embedPhoto(FacePipeline& pipeline, const QString& path)
{
    const Expected<LoadedImage> loaded = ImageLoader::load(path);
    if (!loaded) {
        qCWarning(lcBenchmark) << loaded.error();
        return {};
    }
    const Expected<std::vector<DetectedFace>> faces = pipeline.process(*loaded);
    if (faces) // the largest detection the face gate keeps, as an import would
        for (const DetectedFace& face : *faces)
            if (!face.notFace)
                return {face.embedding, false};
    const Expected<DetectedFace> centre = pipeline.describeRegion(*loaded, kCentreSquare);
    if (!centre) {
        qCWarning(lcBenchmark) << path << centre.error();
        return {};
    }
    return {centre->embedding, true};
}

Status embedAll(const ModelRegistry& registry, const VerificationBenchmark::Options& options,
                RunState& state)
{
    auto pipeline = FacePipeline::create(registry, options.pipeline);
    if (!pipeline)
        return Error{pipeline.error()};
    const int total = int(state.photos.size());
    for (int i = state.next++; i < total; i = state.next++) {
        QElapsedTimer timer;
        timer.start();
        state.results[size_t(i)] = embedPhoto(**pipeline, state.photos[size_t(i)]);
        state.nanoseconds += timer.nsecsElapsed();
        const int done = ++state.done;
        if (options.progress)
            options.progress(done, total);
    }
    return success();
}

Status embedInParallel(const ModelRegistry& registry, const VerificationBenchmark::Options& options,
                       RunState& state)
{
    QThreadPool pool;
    pool.setMaxThreadCount(std::max(1, options.threads));
    QList<QFuture<Status>> workers;
    for (int t = 0; t < pool.maxThreadCount(); ++t)
        workers << QtConcurrent::run(&pool, [&] { return embedAll(registry, options, state); });
    for (QFuture<Status>& worker : workers) {
        const Status status = worker.result();
        if (!status)
            return status;
    }
    return success();
}

float cosine(const std::vector<float>& a, const std::vector<float>& b)
{
    if (a.empty() || a.size() != b.size())
        return -1.f;
    return std::inner_product(a.begin(), a.end(), b.begin(), 0.f);
}

double meanOf(const std::vector<double>& values)
{
    return values.empty() ? 0.0
                          : std::accumulate(values.begin(), values.end(), 0.0) / values.size();
}

double stdDevOf(const std::vector<double>& values)
{
    const double mean = meanOf(values);
    double sum = 0.0;
    for (double v : values)
        sum += (v - mean) * (v - mean);
    return values.empty() ? 0.0 : std::sqrt(sum / values.size());
}

// Fold of each pair: the same pairs and the different pairs are each cut into `folds`
// contiguous runs.
std::vector<int> foldsOf(const std::vector<VerificationBenchmark::Pair>& pairs, int folds)
{
    const auto sameCount =
        std::count_if(pairs.begin(), pairs.end(), [](auto& p) { return p.same; });
    const qint64 counts[2] = {qint64(pairs.size()) - sameCount, sameCount};
    qint64 seen[2] = {0, 0};
    std::vector<int> fold;
    for (const auto& pair : pairs) {
        const int kind = pair.same ? 1 : 0;
        fold.push_back(int(seen[kind]++ * folds / std::max<qint64>(counts[kind], 1)));
    }
    return fold;
}

} // namespace

Expected<std::vector<VerificationBenchmark::Pair>>
VerificationBenchmark::readPairs(const QString& pairsFile, const QString& imagesDir)
{
    QFile file(pairsFile);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return Error{
            QStringLiteral("cannot read the pair list %1: %2").arg(pairsFile, file.errorString())};
    const QDir dir(imagesDir);
    const auto photo = [&](const QString& name, const QString& number) {
        return dir.filePath(
            QStringLiteral("%1/%1_%2.jpg").arg(name).arg(number.toInt(), 4, 10, QLatin1Char('0')));
    };
    QTextStream in(&file);
    in.readLine();
    std::vector<Pair> pairs;
    static const QRegularExpression space(QStringLiteral("\\s+"));
    while (!in.atEnd()) {
        const QStringList f = in.readLine().split(space, Qt::SkipEmptyParts);
        if (f.size() == 3)
            pairs.push_back({photo(f[0], f[1]), photo(f[0], f[2]), true});
        else if (f.size() == 4)
            pairs.push_back({photo(f[0], f[1]), photo(f[2], f[3]), false});
    }
    if (pairs.empty())
        return Error{QStringLiteral("the pair list %1 has no pairs").arg(pairsFile)};
    return pairs;
}

double VerificationBenchmark::bestThreshold(const std::vector<float>& similarity,
                                            const std::vector<bool>& same)
{
    std::vector<size_t> order(similarity.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return similarity[a] < similarity[b]; });
    // Threshold below order[k]: order[0..k) are called different, the rest same.
    qint64 correct = std::count(same.begin(), same.end(), true);
    qint64 best = correct;
    size_t bestK = 0;
    for (size_t k = 1; k <= order.size(); ++k) {
        correct += same[order[k - 1]] ? -1 : 1;
        if (correct > best) {
            best = correct;
            bestK = k;
        }
    }
    if (order.empty())
        return 0.0;
    if (bestK == 0)
        return similarity[order.front()] - 1e-3;
    if (bestK == order.size())
        return similarity[order.back()] + 1e-3;
    return (double(similarity[order[bestK - 1]]) + similarity[order[bestK]]) / 2;
}

VerificationBenchmark::Report
VerificationBenchmark::crossValidate(const std::vector<Pair>& pairs,
                                     const std::vector<float>& similarity, int folds)
{
    const std::vector<int> fold = foldsOf(pairs, folds);
    Report report;
    std::vector<double> thresholds;
    for (int f = 0; f < folds; ++f) {
        std::vector<float> trainSimilarity;
        std::vector<bool> trainSame;
        for (size_t i = 0; i < pairs.size(); ++i) {
            if (fold[i] != f) {
                trainSimilarity.push_back(similarity[i]);
                trainSame.push_back(pairs[i].same);
            }
        }
        const double threshold = bestThreshold(trainSimilarity, trainSame);
        int tested = 0, right = 0;
        for (size_t i = 0; i < pairs.size(); ++i) {
            if (fold[i] == f) {
                ++tested;
                right += (similarity[i] >= threshold) == pairs[i].same;
            }
        }
        thresholds.push_back(threshold);
        report.foldAccuracies.push_back(tested ? double(right) / tested : 0.0);
    }
    report.accuracy = meanOf(report.foldAccuracies);
    report.accuracyStdDev = stdDevOf(report.foldAccuracies);
    report.threshold = meanOf(thresholds);
    report.pairs = int(pairs.size());
    return report;
}

Expected<VerificationBenchmark::Report> VerificationBenchmark::run(const ModelRegistry& registry,
                                                                   const QString& lfwDir,
                                                                   const QString& pairsFile,
                                                                   const Options& options)
{
    QElapsedTimer wall;
    wall.start();
    const QString list =
        pairsFile.isEmpty() ? lfwDir + QStringLiteral("/pairsDevTrain.txt") : pairsFile;
    const auto pairs = readPairs(list, lfwDir + QStringLiteral("/images"));
    if (!pairs)
        return Error{pairs.error()};
    RunState state;
    QHash<QString, int> index;
    for (const Pair& pair : *pairs) {
        for (const QString& path : {pair.first, pair.second}) {
            if (!index.contains(path)) {
                index.insert(path, int(state.photos.size()));
                state.photos.push_back(path);
            }
        }
    }
    state.results.resize(state.photos.size());
    ThreadBudget::forWorkers(std::max(1, options.threads));
    const Status embedded = embedInParallel(registry, options, state);
    if (!embedded)
        return Error{embedded.error()};
    std::vector<float> similarity;
    for (const Pair& pair : *pairs)
        similarity.push_back(cosine(state.results[size_t(index.value(pair.first))].embedding,
                                    state.results[size_t(index.value(pair.second))].embedding));
    Report report = crossValidate(*pairs, similarity, std::max(2, options.folds));
    report.images = int(state.photos.size());
    for (const PhotoResult& r : state.results) {
        report.fallbacks += r.fallback;
        report.failures += r.embedding.empty();
    }
    report.msPerImage = state.nanoseconds / 1e6 / std::max(report.images, 1);
    report.seconds = wall.nsecsElapsed() / 1e9;
    return report;
}

} // namespace lookalike
