#include "searcher.h"
#include "libraryindex.h"
#include "modelregistry.h"
#include "threadbudget.h"
#include "vectorindex.h"
#include <QHash>
#include <algorithm>

namespace lookalike {

Searcher::~Searcher() = default;

Expected<std::unique_ptr<Searcher>> Searcher::open(const QString& libraryPath,
                                                   const ModelRegistry& registry)
{
    std::unique_ptr<Searcher> s(new Searcher);
    auto library = Library::open(libraryPath, Library::Mode::OpenExisting);
    if (!library)
        return Error{library.error()};
    s->m_library = std::move(*library);
    auto pipeline = FacePipeline::create(registry);
    if (!pipeline)
        return Error{pipeline.error()};
    s->m_pipeline = std::move(*pipeline);
    s->m_model = s->m_pipeline->embeddingModelId();
    ThreadBudget::forSearch();
    auto index = LibraryIndex::load(*s->m_library, s->m_model);
    if (!index)
        return Error{index.error()};
    s->m_index = index->index;
    return s;
}

qint64 Searcher::indexedCount() const { return m_index ? m_index->meta().count : 0; }

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
    if (!m_index || k <= 0 || int(embedding.size()) != m_index->meta().dimension)
        return {};
    const int wanted = exclude >= 0 ? k + 1 : k;
    const auto hits = m_index->search(embedding.data(), 1, wanted, minSimilarity).front();
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
