#pragma once
// The worker half of the duplicate photos review. A job applies at most one edit through
// ReviewJob (its own Library and LabelEditor on the pool thread, a crash's half-done change
// rolled back first), then finds the groups of duplicates again (PhotoDuplicateFinder) with
// the facts of their photos (PhotoStore::photoFacts), so the GUI thread never waits for
// SQLite, file moves or the all-pairs search. Pure functions of their arguments; safe on any
// thread. No QPixmap, no widgets.
#include "photoduplicatefinder.h"
#include "photokeeper.h"
#include "reviewjob.h"
#include <optional>

namespace lookalike::ui {

// One group as the review shows it: the finder's group (PhotoKeeper's choice first) and the
// facts of its photos in the same order.
struct PhotoReviewGroup {
    PhotoGroup group;
    std::vector<PhotoFacts> photos;
};

struct PhotoReviewOutcome {
    ReviewOutcome change; // the edit's reports, notes and error (ReviewJob::run)
    QString error;        // non-empty: the groups could not be found, and why
    bool queried = false; // `groups` is a fresh list (false when cancelled or failed)
    std::vector<PhotoReviewGroup> groups; // largest first
};

class PhotoReviewJob {
public:
    // Applies `edit` (may be empty) and, unless `query` is empty or cancelled (its `cancel`),
    // finds the groups; `query->progress` is called on this thread.
    static PhotoReviewOutcome run(const QString& libraryPath, const ReviewEdit& edit,
                                  const std::optional<PhotoDuplicateFinder::Options>& query);
    // Every pair of `imageIds`: the pairs "Not duplicates" records for a group.
    static std::vector<std::pair<qint64, qint64>> allPairs(const std::vector<qint64>& imageIds);
};

} // namespace lookalike::ui
