#pragma once
// Same object, another photo: candidates from the VLAD index, re-ranked by keypoint matching
// with a geometric check.
#include "localfeatureextractor.h"
#include "objectmatcher.h"
#include <functional>
#include <optional>
#include <vector>

namespace lookalike {

class VectorIndex;

class ObjectSearch {
public:
    struct Options {
        int candidates = 50; // VLAD neighbours re-ranked with keypoints
        ObjectMatcher::Options matcher;
    };
    struct Hit {
        qint64 id = -1;
        float similarity = 0;    // VLAD inner product
        int inliers = 0;         // geometric inliers with the query
        bool sameObject = false; // inliers >= matcher.minInliers
    };
    struct Timing {
        double searchMs = 0;
        double loadMs = 0;   // reading the candidates' stored keypoints
        double rerankMs = 0; // matching and RANSAC, wall clock
    };
    // The stored keypoints of these ids, in order; nullopt where there are none.
    using FeatureLoader =
        std::function<std::vector<std::optional<LocalFeatures>>(const std::vector<qint64>& ids)>;

    // `index` holds the VLAD vectors (ids: the library's row ids); both must outlive this.
    ObjectSearch(const VectorIndex& index, FeatureLoader loader, const Options& options);

    // `query` from LocalFeatureExtractor::describe(image, true). At most k hits: the same
    // object first (most inliers first), then the other candidates by VLAD similarity.
    // Candidates are matched on the global thread pool. Thread-safe if the loader is.
    std::vector<Hit> search(const ObjectDescriptor& query, int k, Timing* timing = nullptr) const;

private:
    const VectorIndex& m_index;
    FeatureLoader m_loader;
    Options m_options;
};

} // namespace lookalike
