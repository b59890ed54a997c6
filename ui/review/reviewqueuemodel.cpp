#include "reviewqueuemodel.h"
#include "reviewmessages.h"
#include "thumbnailcache.h"
#include <QFileInfo>
#include <QFont>
#include <QGuiApplication>
#include <QIcon>
#include <QPalette>
#include <QSet>
#include <algorithm>

namespace lookalike::ui {

namespace {

QString labelText(const QString& label)
{
    return label.isEmpty() ? ReviewQueueModel::tr("unlabelled") : label;
}

} // namespace

ReviewQueueModel::ReviewQueueModel(ThumbnailCache* thumbnails, QObject* parent)
    : QAbstractListModel(parent), m_thumbnails(thumbnails)
{
    if (m_thumbnails)
        connect(m_thumbnails, &ThumbnailCache::ready, this, &ReviewQueueModel::thumbnailsReady);
}

ReviewQueueModel::Key ReviewQueueModel::keyOf(const ReviewItem& item)
{
    const qint64 a = item.suspect.id ? item.suspect.id : -item.suspect.imageId;
    const qint64 b = item.evidence.id ? item.evidence.id : -item.evidence.imageId;
    return {std::min(a, b), std::max(a, b)};
}

bool ReviewQueueModel::passes(ReviewKind kind, const ReviewItem& item, float threshold)
{
    if (kind == ReviewKind::Outlier)
        return item.ownSupport <= threshold;
    return item.similarity >= threshold;
}

void ReviewQueueModel::reset(ReviewKind kind, float threshold)
{
    beginResetModel();
    m_kind = kind;
    m_threshold = threshold;
    m_reviewed.clear();
    m_candidates.clear();
    m_visible.clear();
    m_pinned.reset();
    endResetModel();
}

void ReviewQueueModel::setCandidates(std::vector<ReviewItem> items)
{
    QSet<Key> reviewed;
    for (const Reviewed& r : m_reviewed)
        reviewed.insert(keyOf(r.item));
    std::erase_if(items, [&](const ReviewItem& item) { return reviewed.contains(keyOf(item)); });
    if (m_pinned) {
        // A reopened item stays current even when the fresh list no longer has it.
        const auto fresh = std::find_if(items.begin(), items.end(),
                                        [&](const ReviewItem& i) { return keyOf(i) == *m_pinned; });
        const ReviewItem* old = current();
        if (fresh == items.end() && old)
            items.insert(items.begin(), *old);
    }
    beginResetModel();
    m_candidates = std::move(items);
    rebuildVisible();
    endResetModel();
}

void ReviewQueueModel::setThreshold(float threshold)
{
    if (threshold == m_threshold)
        return;
    beginResetModel();
    m_threshold = threshold;
    rebuildVisible();
    endResetModel();
}

void ReviewQueueModel::rebuildVisible()
{
    m_visible.clear();
    int pinned = -1;
    for (int i = 0; i < int(m_candidates.size()); ++i) {
        if (m_pinned && keyOf(m_candidates[size_t(i)]) == *m_pinned)
            pinned = i;
        else if (passes(m_kind, m_candidates[size_t(i)], m_threshold))
            m_visible.push_back(i);
    }
    if (pinned >= 0)
        m_visible.insert(m_visible.begin(), pinned);
    else
        m_pinned.reset();
}

int ReviewQueueModel::countAt(float threshold) const
{
    return int(std::count_if(m_candidates.begin(), m_candidates.end(), [&](const ReviewItem& i) {
        return passes(m_kind, i, threshold) || (m_pinned && keyOf(i) == *m_pinned);
    }));
}

const ReviewItem* ReviewQueueModel::itemAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    if (row < reviewedCount())
        return &m_reviewed[size_t(row)].item;
    return &m_candidates[size_t(m_visible[size_t(row - reviewedCount())])];
}

const ReviewItem* ReviewQueueModel::current() const
{
    return itemAt(currentRow());
}

std::vector<ReviewItem> ReviewQueueModel::pendingItems() const
{
    std::vector<ReviewItem> out;
    for (int i : m_visible)
        out.push_back(m_candidates[size_t(i)]);
    return out;
}

void ReviewQueueModel::completeCurrent(State state, const QString& outcome)
{
    const ReviewItem* item = current();
    if (!item)
        return;
    const int row = currentRow();
    // The same rows stay in the same places: only the current one changes its state.
    m_reviewed.push_back({*item, state, outcome});
    m_candidates.erase(m_candidates.begin() + m_visible.front());
    m_pinned.reset();
    rebuildVisible();
    emit dataChanged(index(row), index(row));
    if (row + 1 < rowCount())
        emit dataChanged(index(row + 1), index(row + 1), {Qt::FontRole, StateRole});
}

bool ReviewQueueModel::reopenLast()
{
    if (m_reviewed.empty())
        return false;
    const int row = currentRow() - 1;
    const ReviewItem item = m_reviewed.back().item;
    m_reviewed.pop_back();
    m_candidates.insert(m_candidates.begin(), item);
    m_pinned = keyOf(item);
    rebuildVisible();
    emit dataChanged(index(row), index(row));
    if (row + 1 < rowCount())
        emit dataChanged(index(row + 1), index(row + 1), {Qt::FontRole, StateRole});
    return true;
}

void ReviewQueueModel::makeCurrent(int row)
{
    const ReviewItem* item = itemAt(row);
    if (!item || row <= currentRow())
        return;
    beginResetModel();
    m_pinned = keyOf(*item);
    rebuildVisible();
    endResetModel();
}

void ReviewQueueModel::setLastOutcome(const QString& outcome)
{
    if (m_reviewed.empty())
        return;
    m_reviewed.back().outcome = outcome;
    const int row = reviewedCount() - 1;
    emit dataChanged(index(row), index(row), {Qt::DisplayRole, OutcomeRole, Qt::ToolTipRole});
}

void ReviewQueueModel::thumbnailsReady(const QList<qint64>& faceIds)
{
    const QSet<qint64> ids(faceIds.begin(), faceIds.end());
    for (int row = 0; row < rowCount(); ++row)
        if (ids.contains(itemAt(row)->suspect.id))
            emit dataChanged(index(row), index(row), {Qt::DecorationRole});
}

int ReviewQueueModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_reviewed.size() + m_visible.size());
}

QString ReviewQueueModel::title(const ReviewItem& item) const
{
    switch (item.kind) {
    case ReviewKind::CrossLabel:
        return tr("%1\n\u2192 %2  %3")
            .arg(labelText(item.suspect.label), labelText(item.evidence.label))
            .arg(ReviewMessages::similarity(item.similarity));
    case ReviewKind::Outlier:
        return tr("%1\nunlike the rest  %2")
            .arg(labelText(item.suspect.label))
            .arg(ReviewMessages::similarity(item.ownSupport));
    case ReviewKind::SamePhoto:
        return tr("%1\n= %2")
            .arg(QFileInfo(item.suspect.path).fileName(), QFileInfo(item.evidence.path).fileName());
    case ReviewKind::MetadataName:
        return tr("%1\nmetadata: %2").arg(labelText(item.suspect.label), labelText(item.evidence.label));
    }
    return {};
}

QString ReviewQueueModel::toolTip(const ReviewItem& item) const
{
    QStringList lines{item.suspect.path.toHtmlEscaped()};
    if (!item.evidence.path.isEmpty())
        lines << item.evidence.path.toHtmlEscaped();
    lines << tr("Similarity %1, to its own label %2, confidence %3")
                 .arg(double(item.similarity), 0, 'f', 3)
                 .arg(double(item.ownSupport), 0, 'f', 3)
                 .arg(double(item.confidence), 0, 'f', 3);
    return lines.join(QStringLiteral("<br>"));
}

QVariant ReviewQueueModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const ReviewItem& item = *itemAt(row);
    const Reviewed* reviewed = row < reviewedCount() ? &m_reviewed[size_t(row)] : nullptr;
    switch (role) {
    case Qt::DisplayRole:
        // Reviewed rows: the pair on the first line, what was done on the second.
        return reviewed ? title(item).replace(QLatin1Char('\n'), QLatin1Char(' ')) +
                              QLatin1Char('\n') + reviewed->outcome
                        : title(item);
    case Qt::ToolTipRole:
        return reviewed ? QStringLiteral("<b>%1</b><br>%2")
                              .arg(reviewed->outcome.toHtmlEscaped(), toolTip(item))
                        : toolTip(item);
    case Qt::DecorationRole: {
        if (!m_thumbnails || item.suspect.id == 0)
            return {};
        const QPixmap pixmap = m_thumbnails->find(item.suspect.id);
        if (pixmap.isNull() && !m_thumbnails->failed(item.suspect.id))
            m_thumbnails->request(item.suspect.id);
        // An icon, so that views draw it at their icon size, not the cache's.
        return pixmap.isNull() ? QVariant() : QVariant(QIcon(pixmap));
    }
    case Qt::FontRole: {
        QFont font = QGuiApplication::font();
        font.setBold(row == currentRow());
        return font;
    }
    case Qt::ForegroundRole:
        return reviewed ? QVariant(QGuiApplication::palette().color(QPalette::PlaceholderText))
                        : QVariant();
    case StateRole:
        return reviewed ? reviewed->state : (row == currentRow() ? Current : Pending);
    case SimilarityRole:
        return double(item.similarity);
    case ConfidenceRole:
        return double(item.confidence);
    case SuspectFaceRole:
        return item.suspect.id;
    case EvidenceFaceRole:
        return item.evidence.id;
    case OutcomeRole:
        return reviewed ? reviewed->outcome : QString();
    default:
        return {};
    }
}

Qt::ItemFlags ReviewQueueModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

} // namespace lookalike::ui
