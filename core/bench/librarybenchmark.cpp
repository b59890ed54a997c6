#include "librarybenchmark.h"
#include "benchmarks.h"

#include "imageloader.h"
#include "knnblocks.h"
#include "library.h"
#include "searcher.h"
#include "syntheticvectors.h"
#include "vectorstore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRectF>

#include <algorithm>
#include <random>
#include <sys/resource.h>
#include <unordered_set>

namespace lookalike {
namespace {

// The high-water mark of this process's resident memory (VmHWM). Not getrusage's ru_maxrss,
// which a child started by fork + exec inherits from its parent.
double peakRssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (status.open(QIODevice::ReadOnly))
        for (const QByteArray& line : status.readAll().split('\n'))
            if (line.startsWith("VmHWM:"))
                return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[size_t(p * double(values.size() - 1) + 0.5)];
}

// Queries like new photos of people in the library: stored vectors sampled evenly, each
// blended with noise to cosine ~0.8 and normalised. nq * d floats.
std::vector<float> newPhotosOf(VectorStore& store, int nq)
{
    std::vector<qint64> ids;
    std::vector<float> queries;
    store.sample(nq, ids, queries);
    const int d = store.dimension();
    std::mt19937 rng(17);
    std::normal_distribution<float> normal(0.f, 1.f / std::sqrt(float(d)));
    for (size_t q = 0; q < ids.size(); ++q) {
        float* v = queries.data() + q * d;
        double norm = 0;
        for (int j = 0; j < d; ++j) {
            v[j] = 0.9f * v[j] + 0.45f * normal(rng);
            norm += double(v[j]) * v[j];
        }
        for (int j = 0; j < d; ++j)
            v[j] = float(v[j] / std::sqrt(norm));
    }
    return queries;
}

// The exact top-k ids of every query, by one streamed pass over the stored vectors.
std::vector<std::vector<qint64>> exactTopK(VectorStore& store, const std::vector<float>& queries,
                                           int k)
{
    const int d = store.dimension();
    const qint64 nq = qint64(queries.size()) / d;
    knn::Heaps heaps(nq, k);
    std::vector<float> tile;
    store.forEachBlock(16384, [&](const qint64* ids, const float* vectors, qint64 n) {
        tile.resize(size_t(nq) * n);
        knn::innerProducts(queries.data(), nq, vectors, n, d, tile.data());
        for (qint64 q = 0; q < nq; ++q)
            for (qint64 j = 0; j < n; ++j)
                heaps.push(q, tile[q * n + j], ids[j]);
        return true;
    });
    heaps.sort();
    std::vector<std::vector<qint64>> out(nq);
    for (qint64 q = 0; q < nq; ++q)
        out[q].assign(heaps.rowsOf(q), heaps.rowsOf(q) + k);
    return out;
}

} // namespace

Status makeSyntheticLibrary(const QString& path, qint64 count, const QString& model)
{
    auto library = Library::open(path, Library::Mode::OpenOrCreate);
    if (!library)
        return Error{library.error()};
    auto root = (*library)->ensureRoot(QStringLiteral("/synthetic"), false, true);
    if (!root)
        return Error{root.error()};
    SyntheticSpec spec;
    spec.count = count;
    const SyntheticVectors vectors = makeSyntheticVectors(spec);
    std::vector<ImageResult> batch;
    for (qint64 i = 0; i < count; ++i) {
        ImageResult r;
        r.path =
            QStringLiteral("/synthetic/person%1/%2.jpg").arg(vectors.identity[size_t(i)]).arg(i);
        r.width = r.height = 250;
        DetectedFace face;
        face.box = QRectF(0.25, 0.25, 0.5, 0.5);
        face.score = 1;
        face.embedding.assign(vectors.row(i), vectors.row(i) + vectors.dimension);
        r.faces.push_back(std::move(face));
        batch.push_back(std::move(r));
        if (batch.size() == 5000 || i + 1 == count) {
            if (Status s = (*library)->storeResults(*root, batch, model, vectors.dimension); !s)
                return s;
            batch.clear();
        }
    }
    return success();
}

Expected<QJsonObject> benchOpenAndQuery(const ModelRegistry& registry,
                                        const OpenQueryOptions& options)
{
    QElapsedTimer clock;
    clock.start();
    double cpu = 0;
    Searcher::Options searchOptions; // the CLI's: build the index before returning
    std::unique_ptr<Searcher> searcher;
    {
        // Cold: the cache is removed, so the open reads the library and builds it.
        if (options.cold) {
            auto library = Library::open(options.library, Library::Mode::ReadOnly);
            if (!library)
                return Error{library.error()};
            QFile::remove((*library)->indexPath((*library)->defaultModel()));
        }
        clock.restart();
        cpu = processCpuSeconds();
        auto opened = Searcher::open(options.library, registry, searchOptions);
        if (!opened)
            return Error{opened.error()};
        searcher = std::move(*opened);
    }
    const double openSeconds = clock.elapsed() / 1000.0;
    const double openCpuSeconds = processCpuSeconds() - cpu;
    const double openRssMb = peakRssMb();
    std::vector<double> total, search;
    int found = 0;
    for (int i = 0; i <= options.repeats; ++i) { // the first round is the cold one, not counted
        QElapsedTimer t;
        t.start();
        auto photo = ImageLoader::load(options.image);
        if (!photo)
            return Error{photo.error()};
        auto result = searcher->queryImage(*photo, 10, -1.f);
        if (!result)
            return Error{result.error()};
        const double all = t.nsecsElapsed() / 1e6;
        found = int(result->size());
        if (found > 0) {
            QElapsedTimer s;
            s.start();
            searcher->search(result->front().face.embedding, 10, -1.f);
            if (i > 0)
                search.push_back(s.nsecsElapsed() / 1e6);
        }
        if (i > 0)
            total.push_back(all);
    }
    VectorStore store(searcher->library(), searcher->model());
    const std::vector<float> queries = newPhotosOf(store, options.recallQueries);
    const auto truth = exactTopK(store, queries, 10);
    const int d = store.dimension();
    qint64 hits = 0, wanted = 0;
    for (size_t q = 0; q < truth.size(); ++q) {
        std::unordered_set<qint64> got;
        for (const FaceMatch& m : searcher->search({queries.data() + q * d, size_t(d)}, 10, -1.f))
            got.insert(m.face.id);
        for (qint64 id : truth[q]) {
            ++wanted;
            hits += id >= 0 && got.count(id);
        }
    }
    return QJsonObject{
        {QStringLiteral("cache"), options.cold ? QStringLiteral("cold") : QStringLiteral("warm")},
        {QStringLiteral("open_seconds"), openSeconds},
        {QStringLiteral("open_cpu_seconds"), openCpuSeconds},
        {QStringLiteral("open_peak_rss_mb"), openRssMb},
        {QStringLiteral("index"), searcher->indexedCount()},
        {QStringLiteral("faces_in_photo"), found},
        {QStringLiteral("search_ms_median"), percentile(search, 0.5)},
        {QStringLiteral("search_ms_p95"), percentile(search, 0.95)},
        {QStringLiteral("total_ms_median"), percentile(total, 0.5)},
        {QStringLiteral("total_ms_p95"), percentile(total, 0.95)},
        {QStringLiteral("recall_at_10"), wanted ? double(hits) / double(wanted) : 1.0},
        {QStringLiteral("recall_queries"), qint64(truth.size())},
        {QStringLiteral("peak_rss_mb"), peakRssMb()}};
}

} // namespace lookalike
