#pragma once
// Computes what same-object search needs of one photo: its VLAD vector (searched by FAISS)
// and its strongest keypoints (matched and verified geometrically at query time).
#include "expected.h"
#include "localfeatures.h"
#include <QImage>
#include <memory>
#include <vector>

namespace lookalike {

class ObjectCodebook;
struct ModelSpec;

struct ObjectDescriptor {
    std::vector<float> vlad; // codebook.vladDimension() floats, unit length (zero: no keypoints)
    LocalFeatures keypoints; // the strongest keypoints, strongest first
};

// SIFT keypoints on the photo in grey, scaled so its long side is at most maxSide, as
// RootSIFT (L1-normalised, square-rooted) shortened by the codebook's PCA.
// Not thread-safe: one per worker thread (it owns a cv::SIFT). The codebook must outlive it.
class LocalFeatureExtractor {
public:

    struct Options {
        int maxSide = 640;         // pixels of the long side features are computed on
        int maxFeatures = 1000;    // SIFT keypoints kept, strongest first
        int storedKeypoints = 300; // of which this many go into ObjectDescriptor::keypoints
    };
    // The manifest's entry of the codebook ("object-codebook") holds the options:
    // input.max_side, thresholds.features and thresholds.stored_keypoints.
    static Options optionsFrom(const ModelSpec& spec);

    LocalFeatureExtractor(const ObjectCodebook& codebook, const Options& options);
    ~LocalFeatureExtractor();

    // `image`: any QImage in display orientation. keepAll: keep every keypoint in the
    // result (for a query), not only the stored ones.
    Expected<ObjectDescriptor> describe(const QImage& image, bool keepAll = false);

    // RootSIFT descriptors (n * 128 floats), strongest keypoint first; for training.
    std::vector<float> rootSift(const QImage& image);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace lookalike
