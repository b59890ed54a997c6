#pragma once
// What one review action will change, worked out on the GUI thread before any job runs:
// the edit for the worker, what to say about it, and the label whose folder photos may move
// into. Names are asked here (merge, another label); nullopt means the user cancelled.
#include "reviewjob.h"
#include <QCoreApplication>
#include <optional>

namespace lookalike::ui {

class MessageSink;

struct ReviewChange {
    Q_DECLARE_TR_FUNCTIONS(lookalike::ui::ReviewChange)
public:
    QString what;        // for the status line and undo: "Relabelled a face from penny to sheldon"
    QString note;        // for the item's row in the queue: "Now sheldon"
    QString targetLabel; // photos may move into its folder; empty for decisions
    ReviewEdit edit;

    // Both faces under one side's label: the other face gets it.
    static ReviewChange fileUnder(const ReviewItem& item, bool suspectLabel,
                                  const EditOptions& options);
    // Asks for the merged name, prefilled with the label with more faces.
    static std::optional<ReviewChange> merge(const ReviewItem& item, qint64 suspectCount,
                                             qint64 evidenceCount, MessageSink& sink,
                                             const EditOptions& options);
    // Different people; for two copies of a photo, "keep both" (the same person).
    static ReviewChange different(const ReviewItem& item);
    // Asks for the suspect's label (empty: no label).
    static std::optional<ReviewChange> otherLabel(const ReviewItem& item, const QStringList& labels,
                                                  MessageSink& sink, const EditOptions& options);
};

} // namespace lookalike::ui
