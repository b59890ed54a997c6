#pragma once
// Photos like a given one: its duplicates (exact: same content; near: a near-duplicate copy),
// the photos of the same object (when the library holds object descriptors and
// enableObjects() was called: ObjectSearch over ObjectIndex, keypoints from ObjectStore) and
// the photos that look like it, from the library's photo descriptors (PhotoIndex) or, when
// the library has an active image model and enableImageModel() was called, from the learned
// embeddings (ImageModelSearch).
// Not thread-safe: one searcher per thread (it holds a Library).
#include "expected.h"
#include "photodescriber.h"
#include "photoindex.h"
#include "photomatch.h"
#include <QImage>
#include <QSet>
#include <memory>
#include <span>
#include <vector>

namespace lookalike {

class ImageModelSearch;
class Library;
class ModelRegistry;
struct ObjectDescriptor;

class PhotoSearcher {
public:
    struct Options {
        int limit = 20;            // similar photos at most (duplicates are all returned)
        float minSimilarity = 0.f; // similar photos below this are left out (0..1)
        bool duplicates = true;
        bool similar = true;
        bool objects = true; // same object, another photo (after enableObjects())
    };

    // Loads the photo index of `library`; the library must outlive the searcher.
    static Expected<PhotoSearcher> open(Library& library);

    // Same-object search too, when the library holds object descriptors (index --objects):
    // loads the codebook from `registry` and the VLAD cache (ObjectIndex; about 1 s a 10,000
    // photos, see the README). Success without doing anything when there are none; an error
    // (no codebook...) leaves the searcher as it was.
    Status enableObjects(const ModelRegistry& registry);
    bool hasObjects() const { return m_objects != nullptr; }

    // "Looks like" by the library's active image model (ImageModelStore::active; chosen
    // with "image-model LIBRARY --set NAME"): the learned embedding takes the place of the
    // model-free look vector in the look-alike score (with the object pass, it is averaged
    // with the VLAD's inner product as the look vector was, PhotoDescriber::looksLike).
    // Duplicates and same object are unchanged. Photos without a vector of the model yet
    // (imported since its last run) are not look-alike candidates until it runs again.
    // Success without doing anything for a model-free library; an error (the model's file
    // missing or not verified...) leaves the searcher on the model-free descriptors.
    Status enableImageModel(const ModelRegistry& registry);
    bool hasImageModel() const { return m_imageModel != nullptr; }
    QString imageModelId() const; // empty when look-alikes use the look vector

    // A photo file (indexed or not): decoded with the image loader, EXIF applied.
    Expected<std::vector<PhotoMatch>> search(const QString& imagePath, const Options& options);
    // A photo of the library.
    Expected<std::vector<PhotoMatch>> search(qint64 imageId, const Options& options);
    // An image in display orientation; contentHash (hex SHA-1 of the file) may be empty.
    Expected<std::vector<PhotoMatch>> search(const QImage& image, const QString& contentHash,
                                             const Options& options, qint64 excludeImageId = 0);

    // A described photo (PhotoDescriber); contentHash may be empty; `object` (may be null):
    // its object descriptor, from LocalFeatureExtractor::describe(image, true) or stored;
    // `learned` (may be empty): its embedding by the active image model (enableImageModel()).
    // The results: exact and near duplicates, best first; then the same object, most
    // matching keypoints first; then look-alikes (with an object descriptor and the object
    // pass in the library, ranked by PhotoDescriber::looksLike of the look vectors and the
    // VLADs). No photo is listed twice.
    std::vector<PhotoMatch> search(const PhotoDescriptor& photo, const QString& contentHash,
                                   const Options& options, qint64 excludeImageId = 0,
                                   const ObjectDescriptor* object = nullptr,
                                   std::span<const float> learned = {});

    const PhotoIndex& index() const { return m_index; }

private:
    PhotoSearcher(Library& library, PhotoIndex index);
    struct LookQuery; // the "looks like" vector of a query and how to score it
    LookQuery lookQuery(const PhotoDescriptor& photo, std::span<const float> learned);
    void addLookAlikes(const LookQuery& look, const ObjectDescriptor* object,
                       const Options& options, QSet<qint64>& seen, std::vector<PhotoMatch>& out);
    struct Objects; // the object model, index, extractor and search
    Library* m_library;
    PhotoIndex m_index;
    std::shared_ptr<Objects> m_objects;
    std::shared_ptr<ImageModelSearch> m_imageModel;
};

} // namespace lookalike
