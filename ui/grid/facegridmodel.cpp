#include "facegridmodel.h"
#include "facecatalog.h"
#include "faceidsmime.h"
#include "thumbnailcache.h"
#include <QFileInfo>
#include <QMimeData>
#include <QSet>

namespace lookalike::ui {

namespace {

bool byFaceId(const FaceGridModel::Row& a, const FaceGridModel::Row& b)
{
    return a.faceId < b.faceId;
}

} // namespace

FaceGridModel::FaceGridModel(const FaceCatalog* catalog, ThumbnailCache* thumbnails,
                             QObject* parent)
    : QAbstractListModel(parent), m_catalog(catalog), m_thumbnails(thumbnails)
{
    connect(m_thumbnails, &ThumbnailCache::ready, this, &FaceGridModel::thumbnailsReady);
}

void FaceGridModel::setRows(std::vector<Row> rows)
{
    // The same faces in the same order (labels changed, the catalog reloaded): nothing moves,
    // so no diff and no index rebuild, which would cost tens of ms at 100,000 faces.
    if (rows.size() == m_rows.size() && std::equal(m_rows.begin(), m_rows.end(), rows.begin())) {
        const bool similarities = !std::equal(m_rows.begin(), m_rows.end(), rows.begin(), [](const Row& a, const Row& b) {
            return a.similarity == b.similarity || (std::isnan(a.similarity) && std::isnan(b.similarity));
        });
        m_rows = std::move(rows);
        if (similarities && !m_rows.empty())
            emit dataChanged(index(0), index(int(m_rows.size()) - 1), {SimilarityRole, Qt::ToolTipRole});
        return;
    }
    // Fast path, the common case while importing: the old rows followed by new ones.
    const size_t old = m_rows.size();
    if (rows.size() > old && std::equal(m_rows.begin(), m_rows.end(), rows.begin())) {
        beginInsertRows({}, int(old), int(rows.size()) - 1);
        m_rows.insert(m_rows.end(), rows.begin() + qsizetype(old), rows.end());
        const bool byId = m_byId && std::is_sorted(m_rows.begin() + qsizetype(old ? old - 1 : 0),
                                                   m_rows.end(), byFaceId);
        if (byId != m_byId)
            rebuildIndex();
        else if (!m_byId)
            for (size_t i = old; i < m_rows.size(); ++i)
                m_rowOf.insert(m_rows[i].faceId, int(i));
        endInsertRows();
        m_rows = std::move(rows); // same ids; takes the similarities
        return;
    }
    if (!applyDiff(rows)) {
        beginResetModel();
        m_rows = std::move(rows);
        rebuildIndex();
        endResetModel();
        return;
    }
    // Same faces in the same places; similarities may have changed.
    m_rows = std::move(rows);
    if (!m_rows.empty())
        emit dataChanged(index(0), index(int(m_rows.size()) - 1),
                         {SimilarityRole, Qt::ToolTipRole});
}

// Turns m_rows into `target` with removals then insertions, when the faces both have in
// common appear in the same order in both. Returns false (nothing changed) otherwise.
bool FaceGridModel::applyDiff(const std::vector<Row>& target)
{
    QSet<qint64> wanted;
    wanted.reserve(qsizetype(target.size()));
    for (const Row& r : target)
        wanted.insert(r.faceId);
    std::vector<qint64> kept;
    for (const Row& r : m_rows)
        if (wanted.contains(r.faceId))
            kept.push_back(r.faceId);
    QSet<qint64> keptSet(kept.begin(), kept.end());
    size_t k = 0;
    for (const Row& r : target) {
        if (keptSet.contains(r.faceId) && (k >= kept.size() || kept[k++] != r.faceId))
            return false;
    }
    // Removals, back to front, in contiguous ranges.
    for (int row = int(m_rows.size()) - 1; row >= 0;) {
        if (wanted.contains(m_rows[size_t(row)].faceId)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !wanted.contains(m_rows[size_t(first - 1)].faceId))
            --first;
        beginRemoveRows({}, first, row);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + row + 1);
        endRemoveRows();
        row = first - 1;
    }
    // Insertions, front to back, in contiguous ranges.
    for (int row = 0; row < int(target.size());) {
        if (row < int(m_rows.size()) && m_rows[size_t(row)].faceId == target[size_t(row)].faceId) {
            ++row;
            continue;
        }
        int last = row;
        while (last + 1 < int(target.size()) && !keptSet.contains(target[size_t(last + 1)].faceId))
            ++last;
        beginInsertRows({}, row, last);
        m_rows.insert(m_rows.begin() + row, target.begin() + row, target.begin() + last + 1);
        endInsertRows();
        row = last + 1;
    }
    rebuildIndex();
    return true;
}

void FaceGridModel::rebuildIndex()
{
    m_rowOf.clear();
    m_byId = std::is_sorted(m_rows.begin(), m_rows.end(), byFaceId);
    if (m_byId)
        return;
    m_rowOf.reserve(qsizetype(m_rows.size()));
    for (int i = 0; i < int(m_rows.size()); ++i)
        m_rowOf.insert(m_rows[size_t(i)].faceId, i);
}

int FaceGridModel::rowOf(qint64 faceId) const
{
    if (!m_byId)
        return m_rowOf.value(faceId, -1);
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), Row{faceId}, byFaceId);
    return it != m_rows.end() && it->faceId == faceId ? int(it - m_rows.begin()) : -1;
}

void FaceGridModel::refreshInfo(const std::vector<qint64>& faceIds)
{
    std::vector<int> rows;
    rows.reserve(faceIds.size());
    for (qint64 id : faceIds)
        if (const int row = rowOf(id); row >= 0)
            rows.push_back(row);
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (size_t i = 0; i < rows.size();) {
        size_t j = i + 1;
        while (j < rows.size() && rows[j] == rows[j - 1] + 1)
            ++j;
        refreshInfo(rows[i], rows[j - 1]);
        i = j;
    }
}

void FaceGridModel::refreshInfo(int first, int last)
{
    last = last < 0 ? int(m_rows.size()) - 1 : std::min(last, int(m_rows.size()) - 1);
    first = std::max(0, first);
    if (first <= last)
        emit dataChanged(index(first), index(last),
                         {Qt::ToolTipRole, LabelRole, PathRole, Qt::DisplayRole, SuggestionRole});
}

void FaceGridModel::thumbnailsReady(const QList<qint64>& ids)
{
    for (qint64 id : ids) {
        const int row = rowOf(id);
        if (row >= 0)
            emit dataChanged(index(row), index(row), {Qt::DecorationRole, ThumbnailStateRole});
    }
}

int FaceGridModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QString FaceGridModel::toolTip(const Row& row) const
{
    const FaceInfo* info = m_catalog->find(row.faceId);
    QStringList lines;
    if (info) {
        lines << QStringLiteral("<b>%1</b>")
                     .arg(info->label.isEmpty() ? tr("Unlabelled") : info->label.toHtmlEscaped());
        lines << info->path.toHtmlEscaped();
        if (const LabelSuggestion* suggestion = m_catalog->suggestion(row.faceId))
            lines << tr("Looks like %1 (%2): Y confirms, N rejects")
                         .arg(suggestion->label.toHtmlEscaped())
                         .arg(suggestion->similarity, 0, 'f', 2);
    }
    if (!std::isnan(row.similarity))
        lines << tr("Similarity: %1").arg(row.similarity, 0, 'f', 3);
    if (info)
        lines << tr("Detector score: %1").arg(info->score, 0, 'f', 2);
    lines << tr("Face #%1").arg(row.faceId);
    return lines.join(QStringLiteral("<br>"));
}

QVariant FaceGridModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[size_t(index.row())];
    switch (role) {
    case FaceIdRole:
        return row.faceId;
    case SimilarityRole:
        return std::isnan(row.similarity) ? QVariant() : QVariant(double(row.similarity));
    case Qt::DisplayRole:
    case LabelRole: {
        const FaceInfo* info = m_catalog->find(row.faceId);
        return info ? info->label : QString();
    }
    case PathRole: {
        const FaceInfo* info = m_catalog->find(row.faceId);
        return info ? info->path : QString();
    }
    case DetectorScoreRole: {
        const FaceInfo* info = m_catalog->find(row.faceId);
        return info ? QVariant(double(info->score)) : QVariant();
    }
    case Qt::ToolTipRole:
        return toolTip(row);
    case Qt::DecorationRole: {
        const QPixmap pixmap = m_thumbnails->find(row.faceId);
        if (pixmap.isNull())
            m_thumbnails->request(row.faceId);
        return pixmap.isNull() ? QVariant() : QVariant(pixmap);
    }
    case SuggestionRole: {
        const LabelSuggestion* suggestion = m_catalog->suggestion(row.faceId);
        return suggestion ? suggestion->label : QString();
    }
    case ThumbnailStateRole:
        if (m_thumbnails->failed(row.faceId))
            return Failed;
        return m_thumbnails->contains(row.faceId) ? Ready : Loading;
    default:
        return {};
    }
}

Qt::ItemFlags FaceGridModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled |
           Qt::ItemNeverHasChildren;
}

QStringList FaceGridModel::mimeTypes() const
{
    return {FaceIdsMime::type(), QStringLiteral("text/plain")};
}

QMimeData* FaceGridModel::mimeData(const QModelIndexList& indexes) const
{
    std::vector<qint64> ids;
    QStringList paths;
    for (const QModelIndex& i : indexes) {
        if (!i.isValid())
            continue;
        ids.push_back(m_rows[size_t(i.row())].faceId);
        if (const FaceInfo* info = m_catalog->find(ids.back()))
            paths << info->path;
    }
    if (ids.empty())
        return nullptr;
    auto* mime = new QMimeData;
    FaceIdsMime::encode(mime, ids);
    paths.removeDuplicates();
    mime->setText(paths.join(QLatin1Char('\n')));
    return mime;
}

QHash<int, QByteArray> FaceGridModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(FaceIdRole, "faceId");
    names.insert(SimilarityRole, "similarity");
    names.insert(LabelRole, "label");
    names.insert(PathRole, "path");
    names.insert(DetectorScoreRole, "detectorScore");
    names.insert(ThumbnailStateRole, "thumbnailState");
    names.insert(SuggestionRole, "suggestion");
    return names;
}

} // namespace lookalike::ui
