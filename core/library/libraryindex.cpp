#include "libraryindex.h"
#include "library.h"
#include <QFileInfo>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcIndex, "lookalike.core.index")

namespace lookalike {

namespace {

QString mismatch(const VectorIndex::Meta& cached, const QString& model, int dimension,
                 qint64 count, qint64 generation)
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
        return QStringLiteral("index type %1 no longer fits %2 vectors").arg(cached.factory).arg(count);
    return {};
}

} // namespace

Expected<LibraryIndex::Loaded> LibraryIndex::load(Library& library, const QString& model)
{
    if (library.vectorCount(model) == 0)
        return Loaded{}; // nothing to search yet
    const QString path = library.indexPath(model);
    if (!QFileInfo::exists(path))
        return rebuild(library, model, QStringLiteral("no cached index"));
    auto cached = VectorIndex::read(path);
    if (!cached)
        return rebuild(library, model, cached.error());
    const qint64 generation = library.vectorGeneration();
    const qint64 count = library.vectorCount(model);
    const int dimension = count > 0 ? (*cached)->meta().dimension : 0;
    const QString why = mismatch((*cached)->meta(), model, dimension, count, generation);
    if (!why.isEmpty())
        return rebuild(library, model, why);
    return Loaded{std::shared_ptr<const VectorIndex>(std::move(*cached)), false, {}};
}

Expected<LibraryIndex::Loaded> LibraryIndex::rebuild(Library& library, const QString& model,
                                                     const QString& reason)
{
    qCInfo(lcIndex) << "rebuilding the index of" << model << ":" << reason;
    const qint64 generation = library.vectorGeneration();
    auto set = library.vectors(model);
    if (!set)
        return Error{set.error()};
    if (set->ids.empty())
        return Loaded{};
    VectorIndex::Meta meta;
    meta.model = model;
    meta.dimension = set->dimension;
    meta.count = qint64(set->ids.size());
    meta.generation = generation;
    meta.factory = VectorIndex::factoryFor(meta.count);
    auto built = VectorIndex::build(set->data.data(), set->ids.data(), meta.count, meta);
    if (!built)
        return Error{built.error()};
    // A cache that cannot be written is not fatal: the search works from memory.
    if (Status s = (*built)->write(library.indexPath(model)); !s)
        qCWarning(lcIndex) << "cannot write the index cache:" << s.error();
    return Loaded{std::shared_ptr<const VectorIndex>(std::move(*built)), true, reason};
}

} // namespace lookalike
