#pragma once
// The photo descriptors and facts in the library's SQLite file: one item of kind Image per
// photo with its vectors under the photo-* models (PhotoDescriber), the "not duplicates"
// verdicts, and what the keeper choice needs (PhotoFacts). Works on the caller's connection
// and transaction; not thread-safe (one Library per thread).
#include "expected.h"
#include "photodescriber.h"
#include "photokeeper.h"
#include <QtGlobal>
#include <cstdint>
#include <functional>
#include <span>
#include <optional>
#include <utility>
#include <vector>

namespace lookalike {

class Database;
class Library;

// The searchable part of every photo: row i is imageIds[i], its code is codes[32 i, 32 i + 32)
// and its look vector looks[d i, d i + d) with d = PhotoDescriptor::kLookDimension (zeros
// when missing).
struct StoredPhotos {
    std::vector<qint64> imageIds;
    std::vector<std::uint8_t> codes;
    std::vector<std::uint8_t> windows; // kWindows codes a photo (zeros when missing)
    std::vector<float> looks;
};

class PhotoStore {
public:
    // Replaces the photo item of `imageId` with `photo` (inside the caller's transaction).
    static Status write(Database& db, qint64 imageId, const PhotoDescriptor& photo);
    // The id of a photo-* model, added when missing (its dimension counts stored values).
    static Expected<qint64> modelId(Database& db, const char* name, int dimension);

    static Expected<StoredPhotos> load(Library& library);
    // The 32x32 thumbnail of an image; empty when it has none.
    static std::vector<std::uint8_t> thumbnail(Library& library, qint64 imageId);
    // The whole descriptor of an image, when it has one.
    static std::optional<PhotoDescriptor> descriptor(Library& library, qint64 imageId);
    // Its look vector only (PhotoDescriptor::kLookDimension floats); empty when it has none.
    static std::vector<float> look(Library& library, qint64 imageId);

    // The blob of any photo-* model on the photo item of `imageId`; empty when there is none.
    static QByteArray blob(Library& library, qint64 imageId, const QString& model);
    // Every vector of `model` stored as half floats (ObjectStore's VLADs, ImageModelStore's
    // embeddings) as `dimension` floats, with its image id, by image id; blobs of another
    // size are skipped. visit() returns false to stop.
    static Status forEachHalfVector(Library& library, const QString& model, int dimension,
                                    const std::function<bool(qint64 imageId, std::span<const float>)>& visit);

    // Path, size, format, date taken... of images, in the order of `ids` (unknown ids left out).
    static std::vector<PhotoFacts> photoFacts(Library& library, const std::vector<qint64>& ids);
    // Image ids by content hash: groups of two or more images with the same hex hash.
    static std::vector<std::vector<qint64>> sameContent(Library& library);
    static std::vector<qint64> withHash(Library& library, const QString& hash);

    // "These are not duplicates": remembered, never shown as a pair again. Not undoable:
    // people's decisions go through LabelEditor::markNotDuplicates, which uses the three below.
    static Status markNotDuplicates(Library& library, qint64 imageA, qint64 imageB);
    // The verdict on a pair (0: not duplicates), in either order, inside the caller's
    // transaction; verdict() is -1 when there is none.
    static Status setVerdict(Database& db, qint64 imageA, qint64 imageB, int verdict);
    static int verdict(Database& db, qint64 imageA, qint64 imageB);
    static Status forgetVerdict(Database& db, qint64 imageA, qint64 imageB);
    // Pairs marked, smaller id first.
    static std::vector<std::pair<qint64, qint64>> notDuplicatePairs(Library& library);
};

} // namespace lookalike
