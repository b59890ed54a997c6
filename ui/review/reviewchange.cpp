#include "reviewchange.h"
#include "messagesink.h"
#include <QFileInfo>

namespace lookalike::ui {

ReviewChange ReviewChange::fileUnder(const ReviewItem& item, bool suspectLabel,
                                     const EditOptions& options)
{
    const FaceRecord& face = suspectLabel ? item.evidence : item.suspect;
    const QString label = suspectLabel ? item.suspect.label : item.evidence.label;
    return {tr("Relabelled a face from %1 to %2").arg(face.label, label), tr("Now %1").arg(label),
            label, ReviewJob::relabel({face.id}, label, options)};
}

std::optional<ReviewChange> ReviewChange::merge(const ReviewItem& item, qint64 suspectCount,
                                                qint64 evidenceCount, MessageSink& sink,
                                                const EditOptions& options)
{
    const QString a = item.suspect.label;
    const QString b = item.evidence.label;
    const QString larger = evidenceCount > suspectCount ? b : a;
    const auto answer =
        sink.askText(tr("Merge labels"),
                     tr("%1 and %2 are the same person. Name of the merged label:").arg(a, b),
                     larger, QStringList{larger, larger == a ? b : a});
    if (!answer || answer->trimmed().isEmpty())
        return std::nullopt;
    const QString into = answer->trimmed();
    QStringList from;
    for (const QString& label : {a, b})
        if (label != into)
            from << label;
    return ReviewChange{from.size() == 1 ? tr("Merged %1 into %2").arg(from.front(), into)
                                         : tr("Merged %1 and %2 into %3").arg(a, b, into),
                        tr("Merged into %1").arg(into), into,
                        ReviewJob::merge(from, into, options)};
}

ReviewChange ReviewChange::different(const ReviewItem& item)
{
    const bool copies = item.kind == ReviewKind::SamePhoto;
    return {copies ? tr("Kept both copies; this pair will not be shown again")
                   : tr("Marked as different people; this pair will not be shown again"),
            copies ? tr("Kept both") : tr("Different people"), QString(),
            ReviewJob::decide(item.suspect.id, item.evidence.id, copies ? 1 : 0)};
}

std::optional<ReviewChange> ReviewChange::otherLabel(const ReviewItem& item,
                                                     const QStringList& labels, MessageSink& sink,
                                                     const EditOptions& options)
{
    const QString name = QFileInfo(item.suspect.path).fileName();
    const auto answer =
        sink.askText(tr("Label the face"), tr("Who is the face in %1? (empty: no label)").arg(name),
                     item.suspect.label, labels);
    if (!answer || answer->trimmed() == item.suspect.label)
        return std::nullopt;
    const QString label = answer->trimmed();
    return ReviewChange{label.isEmpty()
                            ? tr("Removed the label of a face in %1").arg(name)
                            : tr("Relabelled a face from %1 to %2").arg(item.suspect.label, label),
                        label.isEmpty() ? tr("Label removed") : tr("Now %1").arg(label), label,
                        ReviewJob::relabel({item.suspect.id}, label, options)};
}

} // namespace lookalike::ui
