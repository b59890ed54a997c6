#pragma once
// Same-object descriptors in the library's SQLite file, beside the photo descriptors: on the
// photo's item of kind Image (PhotoStore), two more vectors:
//  - kVladModel: the VLAD vector as half floats (dimension values, 2 bytes each: 4 KB for the
//    2,048-d VLAD; the FAISS cache holds 8-bit codes of it, ObjectIndex);
//  - kKeysModel: the stored keypoints, LocalFeatures::serialize() (16 + 36 bytes a keypoint;
//    variable length, the model's dimension is the bytes a keypoint).
// Their names start with "photo-": the face vectors' generation does not move (schema 8).
// Works on the caller's connection; not thread-safe (one Library per thread).
#include "expected.h"
#include "localfeatureextractor.h"
#include <QtGlobal>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace lookalike {

class Database;
class Library;

class ObjectStore {
public:
    static constexpr const char* kVladModel = "photo-object-vlad-v1";
    static constexpr const char* kKeysModel = "photo-object-keys-v1";

    // Adds (or replaces) the object descriptor of `imageId`, whose photo item PhotoStore has
    // written, inside the caller's transaction. An image without a photo item is an error.
    static Status write(Database& db, qint64 imageId, const ObjectDescriptor& object);

    // Does any photo of the library have an object descriptor?
    static bool any(Library& library);
    // Every stored VLAD (converted to floats, `dimension` of them) with its image id; a VLAD
    // of another size is skipped. visit() returns false to stop.
    static Status forEachVlad(Library& library, int dimension,
                              const std::function<bool(qint64 imageId, std::span<const float>)>& visit);
    // The stored keypoints of these images, in order; nullopt where there are none.
    static std::vector<std::optional<LocalFeatures>> keypoints(Library& library,
                                                               const std::vector<qint64>& imageIds);
    // The stored VLAD of one image as floats; empty when it has none.
    static std::vector<float> vlad(Library& library, qint64 imageId);
    // The stored descriptor of one image (its VLAD and stored keypoints), when it has one.
    static std::optional<ObjectDescriptor> descriptor(Library& library, qint64 imageId);
};

} // namespace lookalike
