#pragma once
// "Looks like" by a library's active image model (ImageModelStore::active): the query photo
// embedded by the same model (ImageEmbedder) against every stored vector, through a FAISS
// inner-product cache built from the library when opened (StreamedIndex, kFactory: 8-bit
// codes, 1 byte a dimension: 128 MB for 1280-d MobileNetV2 vectors at 100,000 photos).
// Not thread-safe: one per thread (it holds an ImageEmbedder and a Library).
#include "expected.h"
#include <QImage>
#include <QString>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace lookalike {

class ImageEmbedder;
class Library;
class ModelRegistry;
class VectorIndex;

class ImageModelSearch {
public:
    static constexpr const char* kFactory = "SQ8";
    static constexpr qint64 kTrainRows = 20000;

    // nullptr when the library is model-free (no active model). An error when the active
    // model's file is missing, does not verify or cannot be loaded: the message names the
    // model and the command that fetches it (ModelRegistry::model).
    static Expected<std::unique_ptr<ImageModelSearch>> open(Library& library,
                                                            const ModelRegistry& registry);
    ~ImageModelSearch();

    QString modelId() const { return m_modelId; }
    qint64 size() const; // photos in the cache

    // The query's vector: `image` embedded, or a library photo's stored vector (empty
    // when it has none).
    Expected<std::vector<float>> embed(const QImage& image);
    std::vector<float> stored(qint64 imageId);

    struct Hit {
        qint64 imageId = 0;
        float score = 0; // inner product of unit vectors (cosine)
    };
    // The k photos nearest `query`, best first.
    std::vector<Hit> nearest(std::span<const float> query, int k) const;
    // The inner product of `query` with a photo's stored vector; nullopt when it has none.
    std::optional<float> score(std::span<const float> query, qint64 imageId);

private:
    ImageModelSearch() = default;
    Library* m_library = nullptr;
    QString m_modelId;
    std::unique_ptr<ImageEmbedder> m_embedder;
    std::unique_ptr<VectorIndex> m_index;
};

} // namespace lookalike
