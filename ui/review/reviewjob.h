#pragma once
// The worker half of the review screen. One job opens its own Library on the pool thread
// (Library is not thread-safe), rolls back any change a crash left half done, applies at most
// one edit through LabelEditor, and re-reads the review queue, so the GUI thread never waits
// for SQLite, file moves or the neighbour graph. Pure functions of their arguments; safe on
// any thread. No QPixmap, no widgets.
#include "labeleditor.h"
#include "reviewfinder.h"
#include <QHash>
#include <QStringList>
#include <atomic>
#include <functional>
#include <optional>

namespace lookalike::ui {

struct ReviewOutcome {
    QString error;                  // non-empty: the edit (or the query) failed, and why
    std::vector<EditReport> edits;  // batches this job applied, in order
    std::optional<UndoReport> undo; // set by undo jobs
    QStringList notes;              // things to tell the user (a crash was rolled back...)
    bool queried = false;           // `items` is a fresh queue
    std::vector<ReviewItem> items;  // ranked, as ReviewFinder returns them
    QHash<QString, qint64> labelCounts;
    bool folderLabels = false; // some root takes labels from subfolders: moves possible
};

// An edit run on the worker: it may fill `out.edits`/`out.undo`/`out.notes`.
using ReviewEdit = std::function<Status(Library&, LabelEditor&, ReviewOutcome& out)>;

struct ReviewQuery {
    ReviewKind kind = ReviewKind::CrossLabel;
    float floor = 0.3f;
};

class ReviewJob {
public:
    // `edit` may be empty (only query); `query` empty: no re-read. `cancel` stops the query.
    static ReviewOutcome run(const QString& libraryPath, const ReviewEdit& edit,
                             const std::optional<ReviewQuery>& query,
                             const std::atomic_bool* cancel);

    static ReviewEdit relabel(std::vector<qint64> faceIds, QString label, EditOptions options);
    // Every label in `from` is merged into `into`, one batch each.
    static ReviewEdit merge(QStringList from, QString into, EditOptions options);
    static ReviewEdit decide(qint64 faceA, qint64 faceB, int verdict);
    // Duplicate photos set aside (to the trash or a folder), and "not duplicates" (image ids).
    // removePhotos() is one batch, one undo: photos that cannot be moved stay and are named in
    // its report (notMoved).
    static ReviewEdit removePhotos(std::vector<qint64> imageIds, PhotoRemoval removal);
    static ReviewEdit markNotDuplicates(std::vector<std::pair<qint64, qint64>> imagePairs);
    // Moves photos an earlier edit left in place because they hold other people too: the
    // faces labelled `label` in each photo are relabelled with allowMultiPersonMoves.
    static ReviewEdit moveAnyway(QStringList paths, QString label);
    // Undoes `batches` (oldest first), refusing when they are not the newest in the library,
    // so that a change made elsewhere (the main window) is never undone by mistake.
    static ReviewEdit undo(std::vector<qint64> batches);
};

} // namespace lookalike::ui
