#include "imagemodelsearch.h"

#include "imageembedder.h"
#include "imagemodelstore.h"
#include "modelregistry.h"
#include "streamedindex.h"
#include "vectorindex.h"

#include <faiss/utils/distances.h>

namespace lookalike {

ImageModelSearch::~ImageModelSearch() = default;

Expected<std::unique_ptr<ImageModelSearch>> ImageModelSearch::open(Library& library,
                                                                   const ModelRegistry& registry)
{
    const QString id = ImageModelStore::active(library);
    if (id.isEmpty())
        return std::unique_ptr<ImageModelSearch>();
    auto spec = registry.model(id);
    if (!spec)
        return Error{QStringLiteral("the library's image model %1 cannot be used: %2")
                         .arg(id, spec.error())};
    auto embedder = ImageEmbedder::create(*spec);
    if (!embedder)
        return Error{embedder.error()};
    VectorIndex::Meta meta;
    meta.model = ImageModelStore::descriptorName(id);
    meta.dimension = spec->dimension;
    meta.factory = QString::fromLatin1(kFactory);
    auto index = StreamedIndex::build(
        meta,
        [&](const StreamedIndex::Visitor& visit) {
            return ImageModelStore::forEach(library, id, spec->dimension, visit);
        },
        kTrainRows);
    if (!index)
        return Error{QStringLiteral("cannot read the %1 vectors: %2").arg(id, index.error())};
    std::unique_ptr<ImageModelSearch> search(new ImageModelSearch);
    search->m_library = &library;
    search->m_modelId = id;
    search->m_embedder = std::move(*embedder);
    search->m_index = std::move(*index);
    return search;
}

qint64 ImageModelSearch::size() const
{
    return m_index->meta().count;
}

Expected<std::vector<float>> ImageModelSearch::embed(const QImage& image)
{
    return m_embedder->embed(image);
}

std::vector<float> ImageModelSearch::stored(qint64 imageId)
{
    return ImageModelStore::vector(*m_library, imageId, m_modelId);
}

std::vector<ImageModelSearch::Hit> ImageModelSearch::nearest(std::span<const float> query,
                                                             int k) const
{
    std::vector<Hit> out;
    if (k <= 0 || int(query.size()) != m_index->meta().dimension)
        return out;
    const auto hits = m_index->search(query.data(), 1, k);
    if (!hits.empty())
        for (const SearchHit& hit : hits.front())
            out.push_back({hit.id, hit.similarity});
    return out;
}

std::optional<float> ImageModelSearch::score(std::span<const float> query, qint64 imageId)
{
    const std::vector<float> vector = stored(imageId);
    if (vector.size() != query.size() || vector.empty())
        return std::nullopt;
    return faiss::fvec_inner_product(query.data(), vector.data(), query.size());
}

} // namespace lookalike
