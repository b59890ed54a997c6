#pragma once
// What to review after an import, ranked by confidence, built on the FAISS neighbour graph:
//  - CrossLabel: a face whose nearest face under another label is closer than its own label's
//    other faces are: one person filed under two names, or a photo in the wrong folder.
//  - Outlier: a face far from the rest of its own label (likely misfiled).
//  - MetadataName: a face whose subfolder and photo metadata (XMP) give different names;
//    the folder's label stands until the user decides (evidence: a face of the metadata's
//    name when there is one, else an empty face carrying that name).
//  - SamePhoto: the same photo twice (identical bytes, or the same faces at the same places at
//    another size).
// Pairs with a stored decision (LabelEditor::decide) never come back.
#include "expected.h"
#include "library.h"
#include <atomic>
#include <functional>

namespace lookalike {

enum class ReviewKind { CrossLabel, Outlier, SamePhoto, MetadataName };

struct ReviewItem {
    ReviewKind kind = ReviewKind::CrossLabel;
    FaceRecord suspect;    // the face most likely in the wrong place
    FaceRecord evidence;   // the face it resembles (id 0 when there is none)
    float similarity = 0;  // suspect vs evidence, cosine
    float ownSupport = 0;  // suspect vs the rest of its own label (centroid cosine)
    float confidence = 0;  // ranking key, higher first
};

class ReviewFinder {
public:
    struct Options {
        ReviewKind kind = ReviewKind::CrossLabel;
        // Candidates down to this similarity are returned; a UI filters above it live.
        float floor = 0.3f;
        int k = 10;
        bool includeDecided = false;
        const std::atomic_bool* cancel = nullptr;
        std::function<void(double)> progress;
    };
    static Expected<std::vector<ReviewItem>> find(Library& library, const QString& model,
                                                  const Options& options);
    static QString kindName(ReviewKind kind);
};

} // namespace lookalike
