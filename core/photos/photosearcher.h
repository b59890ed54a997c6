#pragma once
// Photos like a given one: its duplicates (exact: same content; near: a near-duplicate copy)
// and the photos that look like it, from the library's photo descriptors (PhotoIndex).
// Not thread-safe: one searcher per thread (it holds a Library).
#include "expected.h"
#include "photodescriber.h"
#include "photoindex.h"
#include "photomatch.h"
#include <QImage>
#include <vector>

namespace lookalike {

class Library;

class PhotoSearcher {
public:
    struct Options {
        int limit = 20;            // similar photos at most (duplicates are all returned)
        float minSimilarity = 0.f; // similar photos below this are left out (0..1)
        bool duplicates = true;
        bool similar = true;
    };

    // Loads the photo index of `library`; the library must outlive the searcher.
    static Expected<PhotoSearcher> open(Library& library);

    // A photo file (indexed or not): decoded with the image loader, EXIF applied.
    Expected<std::vector<PhotoMatch>> search(const QString& imagePath, const Options& options);
    // A photo of the library.
    Expected<std::vector<PhotoMatch>> search(qint64 imageId, const Options& options);
    // An image in display orientation; contentHash (hex SHA-1 of the file) may be empty.
    Expected<std::vector<PhotoMatch>> search(const QImage& image, const QString& contentHash,
                                             const Options& options, qint64 excludeImageId = 0);

    // A described photo (PhotoDescriber); contentHash may be empty.
    std::vector<PhotoMatch> search(const PhotoDescriptor& photo, const QString& contentHash,
                                   const Options& options, qint64 excludeImageId = 0);

    const PhotoIndex& index() const { return m_index; }

private:
    PhotoSearcher(Library& library, PhotoIndex index);
    Library* m_library;
    PhotoIndex m_index;
};

} // namespace lookalike
