#include "searcher.h"
#include "indexbuilder.h"
#include "knnblocks.h"
#include "libraryindex.h"
#include "modelregistry.h"
#include "threadbudget.h"
#include "vectorindex.h"
#include "vectorstore.h"
#include <QHash>
#include <algorithm>

namespace lookalike {

Searcher::~Searcher() = default;

Expected<std::unique_ptr<Searcher>> Searcher::open(const QString& libraryPath,
                                                   const ModelRegistry& registry)
{
    return open(libraryPath, registry, Options{});
}

Expected<std::unique_ptr<Searcher>> Searcher::open(const QString& libraryPath,
                                                   const ModelRegistry& registry,
                                                   const Options& options)
{
    std::unique_ptr<Searcher> s(new Searcher);
    auto library = Library::open(libraryPath, Library::Mode::ReadOnly);
    if (!library)
        return Error{library.error()};
    s->m_library = std::move(*library);
    auto pipeline = FacePipeline::create(registry);
    if (!pipeline)
        return Error{pipeline.error()};
    s->m_pipeline = std::move(*pipeline);
    s->m_model = s->m_pipeline->embeddingModelId();
    ThreadBudget::forSearch();
    auto index = LibraryIndex::loadCached(*s->m_library, s->m_model);
    if (!index)
        return Error{index.error()};
    if (!index->index && !index->reason.isEmpty()) {
        if (options.buildInBackground) {
            s->m_builder = std::make_unique<IndexBuilder>(libraryPath, s->m_model, index->reason,
                                                          options.buildProgress);
            return s;
        }
        index = LibraryIndex::rebuild(*s->m_library, s->m_model, index->reason);
        if (!index)
            return Error{index.error()};
    }
    s->m_index = index->index;
    return s;
}

qint64 Searcher::indexedCount() const
{
    return m_index ? m_index->meta().count
                   : (m_builder ? m_library->vectorCount(m_model) : 0);
}

double Searcher::indexBuildProgress() const
{
    return m_builder ? std::min(m_builder->progress(), 0.999) : -1.0;
}

std::shared_ptr<const VectorIndex> Searcher::index()
{
    if (m_builder && m_builder->finished()) {
        m_index = m_builder->index();
        if (!m_index)
            qWarning("lookalike: background index build failed: %s",
                     qPrintable(m_builder->error()));
        m_builder.reset();
    }
    return m_index;
}

std::vector<SearchHit> Searcher::exactScan(std::span<const float> embedding, int k,
                                           float minSimilarity)
{
    VectorStore store(*m_library, m_model);
    const int d = store.dimension();
    if (d != int(embedding.size()) || k <= 0)
        return {};
    knn::Heaps best(1, k);
    std::vector<float> sims;
    store.forEachBlock(16384, [&](const qint64* ids, const float* vectors, qint64 n) {
        sims.resize(size_t(n));
        knn::innerProducts(embedding.data(), 1, vectors, n, d, sims.data());
        for (qint64 i = 0; i < n; ++i)
            if (sims[size_t(i)] > best.sims[0])
                best.push(0, sims[size_t(i)], ids[i]);
        return true;
    });
    const int found = best.sort().front();
    std::vector<SearchHit> out;
    for (int j = 0; j < found; ++j)
        if (best.sims[size_t(j)] >= minSimilarity)
            out.push_back({best.rows[size_t(j)], best.sims[size_t(j)]});
    return out;
}

Expected<std::vector<QueryFace>> Searcher::queryImage(const QString& path, int k,
                                                      float minSimilarity)
{
    auto photo = ImageLoader::load(path);
    if (!photo)
        return Error{photo.error()};
    return queryImage(*photo, k, minSimilarity);
}

Expected<std::vector<QueryFace>> Searcher::queryImage(const LoadedImage& photo, int k,
                                                      float minSimilarity)
{
    auto faces = m_pipeline->process(photo);
    if (!faces)
        return Error{faces.error()};
    // Only what the face gate keeps; when it keeps nothing, the person who dropped the photo
    // still gets an answer about the detections it set aside.
    if (std::any_of(faces->begin(), faces->end(), [](const DetectedFace& f) { return !f.notFace; }))
        std::erase_if(*faces, [](const DetectedFace& f) { return f.notFace; });
    const double w = photo.fullSize.width(), h = photo.fullSize.height();
    std::stable_sort(faces->begin(), faces->end(), [w, h](const auto& a, const auto& b) {
        return faceArea(a, w, h) > faceArea(b, w, h);
    });
    std::vector<QueryFace> out;
    for (DetectedFace& face : *faces) {
        QueryFace q;
        q.matches = search(face.embedding, k, minSimilarity);
        q.face = std::move(face);
        out.push_back(std::move(q));
    }
    return out;
}

Expected<std::vector<FaceMatch>> Searcher::similarTo(qint64 faceId, int k, float minSimilarity)
{
    const std::vector<float> embedding = m_library->embedding(faceId, m_model);
    if (embedding.empty())
        return Error{QStringLiteral("no face %1 in the library").arg(faceId)};
    return search(embedding, k, minSimilarity, faceId);
}

std::vector<FaceMatch> Searcher::search(std::span<const float> embedding, int k,
                                        float minSimilarity, qint64 exclude)
{
    const std::shared_ptr<const VectorIndex> current = index();
    if (k <= 0 || (current && int(embedding.size()) != current->meta().dimension))
        return {};
    const int wanted = exclude >= 0 ? k + 1 : k;
    std::vector<SearchHit> hits;
    if (current) {
        // A compressed index re-ranks its candidates with the float vectors stored in SQLite.
        VectorStore store(*m_library, m_model);
        const auto exact = [&store](const qint64* ids, qint64 n, float* out) {
            return store.fetch({ids, size_t(n)}, out);
        };
        hits = current->search(embedding.data(), 1, wanted, minSimilarity, exact).front();
    } else if (m_builder) {
        hits = exactScan(embedding, wanted, minSimilarity); // the index is being built
    } else {
        return {};
    }
    std::vector<qint64> ids;
    QHash<qint64, float> similarity;
    for (const SearchHit& hit : hits) {
        if (hit.id == exclude || int(ids.size()) == k)
            continue;
        ids.push_back(hit.id);
        similarity.insert(hit.id, hit.similarity);
    }
    std::vector<FaceMatch> out;
    for (FaceRecord& record : m_library->faces(ids)) {
        const float s = similarity.value(record.id);
        out.push_back({std::move(record), s});
    }
    return out;
}

} // namespace lookalike
