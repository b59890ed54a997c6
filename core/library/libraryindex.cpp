#include "libraryindex.h"
#include "library.h"
#include "vectorstore.h"
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcIndex, "lookalike.core.index")

namespace lookalike {

namespace {

constexpr qint64 kAddBlock = 16384; // rows read from SQLite and added per step: 32 MB at 512-d

QString mismatch(const VectorIndex::Meta& cached, const QString& model, int dimension, qint64 count,
                 qint64 generation)
{
    if (cached.model != model)
        return QStringLiteral("built for model %1").arg(cached.model);
    if (cached.dimension != dimension)
        return QStringLiteral("built with dimension %1").arg(cached.dimension);
    if (cached.count != count)
        return QStringLiteral("holds %1 vectors, the library %2").arg(cached.count).arg(count);
    if (cached.generation != generation)
        return QStringLiteral("built from an older state of the library");
    if (cached.factory != VectorIndex::factoryFor(count))
        return QStringLiteral("index type %1 no longer fits %2 vectors")
            .arg(cached.factory)
            .arg(count);
    return {};
}

void report(const LibraryIndex::BuildOptions& options, double fraction)
{
    if (options.progress)
        options.progress(fraction);
}

// An exact index of every vector: small libraries only (below the IVF crossover).
Expected<std::unique_ptr<VectorIndex>> buildFlat(VectorStore& store, const VectorIndex::Meta& meta,
                                                 const LibraryIndex::BuildOptions& options)
{
    std::vector<qint64> ids;
    std::vector<float> data;
    ids.reserve(size_t(meta.count));
    data.reserve(size_t(meta.count) * size_t(meta.dimension));
    qint64 read = 0;
    const Status s = store.forEachBlock(
        kAddBlock,
        [&](const qint64* blockIds, const float* vectors, qint64 n) {
            ids.insert(ids.end(), blockIds, blockIds + n);
            data.insert(data.end(), vectors, vectors + n * meta.dimension);
            report(options, 0.9 * double(read += n) / double(std::max<qint64>(1, meta.count)));
            return true;
        },
        options.cancel);
    if (!s)
        return Error{s.error()};
    return VectorIndex::build(data.data(), ids.data(), qint64(ids.size()), meta);
}

// IVF trained on a sample, then filled block by block.
Expected<std::unique_ptr<VectorIndex>> buildIvf(VectorStore& store, const VectorIndex::Meta& meta,
                                                const LibraryIndex::BuildOptions& options)
{
    std::unique_ptr<VectorIndex> index;
    {
        std::vector<qint64> sampleIds;
        std::vector<float> sample;
        if (Status s = store.sample(VectorIndex::trainingSizeFor(meta.factory), sampleIds, sample,
                                    options.cancel);
            !s)
            return Error{s.error()};
        report(options, 0.1);
        auto created = VectorIndex::create(meta, sample.data(), qint64(sampleIds.size()));
        if (!created)
            return created;
        index = std::move(*created);
    }
    report(options, 0.3);
    qint64 added = 0;
    Status failed = success();
    const Status s = store.forEachBlock(
        kAddBlock,
        [&](const qint64* ids, const float* vectors, qint64 n) {
            failed = index->add(vectors, ids, n);
            added += n;
            report(options, 0.3 + 0.7 * double(added) / double(std::max<qint64>(1, meta.count)));
            return failed.ok();
        },
        options.cancel);
    if (!s)
        return Error{s.error()};
    if (!failed)
        return Error{failed.error()};
    return index;
}

} // namespace

Expected<LibraryIndex::Loaded> LibraryIndex::loadCached(Library& library, const QString& model)
{
    const qint64 count = library.vectorCount(model);
    if (count == 0)
        return Loaded{}; // nothing to search yet
    const QString path = library.indexPath(model);
    if (!QFileInfo::exists(path))
        return Loaded{nullptr, false, QStringLiteral("no cached index")};
    auto cached = VectorIndex::read(path);
    if (!cached)
        return Loaded{nullptr, false, cached.error()};
    const qint64 generation = library.vectorGeneration();
    const int dimension = (*cached)->meta().dimension;
    const QString why = mismatch((*cached)->meta(), model, dimension, count, generation);
    if (!why.isEmpty())
        return Loaded{nullptr, false, why};
    return Loaded{std::shared_ptr<const VectorIndex>(std::move(*cached)), false, {}};
}

Expected<LibraryIndex::Loaded> LibraryIndex::load(Library& library, const QString& model)
{
    auto cached = loadCached(library, model);
    if (!cached || cached->index || cached->reason.isEmpty())
        return cached;
    return rebuild(library, model, cached->reason);
}

Expected<LibraryIndex::Loaded> LibraryIndex::rebuild(Library& library, const QString& model,
                                                     const QString& reason)
{
    return rebuild(library, model, reason, {});
}

Expected<LibraryIndex::Loaded> LibraryIndex::rebuild(Library& library, const QString& model,
                                                     const QString& reason,
                                                     const BuildOptions& options)
{
    qCInfo(lcIndex) << "rebuilding the index of" << model << ":" << reason;
    QElapsedTimer clock;
    clock.start();
    const qint64 generation = library.vectorGeneration();
    VectorStore store(library, model);
    VectorIndex::Meta meta;
    meta.model = model;
    meta.dimension = store.dimension();
    meta.count = store.count();
    meta.generation = generation;
    meta.factory = VectorIndex::factoryFor(meta.count);
    if (meta.count == 0)
        return Loaded{};
    auto built =
        VectorIndex::isCompressed(meta.factory) || meta.factory.startsWith(QLatin1String("IVF"))
            ? buildIvf(store, meta, options)
            : buildFlat(store, meta, options);
    if (!built)
        return Error{built.error()};
    // A cache that cannot be written is not fatal: the search works from memory.
    if (Status s = (*built)->write(library.indexPath(model)); !s)
        qCWarning(lcIndex) << "cannot write the index cache:" << s.error();
    report(options, 1.0);
    qCInfo(lcIndex) << "index of" << (*built)->meta().count << "vectors built in" << clock.elapsed()
                    << "ms";
    return Loaded{std::shared_ptr<const VectorIndex>(std::move(*built)), true, reason};
}

} // namespace lookalike
