#pragma once
// The geometric check of same-object search: do two photos show the same flat-ish object?
#include "localfeatures.h"

namespace lookalike {

struct ModelSpec;

class ObjectMatcher {
public:
    struct Options {
        float ratio = 0.8f;        // Lowe's ratio test on the two nearest descriptors
        double ransacPixels = 8.0; // reprojection error allowed, candidate pixels
        int minInliers = 25;       // this many inliers or more: the same object
    };
    // From the codebook's manifest entry: thresholds.ratio, ransac_px, min_inliers.
    static Options optionsFrom(const ModelSpec& spec);

    // Tentative matches (query keypoint -> its nearest candidate keypoint, kept by the ratio
    // test) and how many of them a RANSAC homography explains. 0 inliers when fewer than 8
    // matches survive. Thread-safe; deterministic (OpenCV's RANSAC seeds itself).
    struct Result {
        int matches = 0;
        int inliers = 0;
    };
    static Result match(const LocalFeatures& query, const LocalFeatures& candidate,
                        const Options& options);
};

} // namespace lookalike
