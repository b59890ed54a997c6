#include "photosearcher.h"
#include "imageloader.h"
#include "imagemodelsearch.h"
#include "library.h"
#include "objectindex.h"
#include "objectmodel.h"
#include "objectstore.h"
#include "photostore.h"
#include "vectorindex.h"
#include <QCryptographicHash>
#include <QFile>
#include <QLoggingCategory>
#include <QSet>
#include <faiss/utils/distances.h>
#include <algorithm>

Q_LOGGING_CATEGORY(lcPhotoSearch, "lookalike.core.photos")

namespace lookalike {

namespace {
constexpr int kMaxNearCandidates = 1000;
}

struct PhotoSearcher::Objects {
    ObjectModel model;
    std::unique_ptr<VectorIndex> index;
    LocalFeatureExtractor extractor; // of `model`: declared after it
    std::unique_ptr<ObjectSearch> search;

    Objects(ObjectModel m, std::unique_ptr<VectorIndex> i)
        : model(std::move(m)), index(std::move(i)), extractor(model.codebook, model.extract)
    {
    }
};

Status PhotoSearcher::enableObjects(const ModelRegistry& registry)
{
    if (!ObjectStore::any(*m_library))
        return success();
    auto model = ObjectModel::load(registry);
    if (!model)
        return Error{model.error()};
    auto index = ObjectIndex::build(*m_library, model->codebook.vladDimension());
    if (!index)
        return Error{index.error()};
    auto objects = std::make_shared<Objects>(std::move(*model), std::move(*index));
    Library* library = m_library;
    objects->search = std::make_unique<ObjectSearch>(
        *objects->index,
        [library](const std::vector<qint64>& ids) { return ObjectStore::keypoints(*library, ids); },
        objects->model.search);
    m_objects = std::move(objects);
    return success();
}

Status PhotoSearcher::enableImageModel(const ModelRegistry& registry)
{
    auto search = ImageModelSearch::open(*m_library, registry);
    if (!search)
        return Error{search.error()};
    m_imageModel = std::move(*search);
    return success();
}

QString PhotoSearcher::imageModelId() const
{
    return m_imageModel ? m_imageModel->modelId() : QString();
}

PhotoSearcher::PhotoSearcher(Library& library, PhotoIndex index)
    : m_library(&library), m_index(std::move(index))
{
}

Expected<PhotoSearcher> PhotoSearcher::open(Library& library)
{
    auto index = PhotoIndex::load(library);
    if (!index)
        return Error{index.error()};
    return PhotoSearcher(library, std::move(*index));
}

Expected<std::vector<PhotoMatch>> PhotoSearcher::search(const QString& imagePath, const Options& options)
{
    QFile file(imagePath);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1: %2").arg(imagePath, file.errorString())};
    const QByteArray bytes = file.readAll();
    const QString hash = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha1).toHex());
    auto photo = ImageLoader::decode(bytes, imagePath, ImageLoader::Options{});
    if (!photo)
        return Error{photo.error()};
    return search(photo->image, hash, options);
}

Expected<std::vector<PhotoMatch>> PhotoSearcher::search(qint64 imageId, const Options& options)
{
    const auto photo = PhotoStore::descriptor(*m_library, imageId);
    if (!photo)
        return Error{QStringLiteral("photo %1 has no photo descriptors (index it again)").arg(imageId)};
    const auto facts = PhotoStore::photoFacts(*m_library, {imageId});
    // Its stored object descriptor: the strongest keypoints only, but no decoding.
    const std::optional<ObjectDescriptor> object =
        m_objects && options.objects ? ObjectStore::descriptor(*m_library, imageId) : std::nullopt;
    const std::vector<float> learned =
        m_imageModel && options.similar ? m_imageModel->stored(imageId) : std::vector<float>();
    return search(*photo, facts.empty() ? QString() : facts.front().hash, options, imageId,
                  object ? &*object : nullptr, learned);
}

Expected<std::vector<PhotoMatch>> PhotoSearcher::search(const QImage& image, const QString& contentHash,
                                                        const Options& options, qint64 excludeImageId)
{
    auto photo = PhotoDescriber::describe(image);
    if (!photo)
        return Error{photo.error()};
    // A photo the image model fails on is compared by its look vector.
    std::vector<float> learned;
    if (m_imageModel && options.similar) {
        auto embedded = m_imageModel->embed(image);
        if (embedded)
            learned = std::move(*embedded);
        else
            qCWarning(lcPhotoSearch) << "image model skipped:" << embedded.error();
    }
    if (!m_objects || !options.objects)
        return search(*photo, contentHash, options, excludeImageId, nullptr, learned);
    // Keypoints that cannot be computed leave the duplicates and look-alikes to find.
    auto object = m_objects->extractor.describe(image, true);
    if (!object)
        qCWarning(lcPhotoSearch) << "same-object search skipped:" << object.error();
    return search(*photo, contentHash, options, excludeImageId, object ? &*object : nullptr,
                  learned);
}

namespace {

float innerProduct(std::span<const float> a, std::span<const float> b)
{
    return faiss::fvec_inner_product(a.data(), b.data(), std::min(a.size(), b.size()));
}

} // namespace

// The query's "looks like" vector: its nearest photos, and its score against any photo.
struct PhotoSearcher::LookQuery {
    std::function<std::vector<PhotoIndex::Hit>(int k)> nearest;
    std::function<std::optional<float>(qint64 imageId)> score;
};

PhotoSearcher::LookQuery PhotoSearcher::lookQuery(const PhotoDescriptor& photo,
                                                  std::span<const float> learned)
{
    if (m_imageModel && !learned.empty()) {
        ImageModelSearch* model = m_imageModel.get();
        return {[model, learned](int k) {
                    std::vector<PhotoIndex::Hit> hits;
                    for (const ImageModelSearch::Hit& h : model->nearest(learned, k))
                        hits.push_back({h.imageId, h.score});
                    return hits;
                },
                [model, learned](qint64 id) { return model->score(learned, id); }};
    }
    return {[this, &photo](int k) { return m_index.nearestLooks(photo.look, k); },
            [this, &photo](qint64 id) -> std::optional<float> {
                const std::vector<float> look = PhotoStore::look(*m_library, id);
                if (look.empty())
                    return std::nullopt;
                return innerProduct(photo.look, look);
            }};
}

void PhotoSearcher::addLookAlikes(const LookQuery& look, const ObjectDescriptor* object,
                                  const Options& options, QSet<qint64>& seen,
                                  std::vector<PhotoMatch>& out)
{
    const int depth = options.limit + int(seen.size());
    const bool withObjects = options.objects && object && m_objects &&
                             ObjectCodebook::hasContent(object->vlad);
    if (!withObjects) {
        int added = 0;
        for (const PhotoIndex::Hit& hit : look.nearest(depth)) {
            if (added >= options.limit)
                break;
            const float similarity = std::clamp(hit.score, 0.f, 1.f);
            if (seen.contains(hit.imageId) || similarity < options.minSimilarity)
                continue;
            seen.insert(hit.imageId);
            out.push_back({hit.imageId, {}, similarity, PhotoMatchKind::Similar});
            ++added;
        }
        return;
    }
    // With the object pass, "looks like" is the look vectors (or learned embeddings) and the
    // VLADs together (PhotoDescriber::looksLike): the candidates are the nearest by either,
    // each scored by both (what one index did not return is read from the library).
    const int candidates = std::max(100, 2 * depth);
    QHash<qint64, float> lookScore;
    QHash<qint64, std::optional<float>> vladScore;
    for (const PhotoIndex::Hit& hit : look.nearest(candidates))
        lookScore.insert(hit.imageId, hit.score);
    const auto vladHits = m_objects->index->search(object->vlad.data(), 1, candidates);
    if (!vladHits.empty())
        for (const SearchHit& hit : vladHits.front())
            vladScore.insert(hit.id, hit.similarity);
    for (auto it = vladScore.cbegin(); it != vladScore.cend(); ++it)
        if (!lookScore.contains(it.key()))
            if (const std::optional<float> score = look.score(it.key()))
                lookScore.insert(it.key(), *score);
    struct Scored {
        qint64 imageId;
        float similarity;
    };
    std::vector<Scored> scored;
    for (auto it = lookScore.cbegin(); it != lookScore.cend(); ++it) {
        if (seen.contains(it.key()))
            continue;
        std::optional<float> vlad;
        if (auto v = vladScore.constFind(it.key()); v != vladScore.cend()) {
            vlad = *v;
        } else {
            const std::vector<float> stored = ObjectStore::vlad(*m_library, it.key());
            if (ObjectCodebook::hasContent(stored))
                vlad = innerProduct(object->vlad, stored);
        }
        scored.push_back({it.key(), std::clamp(PhotoDescriber::looksLike(it.value(), vlad), 0.f, 1.f)});
    }
    std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
        return a.similarity != b.similarity ? a.similarity > b.similarity : a.imageId < b.imageId;
    });
    int added = 0;
    for (const Scored& s : scored) {
        if (added >= options.limit || s.similarity < options.minSimilarity)
            break;
        seen.insert(s.imageId);
        out.push_back({s.imageId, {}, s.similarity, PhotoMatchKind::Similar});
        ++added;
    }
}

std::vector<PhotoMatch> PhotoSearcher::search(const PhotoDescriptor& photo, const QString& contentHash,
                                              const Options& options, qint64 excludeImageId,
                                              const ObjectDescriptor* object,
                                              std::span<const float> learned)
{
    std::vector<PhotoMatch> out;
    QSet<qint64> seen{excludeImageId};
    if (options.duplicates) {
        if (!contentHash.isEmpty())
            for (qint64 id : PhotoStore::withHash(*m_library, contentHash))
                if (!seen.contains(id)) {
                    seen.insert(id);
                    out.push_back({id, {}, 1.f, PhotoMatchKind::Exact});
                }
        for (const PhotoIndex::Hit& hit :
             m_index.nearCodes(photo.hash, photo.windows, PhotoDescriber::kNearBits, kMaxNearCandidates)) {
            if (seen.contains(hit.imageId))
                continue;
            seen.insert(hit.imageId);
            out.push_back({hit.imageId, {}, PhotoDescriber::hashSimilarity(int(hit.score)), PhotoMatchKind::Near});
        }
        std::stable_sort(out.begin(), out.end(), [](const PhotoMatch& a, const PhotoMatch& b) {
            return a.similarity > b.similarity;
        });
    }
    if (options.objects && object && m_objects) {
        // The verified hits come first; the others are only VLAD neighbours.
        const int candidates = m_objects->model.search.candidates;
        for (const ObjectSearch::Hit& hit : m_objects->search->search(*object, candidates)) {
            if (!hit.sameObject)
                break;
            if (seen.contains(hit.id))
                continue;
            seen.insert(hit.id);
            out.push_back({hit.id, {}, std::clamp(hit.similarity, 0.f, 1.f),
                           PhotoMatchKind::Object, hit.inliers});
        }
    }
    if (options.similar)
        addLookAlikes(lookQuery(photo, learned), object, options, seen, out);
    std::vector<qint64> ids;
    for (const PhotoMatch& m : out)
        ids.push_back(m.imageId);
    QHash<qint64, QString> paths;
    for (const PhotoFacts& f : PhotoStore::photoFacts(*m_library, ids))
        paths.insert(f.imageId, f.path);
    for (PhotoMatch& m : out)
        m.path = paths.value(m.imageId);
    return out;
}

} // namespace lookalike
