#include "objectbenchmark.h"

#include "imageloader.h"
#include "localfeatureextractor.h"
#include "modelregistry.h"
#include "objectcodebook.h"
#include "objectphotos.h"
#include "objectsearch.h"
#include "vectorindex.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QTextStream>
#include <algorithm>
#include <cmath>
#include <ctime>
#include <random>

namespace lookalike {

namespace {

struct Query {
    QString path;
    int reference = -1; // row of its reference in the library
};

struct Library {
    std::vector<qint64> ids;
    std::vector<float> vlads;       // ids.size() * dimension
    std::vector<QByteArray> stored; // serialised keypoints per row (what a library keeps)
    qint64 keypoints = 0;
};

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[size_t(p * double(v.size() - 1) + 0.5)];
}

Expected<std::vector<std::pair<QString, QString>>> readQueries(const QString& smvs)
{
    QFile file(QDir(smvs).filePath(QStringLiteral("queries.tsv")));
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString())};
    std::vector<std::pair<QString, QString>> pairs;
    QTextStream in(&file);
    in.readLine(); // header: query, reference
    while (!in.atEnd()) {
        const QStringList cells = in.readLine().split(QLatin1Char('\t'));
        if (cells.size() == 2)
            pairs.emplace_back(QDir(smvs).filePath(cells[0]), QDir(smvs).filePath(cells[1]));
    }
    return pairs;
}

// Filler rows: each a real row's VLAD plus Gaussian noise, renormalised, with that row's
// keypoints. Deterministic.
void addFiller(Library& lib, qint64 total, int dimension)
{
    const qint64 real = qint64(lib.ids.size());
    std::mt19937 rng(7);
    std::normal_distribution<float> noise(0.f, 0.6f / std::sqrt(float(dimension)));
    lib.vlads.reserve(size_t(total) * dimension);
    for (qint64 i = real; i < total; ++i) {
        const qint64 source = i % real;
        double norm = 0;
        std::vector<float> v(lib.vlads.begin() + source * dimension,
                             lib.vlads.begin() + (source + 1) * dimension);
        for (float& x : v) {
            x += noise(rng);
            norm += double(x) * x;
        }
        for (float& x : v)
            x = float(x / std::sqrt(norm));
        lib.vlads.insert(lib.vlads.end(), v.begin(), v.end());
        lib.ids.push_back(i);
        lib.stored.push_back(lib.stored[size_t(source)]);
    }
}

struct RunFigures {
    double precisionAt1 = 0;       // after the re-rank
    double vladPrecisionAt1 = 0;   // VLAD order alone
    double recallAtCandidates = 0; // reference among the re-ranked candidates
    double sameObjectRate = 0;     // queries whose top hit passed the geometric check
    double wrongVerifiedRate = 0;  // ... and was not the query's cover
    std::vector<double> totalMs, describeMs, searchMs, loadMs, rerankMs;
    std::vector<double> cpuMs; // CPU time of the whole process per query, all threads
};

QJsonObject figuresJson(const RunFigures& f, qint64 photos)
{
    return QJsonObject{{QStringLiteral("library_photos"), photos},
                       {QStringLiteral("precision_at_1"), f.precisionAt1},
                       {QStringLiteral("vlad_precision_at_1"), f.vladPrecisionAt1},
                       {QStringLiteral("recall_at_candidates"), f.recallAtCandidates},
                       {QStringLiteral("top_hit_verified"), f.sameObjectRate},
                       {QStringLiteral("top_hit_verified_but_wrong"), f.wrongVerifiedRate},
                       {QStringLiteral("query_ms_median"), percentile(f.totalMs, 0.5)},
                       {QStringLiteral("query_ms_p95"), percentile(f.totalMs, 0.95)},
                       {QStringLiteral("query_cpu_ms_median"), percentile(f.cpuMs, 0.5)},
                       {QStringLiteral("describe_ms_median"), percentile(f.describeMs, 0.5)},
                       {QStringLiteral("search_ms_median"), percentile(f.searchMs, 0.5)},
                       {QStringLiteral("load_keypoints_ms_median"), percentile(f.loadMs, 0.5)},
                       {QStringLiteral("rerank_ms_median"), percentile(f.rerankMs, 0.5)}};
}

// Every query decoded, described and searched as a dropped photo would be; times are wall
// clock per query (decode excluded: the app has the photo decoded already).
Expected<RunFigures> runQueries(const Library& lib, int dimension,
                                const std::vector<Query>& queries, LocalFeatureExtractor& extractor,
                                const ObjectSearch::Options& searchOptions,
                                const std::atomic_bool* cancel)
{
    VectorIndex::Meta meta;
    meta.model = QStringLiteral("object-vlad");
    meta.dimension = dimension;
    meta.factory = QStringLiteral("Flat");
    auto index = VectorIndex::build(lib.vlads.data(), lib.ids.data(), qint64(lib.ids.size()), meta);
    if (!index)
        return Error{index.error()};
    const ObjectSearch::FeatureLoader loader = [&lib](const std::vector<qint64>& ids) {
        std::vector<std::optional<LocalFeatures>> out;
        for (qint64 id : ids) {
            auto f = LocalFeatures::deserialize(lib.stored[size_t(id)]);
            out.push_back(f ? std::optional<LocalFeatures>(std::move(*f)) : std::nullopt);
        }
        return out;
    };
    const ObjectSearch search(**index, loader, searchOptions);
    RunFigures f;
    int correct = 0, vladCorrect = 0, recalled = 0, verified = 0, wrongVerified = 0, asked = 0;
    for (const Query& q : queries) {
        if (cancel && *cancel)
            return Error{QStringLiteral("cancelled")};
        auto photo = ImageLoader::load(q.path);
        if (!photo)
            return Error{photo.error()};
        QElapsedTimer clock;
        clock.start();
        const std::clock_t cpu = std::clock();
        auto described = extractor.describe(photo->image, true);
        if (!described)
            return Error{described.error()};
        const double describeMs = clock.nsecsElapsed() / 1e6;
        ObjectSearch::Timing timing;
        const auto hits = search.search(*described, searchOptions.candidates, &timing);
        f.totalMs.push_back(clock.nsecsElapsed() / 1e6);
        f.cpuMs.push_back(double(std::clock() - cpu) * 1000.0 / CLOCKS_PER_SEC);
        f.describeMs.push_back(describeMs);
        f.searchMs.push_back(timing.searchMs);
        f.loadMs.push_back(timing.loadMs);
        f.rerankMs.push_back(timing.rerankMs);
        ++asked;
        if (!hits.empty() && hits.front().id == q.reference)
            ++correct;
        if (!hits.empty() && hits.front().sameObject) {
            ++verified;
            wrongVerified += hits.front().id != q.reference ? 1 : 0;
        }
        const auto best =
            std::max_element(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
                return a.similarity < b.similarity;
            });
        if (best != hits.end() && best->id == q.reference)
            ++vladCorrect;
        recalled += std::any_of(hits.begin(), hits.end(),
                                [&](const auto& h) { return h.id == q.reference; });
    }
    const double n = std::max(1, asked);
    f.precisionAt1 = correct / n;
    f.vladPrecisionAt1 = vladCorrect / n;
    f.recallAtCandidates = recalled / n;
    f.sameObjectRate = verified / n;
    f.wrongVerifiedRate = wrongVerified / n;
    return f;
}

} // namespace

Expected<QJsonObject> ObjectBenchmark::run(const ModelRegistry& registry, const Options& options,
                                           const std::atomic_bool* cancel)
{
    const QString id = registry.idForTask(QStringLiteral("object-codebook"));
    auto spec = registry.model(id);
    if (!spec)
        return Error{spec.error()};
    auto codebook = ObjectCodebook::load(spec->path);
    if (!codebook)
        return Error{codebook.error()};
    const LocalFeatureExtractor::Options extractOptions = LocalFeatureExtractor::optionsFrom(*spec);
    ObjectSearch::Options searchOptions;
    searchOptions.matcher = ObjectMatcher::optionsFrom(*spec);
    searchOptions.candidates = options.candidates >= 0
                                   ? options.candidates
                                   : int(spec->threshold(QStringLiteral("candidates"), 50));

    auto pairs = readQueries(options.smvs);
    if (!pairs)
        return Error{pairs.error()};
    // The library: the references first, then the distractors.
    QStringList paths;
    QHash<QString, int> row;
    for (const auto& [query, reference] : *pairs) {
        if (!row.contains(reference)) {
            row.insert(reference, int(paths.size()));
            paths << reference;
        }
    }
    const int references = int(paths.size());
    QStringList distractors;
    for (const QString& folder : options.distractors)
        distractors << ObjectPhotos::list(folder);
    if (options.distractorLimit > 0 && distractors.size() > options.distractorLimit) {
        QStringList chosen;
        for (int i = 0; i < options.distractorLimit; ++i)
            chosen << distractors.at(int(qint64(i) * distractors.size() / options.distractorLimit));
        distractors = chosen;
    }
    paths << distractors;

    QElapsedTimer clock;
    clock.start();
    QStringList errors;
    const auto described =
        ObjectPhotos::describe(paths, *codebook, extractOptions, false, &errors, cancel);
    if (cancel && *cancel)
        return Error{QStringLiteral("cancelled")};
    const double describeSeconds = clock.nsecsElapsed() / 1e9;
    Library lib;
    const int dimension = codebook->vladDimension();
    qint64 storedBytes = 0;
    for (size_t i = 0; i < described.size(); ++i) {
        const ObjectDescriptor d = described[i].value_or(ObjectDescriptor{});
        lib.ids.push_back(qint64(i));
        if (d.vlad.size() == size_t(dimension))
            lib.vlads.insert(lib.vlads.end(), d.vlad.begin(), d.vlad.end());
        else
            lib.vlads.insert(lib.vlads.end(), size_t(dimension), 0.f);
        lib.stored.push_back(d.keypoints.serialize());
        lib.keypoints += d.keypoints.size();
        storedBytes += lib.stored.back().size();
    }
    std::vector<Query> queries;
    for (const auto& [query, reference] : *pairs)
        queries.push_back({query, row.value(reference)});
    if (options.queryLimit > 0 && int(queries.size()) > options.queryLimit) {
        std::vector<Query> chosen;
        for (int i = 0; i < options.queryLimit; ++i)
            chosen.push_back(
                queries[size_t(qint64(i) * qint64(queries.size()) / options.queryLimit)]);
        queries = chosen;
    }

    LocalFeatureExtractor extractor(*codebook, extractOptions);
    auto real = runQueries(lib, dimension, queries, extractor, searchOptions, cancel);
    if (!real)
        return Error{real.error()};
    QJsonObject out{
        {QStringLiteral("benchmark"), QStringLiteral("objects")},
        {QStringLiteral("queries"), int(queries.size())},
        {QStringLiteral("references"), references},
        {QStringLiteral("distractors"), int(distractors.size())},
        {QStringLiteral("failed_photos"), int(errors.size())},
        {QStringLiteral("candidates"), searchOptions.candidates},
        {QStringLiteral("min_inliers"), searchOptions.matcher.minInliers},
        {QStringLiteral("vlad_dimension"), dimension},
        {QStringLiteral("describe_photos_per_second"),
         double(paths.size()) / std::max(describeSeconds, 1e-9)},
        {QStringLiteral("stored_keypoints_per_photo"),
         double(lib.keypoints) / std::max<qint64>(1, qint64(paths.size()))},
        {QStringLiteral("stored_bytes_per_photo"),
         double(storedBytes) / std::max<qint64>(1, qint64(paths.size())) + dimension * 4.0},
        {QStringLiteral("real"), figuresJson(*real, qint64(lib.ids.size()))}};
    if (options.scale > qint64(lib.ids.size())) {
        addFiller(lib, options.scale, dimension);
        auto scaled = runQueries(lib, dimension, queries, extractor, searchOptions, cancel);
        if (!scaled)
            return Error{scaled.error()};
        out.insert(QStringLiteral("scaled"), figuresJson(*scaled, options.scale));
    }
    return out;
}

} // namespace lookalike
