#pragma once
// The review queue: the items already reviewed in this session (in the order they were
// handled, with what was done), then the current item, then the pending candidates that pass
// the threshold, ranked by confidence. The candidate list is cached: moving the threshold
// only filters it (the count updates live); the controller re-reads it after edits and when
// the mode changes. data() never does I/O: thumbnails come from an optional ThumbnailCache.
// GUI thread only.
#include "reviewfinder.h"
#include <QAbstractListModel>
#include <QPair>
#include <optional>

namespace lookalike::ui {

class ThumbnailCache;

class ReviewQueueModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        StateRole = Qt::UserRole + 1, // State
        SimilarityRole,               // double
        ConfidenceRole,               // double
        SuspectFaceRole,              // qint64, 0 when none
        EvidenceFaceRole,             // qint64, 0 when none
        OutcomeRole,                  // QString: what was done, for reviewed rows
    };
    enum State { Pending = 0, Current = 1, Done = 2, Skipped = 3 };
    // A pair, order-free: face ids, or minus the image ids for photos without faces.
    using Key = QPair<qint64, qint64>;

    explicit ReviewQueueModel(ThumbnailCache* thumbnails = nullptr, QObject* parent = nullptr);

    // An empty queue of `kind` at `threshold`; forgets the reviewed rows.
    void reset(ReviewKind kind, float threshold);
    // Fresh candidates (ranked) for the current kind. Pairs reviewed in this session are left
    // out; a pinned item (reopened or picked) stays current.
    void setCandidates(std::vector<ReviewItem> items);
    // Cross-label and same-photo rows pass with similarity >= threshold; outliers with their
    // similarity to their own label <= threshold.
    void setThreshold(float threshold);
    float threshold() const { return m_threshold; }
    ReviewKind kind() const { return m_kind; }
    static bool passes(ReviewKind kind, const ReviewItem& item, float threshold);
    static Key keyOf(const ReviewItem& item);

    // Candidates not yet reviewed that pass `threshold` (no model change).
    int countAt(float threshold) const;
    int reviewedCount() const { return int(m_reviewed.size()); }
    int pendingCount() const { return int(m_visible.size()); }
    // The first pending row; rowCount() when everything shown was reviewed.
    int currentRow() const { return reviewedCount(); }
    const ReviewItem* current() const;
    const ReviewItem* itemAt(int row) const;
    // Pending items in queue order, the current one first (what an export writes).
    std::vector<ReviewItem> pendingItems() const;

    // The current item was handled: it joins the reviewed rows with `outcome`.
    void completeCurrent(State state, const QString& outcome);
    // The last reviewed row becomes current again; false when there is none.
    bool reopenLast();
    // A pending row becomes the current one.
    void makeCurrent(int row);
    // The reviewed row of the latest entry gets a new outcome (a follow-up edit).
    void setLastOutcome(const QString& outcome);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
    struct Reviewed {
        ReviewItem item;
        State state = Done;
        QString outcome;
    };
    void rebuildVisible();
    void thumbnailsReady(const QList<qint64>& faceIds);
    QString title(const ReviewItem& item) const;
    QString toolTip(const ReviewItem& item) const;

    ThumbnailCache* m_thumbnails;
    ReviewKind m_kind = ReviewKind::CrossLabel;
    float m_threshold = 0.f;
    std::vector<Reviewed> m_reviewed;
    std::vector<ReviewItem> m_candidates; // ranked, none of them reviewed
    std::vector<int> m_visible;           // indices into m_candidates, in row order
    std::optional<Key> m_pinned;          // shown first whatever the threshold
};

} // namespace lookalike::ui
