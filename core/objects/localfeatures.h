#pragma once
// Local features of one photo for same-object search: where its strongest keypoints are and
// what they look like, compact enough to store per photo and match at query time.
#include "expected.h"
#include <QByteArray>
#include <vector>

namespace lookalike {

// Keypoints of one photo. Positions are in pixels of the image the features were computed
// on (`width` x `height`, the photo scaled so its long side is the extractor's max side).
// Descriptors are RootSIFT projected by the codebook's PCA to `dimension` values each,
// row-major: descriptors.size() == size() * dimension.
struct LocalFeatures {
    int width = 0;
    int height = 0;
    int dimension = 0;
    std::vector<float> xy;          // 2 * size(): x0, y0, x1, y1, ...
    std::vector<float> descriptors; // size() * dimension

    int size() const { return int(xy.size() / 2); }

    // The stored form: a small header, then per keypoint two uint16 positions (relative to
    // width and height, 1/65535 steps) and `dimension` int8 descriptor values (1/kQuantum
    // steps, clamped to +-127): 4 + dimension bytes a keypoint.
    QByteArray serialize() const;
    static Expected<LocalFeatures> deserialize(const QByteArray& blob);

    static constexpr float kQuantum = 160.f; // descriptor values are within about +-0.8
};

} // namespace lookalike
