#pragma once
// Photos like a given one: its duplicates (exact: same content; near: a near-duplicate copy),
// the photos of the same object (when the library holds object descriptors and
// enableObjects() was called: ObjectSearch over ObjectIndex, keypoints from ObjectStore) and
// the photos that look like it, from the library's photo descriptors (PhotoIndex).
// Not thread-safe: one searcher per thread (it holds a Library).
#include "expected.h"
#include "photodescriber.h"
#include "photoindex.h"
#include "photomatch.h"
#include <QImage>
#include <QSet>
#include <memory>
#include <vector>

namespace lookalike {

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

    // A photo file (indexed or not): decoded with the image loader, EXIF applied.
    Expected<std::vector<PhotoMatch>> search(const QString& imagePath, const Options& options);
    // A photo of the library.
    Expected<std::vector<PhotoMatch>> search(qint64 imageId, const Options& options);
    // An image in display orientation; contentHash (hex SHA-1 of the file) may be empty.
    Expected<std::vector<PhotoMatch>> search(const QImage& image, const QString& contentHash,
                                             const Options& options, qint64 excludeImageId = 0);

    // A described photo (PhotoDescriber); contentHash may be empty; `object` (may be null):
    // its object descriptor, from LocalFeatureExtractor::describe(image, true) or stored.
    // The results: exact and near duplicates, best first; then the same object, most
    // matching keypoints first; then look-alikes (with an object descriptor and the object
    // pass in the library, ranked by PhotoDescriber::looksLike of the look vectors and the
    // VLADs). No photo is listed twice.
    std::vector<PhotoMatch> search(const PhotoDescriptor& photo, const QString& contentHash,
                                   const Options& options, qint64 excludeImageId = 0,
                                   const ObjectDescriptor* object = nullptr);

    const PhotoIndex& index() const { return m_index; }

private:
    PhotoSearcher(Library& library, PhotoIndex index);
    void addLookAlikes(const PhotoDescriptor& photo, const ObjectDescriptor* object,
                       const Options& options, QSet<qint64>& seen, std::vector<PhotoMatch>& out);
    struct Objects; // the object model, index, extractor and search
    Library* m_library;
    PhotoIndex m_index;
    std::shared_ptr<Objects> m_objects;
};

} // namespace lookalike
