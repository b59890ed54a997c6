#include "objectbenchmark.h"

#include "benchmarks.h"
#include "imageloader.h"
#include "library.h"
#include "objectindex.h"
#include "objectmodel.h"
#include "objectstore.h"
#include "photodescriber.h"
#include "localfeatureextractor.h"
#include "modelregistry.h"
#include "objectcodebook.h"
#include "objectphotos.h"
#include "objectsearch.h"
#include "vectorindex.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QTextStream>
#include <algorithm>
#include <cmath>
#include <ctime>
#include <numeric>
#include <random>
#include <time.h>

namespace lookalike {

namespace {

struct Query {
    QString path;
    int reference = -1; // row of its reference in the library
};

struct BenchLibrary {
    std::vector<qint64> ids;
    std::vector<float> vlads;       // ids.size() * dimension
    std::vector<QByteArray> stored; // serialised keypoints per row (what a library keeps)
    qint64 keypoints = 0;
};

double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

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
void addFiller(BenchLibrary& lib, qint64 total, int dimension)
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
Expected<RunFigures> runSearch(const VectorIndex& index, const ObjectSearch::FeatureLoader& loader,
                               const std::vector<Query>& queries, const std::vector<qint64>& rowIds,
                               LocalFeatureExtractor& extractor,
                               const ObjectSearch::Options& searchOptions,
                               const std::atomic_bool* cancel);

Expected<RunFigures> runQueries(const BenchLibrary& lib, int dimension,
                                const std::vector<Query>& queries, LocalFeatureExtractor& extractor,
                                const ObjectSearch::Options& searchOptions, const QString& factory,
                                const std::atomic_bool* cancel)
{
    VectorIndex::Meta meta;
    meta.model = QStringLiteral("object-vlad");
    meta.dimension = dimension;
    meta.factory = factory;
    auto index = VectorIndex::create(meta, lib.vlads.data(),
                                     std::min<qint64>(qint64(lib.ids.size()), ObjectIndex::kTrainRows));
    if (!index)
        return Error{index.error()};
    if (Status s = (*index)->add(lib.vlads.data(), lib.ids.data(), qint64(lib.ids.size())); !s)
        return Error{s.error()};
    const ObjectSearch::FeatureLoader loader = [&lib](const std::vector<qint64>& ids) {
        std::vector<std::optional<LocalFeatures>> out;
        for (qint64 id : ids) {
            auto f = LocalFeatures::deserialize(lib.stored[size_t(id)]);
            out.push_back(f ? std::optional<LocalFeatures>(std::move(*f)) : std::nullopt);
        }
        return out;
    };
    std::vector<qint64> rowIds(lib.ids.begin(), lib.ids.end());
    return runSearch(**index, loader, queries, rowIds, extractor, searchOptions, cancel);
}

// Queries against `index`; a hit's id is the library row rowIds[row] of its reference.
Expected<RunFigures> runSearch(const VectorIndex& index, const ObjectSearch::FeatureLoader& loader,
                               const std::vector<Query>& queries, const std::vector<qint64>& rowIds,
                               LocalFeatureExtractor& extractor,
                               const ObjectSearch::Options& searchOptions,
                               const std::atomic_bool* cancel)
{
    const ObjectSearch search(index, loader, searchOptions);
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
        const qint64 reference = rowIds[size_t(q.reference)];
        if (!hits.empty() && hits.front().id == reference)
            ++correct;
        if (!hits.empty() && hits.front().sameObject) {
            ++verified;
            wrongVerified += hits.front().id != reference ? 1 : 0;
        }
        const auto best =
            std::max_element(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
                return a.similarity < b.similarity;
            });
        if (best != hits.end() && best->id == reference)
            ++vladCorrect;
        recalled += std::any_of(hits.begin(), hits.end(),
                                [&](const auto& h) { return h.id == reference; });
    }
    const double n = std::max(1, asked);
    f.precisionAt1 = correct / n;
    f.vladPrecisionAt1 = vladCorrect / n;
    f.recallAtCandidates = recalled / n;
    f.sameObjectRate = verified / n;
    f.wrongVerifiedRate = wrongVerified / n;
    return f;
}

// The object pass as the indexer runs it, on this thread: each photo decoded as the indexer
// decodes it (not timed), then LocalFeatureExtractor::describe (stored keypoints only) and,
// for comparison, PhotoDescriber::describe timed on the thread's CPU clock and the wall clock.
QJsonObject passCost(const QStringList& paths, int sample, LocalFeatureExtractor& extractor)
{
    std::vector<double> objectCpu, objectWall, photoCpu, decodeWall;
    const int n = std::min<int>(sample, int(paths.size()));
    for (int i = 0; i < n; ++i) {
        const QString& path = paths.at(int(qint64(i) * paths.size() / n));
        QElapsedTimer wall;
        wall.start();
        auto image = ImageLoader::load(path, ImageLoader::Options{});
        if (!image)
            continue;
        decodeWall.push_back(wall.nsecsElapsed() / 1e6);
        double cpu = threadCpuMs();
        wall.restart();
        auto object = extractor.describe(image->image);
        objectWall.push_back(wall.nsecsElapsed() / 1e6);
        objectCpu.push_back(threadCpuMs() - cpu);
        cpu = threadCpuMs();
        auto photo = PhotoDescriber::describe(image->image);
        photoCpu.push_back(threadCpuMs() - cpu);
        Q_UNUSED(object);
        Q_UNUSED(photo);
    }
    const auto mean = [](const std::vector<double>& v) {
        return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
    };
    return QJsonObject{{QStringLiteral("photos"), int(objectCpu.size())},
                       {QStringLiteral("object_cpu_ms_median"), percentile(objectCpu, 0.5)},
                       {QStringLiteral("object_cpu_ms_mean"), mean(objectCpu)},
                       {QStringLiteral("object_cpu_ms_p95"), percentile(objectCpu, 0.95)},
                       {QStringLiteral("object_wall_ms_median"), percentile(objectWall, 0.5)},
                       {QStringLiteral("photo_pass_cpu_ms_median"), percentile(photoCpu, 0.5)},
                       {QStringLiteral("decode_wall_ms_median"), percentile(decodeWall, 0.5)}};
}

// A library file of lib.ids.size() photos, each with its (synthetic) object descriptor and
// empty photo descriptors, written once: rows i of `lib` become images i + 1.
Status writeLibrary(const QString& path, const BenchLibrary& lib, int dimension)
{
    auto library = lookalike::Library::open(path, lookalike::Library::Mode::OpenOrCreate);
    if (!library)
        return Error{library.error()};
    auto root = (*library)->ensureRoot(QStringLiteral("/synthetic"), false, true);
    if (!root)
        return Error{root.error()};
    std::vector<ImageResult> batch;
    PhotoDescriptor photo;
    photo.windows.assign(size_t(PhotoDescriptor::kWindows * PhotoDescriptor::kHashBytes), 0);
    photo.thumbnail.assign(size_t(PhotoDescriptor::kThumbSide * PhotoDescriptor::kThumbSide), 0);
    photo.look.assign(size_t(PhotoDescriptor::kLookDimension), 0.f);
    for (size_t i = 0; i < lib.ids.size(); ++i) {
        ImageResult r;
        r.path = QStringLiteral("/synthetic/%1.jpg").arg(i + 1, 7, 10, QLatin1Char('0'));
        r.size = 1;
        r.hash = QString::number(i);
        r.facesDone = false;
        r.photo = photo;
        auto keys = LocalFeatures::deserialize(lib.stored[i]);
        ObjectDescriptor object;
        object.vlad.assign(lib.vlads.begin() + ptrdiff_t(i) * dimension,
                           lib.vlads.begin() + ptrdiff_t(i + 1) * dimension);
        if (keys)
            object.keypoints = std::move(*keys);
        r.object = std::move(object);
        batch.push_back(std::move(r));
        if (batch.size() == 1000 || i + 1 == lib.ids.size()) {
            if (Status s = (*library)->storeResults(*root, batch, QString(), 0); !s)
                return s;
            batch.clear();
        }
    }
    return success();
}

// The product's path at scale: the VLAD cache built from the library file, and queries whose
// candidates' keypoints are read from it.
Expected<QJsonObject> runOnLibraryFile(const QString& path, const BenchLibrary& lib, int dimension,
                                       const std::vector<Query>& queries,
                                       LocalFeatureExtractor& extractor,
                                       const ObjectSearch::Options& searchOptions)
{
    if (!QFileInfo::exists(path))
        if (Status s = writeLibrary(path, lib, dimension); !s)
            return Error{QStringLiteral("cannot write %1: %2").arg(path, s.error())};
    auto library = lookalike::Library::open(path, lookalike::Library::Mode::ReadOnly);
    if (!library)
        return Error{library.error()};
    QElapsedTimer clock;
    clock.start();
    const double cpu = processCpuSeconds();
    auto index = ObjectIndex::build(**library, dimension);
    if (!index)
        return Error{index.error()};
    const double buildSeconds = clock.nsecsElapsed() / 1e9;
    const double buildCpu = processCpuSeconds() - cpu;
    lookalike::Library* open = library->get();
    const ObjectSearch::FeatureLoader loader = [open](const std::vector<qint64>& ids) {
        return ObjectStore::keypoints(*open, ids);
    };
    std::vector<qint64> rowIds(lib.ids.size());
    for (size_t i = 0; i < rowIds.size(); ++i)
        rowIds[i] = qint64(i) + 1; // image ids of a fresh library
    auto figures = runSearch(**index, loader, queries, rowIds, extractor, searchOptions, nullptr);
    if (!figures)
        return Error{figures.error()};
    QJsonObject out = figuresJson(*figures, (*index)->meta().count);
    out.insert(QStringLiteral("index_build_seconds"), buildSeconds);
    out.insert(QStringLiteral("index_build_cpu_seconds"), buildCpu);
    out.insert(QStringLiteral("library_file_bytes"), QFileInfo(path).size());
    return out;
}

} // namespace

Expected<QJsonObject> ObjectBenchmark::run(const ModelRegistry& registry, const Options& options,
                                           const std::atomic_bool* cancel)
{
    auto model = ObjectModel::load(registry);
    if (!model)
        return Error{model.error()};
    const ObjectCodebook* codebook = &model->codebook;
    const LocalFeatureExtractor::Options extractOptions = model->extract;
    ObjectSearch::Options searchOptions = model->search;
    if (options.candidates >= 0)
        searchOptions.candidates = options.candidates;

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
    BenchLibrary lib;
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
    const QString factory =
        options.factory.isEmpty() ? QString::fromLatin1(ObjectIndex::kFactory) : options.factory;
    const QJsonObject pass = passCost(paths, options.passSample, extractor);
    auto real = runQueries(lib, dimension, queries, extractor, searchOptions, factory, cancel);
    if (!real)
        return Error{real.error()};
    QJsonObject out{
        {QStringLiteral("benchmark"), QStringLiteral("objects")},
        {QStringLiteral("queries"), int(queries.size())},
        {QStringLiteral("references"), references},
        {QStringLiteral("distractors"), int(distractors.size())},
        {QStringLiteral("failed_photos"), int(errors.size())},
        {QStringLiteral("candidates"), searchOptions.candidates},
        {QStringLiteral("index_factory"), factory},
        {QStringLiteral("object_pass"), pass},
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
        auto scaled =
            runQueries(lib, dimension, queries, extractor, searchOptions, factory, cancel);
        if (!scaled)
            return Error{scaled.error()};
        out.insert(QStringLiteral("scaled"), figuresJson(*scaled, options.scale));
        if (!options.libraryFile.isEmpty()) {
            auto file = runOnLibraryFile(options.libraryFile, lib, dimension, queries, extractor,
                                         searchOptions);
            if (!file)
                return Error{file.error()};
            out.insert(QStringLiteral("library_file"), *file);
        }
    }
    return out;
}

} // namespace lookalike
