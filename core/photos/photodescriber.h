#pragma once
// Whole-photo descriptors, model-free, computed from the decoded photo the indexer already
// holds (upright: EXIF orientation applied, LoadedImage::image):
//  - a 256-bit DCT hash for near-duplicates (grey, 64x64 INTER_AREA, 2-D DCT, the 16x16
//    low-frequency block thresholded at its median), compared by Hamming distance;
//  - a 32x32 grey thumbnail for the second check the hash cannot do (crops up to ~10%,
//    which move a global hash a lot): normalised cross-correlation over small shifts and
//    scales (thumbnailSimilarity);
//  - a "looks like" vector (kLookDimension floats, L2-normalised: compare by inner product):
//    HSV colour histograms in a spatial grid, gradient-orientation and LBP texture histograms.
// Thread-safe: pure functions.
#include "expected.h"
#include <QImage>
#include <QString>
#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace lookalike {

struct PhotoDescriptor {
    static constexpr int kHashBytes = 32;    // 256 bits
    static constexpr int kThumbSide = 32;    // grey, 8 bits, row-major
    static constexpr int kLookDimension = 432;

    std::array<std::uint8_t, kHashBytes> hash{};
    std::vector<std::uint8_t> thumbnail; // kThumbSide * kThumbSide bytes
    std::vector<float> look;             // kLookDimension floats, unit L2
};

class PhotoDescriber {
public:
    // Model names under which the library stores the descriptors (vectors table).
    static constexpr const char* kHashModel = "photo-hash-v1";
    static constexpr const char* kLookModel = "photo-look-v1";
    static constexpr const char* kThumbModel = "photo-thumb-v1";

    // Hamming distances (of 256) at or under which two hashes are near-duplicates without
    // more checks, and under which the thumbnail check decides (crops, heavy edits).
    static constexpr int kNearBits = 26;
    static constexpr int kCandidateBits = 90;
    // thumbnailSimilarity at or above which a candidate is a near-duplicate.
    static constexpr float kThumbnailMatch = 0.95f;

    // `image` in display orientation, any size and format Qt reads (converted here).
    static Expected<PhotoDescriptor> describe(const QImage& image);

    static int hammingDistance(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);
    // Best normalised cross-correlation (-1..1) of two thumbnails when either may be a crop of
    // the other (up to ~15% a side) or slightly shifted.
    static float thumbnailSimilarity(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);
    // The near-duplicate decision on two descriptors (hash, then thumbnail for candidates).
    static bool nearDuplicates(const PhotoDescriptor& a, const PhotoDescriptor& b);
    // The same on stored parts: hash distance first, thumbnails only when needed.
    static bool nearDuplicates(int hashDistance, std::span<const std::uint8_t> thumbA,
                               std::span<const std::uint8_t> thumbB);
    // A 0..1 similarity for a hash distance (1: identical codes).
    static float hashSimilarity(int hashDistance) { return 1.f - float(hashDistance) / 256.f; }
};

} // namespace lookalike
