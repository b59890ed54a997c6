#pragma once
// All-pairs duplicate photos of a library, in groups: photos linked by an equal content hash
// (exact) or a near-duplicate decision (PhotoDescriber::nearDuplicates) are one group
// (union-find); "similar" groups link photos whose look vectors have an inner product at or
// above a threshold. Pairs a person marked "not duplicates" are never linked. Groups come
// largest first (then by their smallest image id: always the same order); within a group the
// keeper (PhotoKeeper) comes first.
#include "expected.h"
#include "photomatch.h"
#include <atomic>
#include <functional>
#include <vector>

namespace lookalike {

class Library;

struct PhotoGroup {
    PhotoMatchKind kind = PhotoMatchKind::Exact; // exact when every link is exact
    std::vector<qint64> imageIds;                // the keeper first
    struct Link {
        qint64 a = 0;
        qint64 b = 0;
        PhotoMatchKind kind = PhotoMatchKind::Exact;
        float score = 0; // 0..1
    };
    std::vector<Link> links; // the pairs that made the group
};

class PhotoDuplicateFinder {
public:
    struct Options {
        PhotoMatchKind kind = PhotoMatchKind::Near; // exact: only exact; near: exact + near;
                                                    // similar: also look-alikes
        float similarThreshold = 0.9f;              // inner product of look vectors
        int nearBits = -1;                          // < 0: PhotoDescriber's thresholds
        const std::atomic_bool* cancel = nullptr;
        std::function<void(qint64 done, qint64 total)> progress;
    };

    static Expected<std::vector<PhotoGroup>> find(Library& library, const Options& options);
};

} // namespace lookalike
