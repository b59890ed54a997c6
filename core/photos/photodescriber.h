#pragma once
// Whole-photo descriptors, model-free, computed from the decoded photo the indexer already
// holds (upright: EXIF orientation applied, LoadedImage::image):
//  - a 256-bit DCT hash for near-duplicates (grey, 64x64 INTER_AREA, 2-D DCT, the 16x16
//    low-frequency block thresholded at its median), compared by Hamming distance;
//  - the same hash of six windows of the photo (the centre 95%; 90% at the centre, left,
//    right, top, bottom):
//    a crop up to ~10% moves the global hash by ~100 bits, but its hash is near one of the
//    original's window hashes (and the other way round);
//  - a 32x32 grey thumbnail (for display and checks; thumbnailSimilarity is too weak to tell
//    a crop from a burst shot, measured: 0.96-0.98 against 0.956);
//  - a "looks like" vector (kLookDimension floats, L2-normalised: compare by inner product):
//    HSV colour histograms in a spatial grid, gradient-orientation and LBP texture histograms.
// Thread-safe: pure functions.
#include "expected.h"
#include <QImage>
#include <QString>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace lookalike {

struct PhotoDescriptor {
    static constexpr int kHashBytes = 32;    // 256 bits
    static constexpr int kThumbSide = 32;    // grey, 8 bits, row-major
    static constexpr int kLookDimension = 432;
    static constexpr int kWindows = 6;


    std::array<std::uint8_t, kHashBytes> hash{};
    std::vector<std::uint8_t> windows;   // kWindows * kHashBytes: hashes of the windows
    std::vector<std::uint8_t> thumbnail; // kThumbSide * kThumbSide bytes
    std::vector<float> look;             // kLookDimension floats, unit L2
};

class PhotoDescriber {
public:
    // Model names under which the library stores the descriptors (vectors table).
    static constexpr const char* kHashModel = "photo-hash-v1";
    static constexpr const char* kLookModel = "photo-look-v1";
    static constexpr const char* kThumbModel = "photo-thumb-v1";
    static constexpr const char* kWindowsModel = "photo-crops-v1";

    // Hamming distance (of 256) at or under which two hashes are near-duplicates: the
    // photo's hash against the other's hash or against one of its window hashes.
    static constexpr int kNearBits = 26;

    // `image` in display orientation, any size and format Qt reads (converted here).
    static Expected<PhotoDescriptor> describe(const QImage& image);

    static int hammingDistance(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);
    // Best normalised cross-correlation (-1..1) of two thumbnails when either may be a crop of
    // the other (up to ~15% a side) or slightly shifted.
    static float thumbnailSimilarity(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);
    // The smallest distance between a's hash and b's hash or window hashes, or the other way.
    static int cropDistance(const PhotoDescriptor& a, const PhotoDescriptor& b);
    // The near-duplicate decision on two descriptors: cropDistance <= kNearBits.
    static bool nearDuplicates(const PhotoDescriptor& a, const PhotoDescriptor& b);
    // "Looks like" between two photos: their look vectors' inner product and, when both were
    // given the object pass (SIFT VLAD, ObjectCodebook), the VLADs' inner product, with equal
    // weights. Holidays mean average precision (bench photos --parts b): look vector alone
    // 0.558, both 0.667 (weights 1:1.5 0.671, 1:2 0.661: flat, so the untuned 1:1).
    static float looksLike(float lookInnerProduct, std::optional<float> objectInnerProduct)
    {
        return objectInnerProduct ? 0.5f * (lookInnerProduct + *objectInnerProduct) : lookInnerProduct;
    }
    // A 0..1 similarity for a hash distance (1: identical codes).
    static float hashSimilarity(int hashDistance) { return 1.f - float(hashDistance) / 256.f; }
};

} // namespace lookalike
