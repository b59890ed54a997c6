#include "photogroupmodel.h"
#include "plural.h"
#include "thumbnailcache.h"
#include <QDir>
#include <QPixmap>
#include <algorithm>

namespace lookalike::ui {

PhotoGroupModel::PhotoGroupModel(ThumbnailCache* thumbnails, QObject* parent)
    : QAbstractListModel(parent), m_thumbnails(thumbnails)
{
    if (m_thumbnails)
        connect(m_thumbnails, &ThumbnailCache::ready, this, &PhotoGroupModel::thumbnailsReady);
}

void PhotoGroupModel::setGroups(std::vector<PhotoReviewGroup> groups)
{
    beginResetModel();
    m_groups = std::move(groups);
    endResetModel();
}

const PhotoReviewGroup* PhotoGroupModel::group(int row) const
{
    return row >= 0 && row < int(m_groups.size()) ? &m_groups[size_t(row)] : nullptr;
}

int PhotoGroupModel::rowOf(qint64 imageId) const
{
    for (size_t row = 0; row < m_groups.size(); ++row) {
        const auto& ids = m_groups[row].group.imageIds;
        if (std::find(ids.begin(), ids.end(), imageId) != ids.end())
            return int(row);
    }
    return -1;
}

QString PhotoGroupModel::keyOf(const PhotoGroup& group)
{
    std::vector<qint64> ids = group.imageIds;
    std::sort(ids.begin(), ids.end());
    QStringList parts;
    for (qint64 id : ids)
        parts << QString::number(id);
    return parts.join(QLatin1Char(','));
}

qint64 PhotoGroupModel::keeper(int row) const
{
    const PhotoReviewGroup* g = group(row);
    if (!g || g->group.imageIds.empty())
        return 0;
    const qint64 chosen = m_chosen.value(keyOf(g->group));
    const auto& ids = g->group.imageIds;
    return chosen && std::find(ids.begin(), ids.end(), chosen) != ids.end() ? chosen : ids.front();
}

int PhotoGroupModel::keeperIndex(int row) const
{
    const PhotoReviewGroup* g = group(row);
    if (!g)
        return -1;
    const auto& ids = g->group.imageIds;
    return int(std::find(ids.begin(), ids.end(), keeper(row)) - ids.begin());
}

void PhotoGroupModel::setKeeper(int row, qint64 imageId)
{
    const PhotoReviewGroup* g = group(row);
    if (!g || keeper(row) == imageId)
        return;
    m_chosen.insert(keyOf(g->group), imageId);
    emit dataChanged(index(row), index(row));
}

std::vector<qint64> PhotoGroupModel::others(int row) const
{
    std::vector<qint64> ids;
    if (const PhotoReviewGroup* g = group(row))
        for (qint64 id : g->group.imageIds)
            if (id != keeper(row))
                ids.push_back(id);
    return ids;
}

int PhotoGroupModel::photoCount() const
{
    int n = 0;
    for (const PhotoReviewGroup& g : m_groups)
        n += int(g.photos.size());
    return n;
}

int PhotoGroupModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_groups.size());
}

QString PhotoGroupModel::kindText(PhotoMatchKind kind)
{
    switch (kind) {
    case PhotoMatchKind::Exact:
        return tr("exact copies");
    case PhotoMatchKind::Near:
        return tr("near duplicates");
    case PhotoMatchKind::Object: // photo queries only, never a duplicate group
    case PhotoMatchKind::Similar:
        break;
    }
    return tr("look alike");
}

QVariant PhotoGroupModel::data(const QModelIndex& index, int role) const
{
    const PhotoReviewGroup* g = index.isValid() ? group(index.row()) : nullptr;
    if (!g)
        return {};
    const qint64 keep = keeper(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1\n%2").arg(
            plural(qint64(g->photos.size()), tr("photo"), tr("photos")), kindText(g->group.kind));
    case Qt::ToolTipRole: {
        QStringList paths;
        for (const PhotoFacts& f : g->photos)
            paths << QDir::toNativeSeparators(f.path);
        return paths.join(QLatin1Char('\n'));
    }
    case Qt::DecorationRole: {
        if (!m_thumbnails)
            return {};
        const QPixmap pixmap = m_thumbnails->find(keep);
        if (pixmap.isNull() && !m_thumbnails->failed(keep))
            m_thumbnails->request(keep);
        return pixmap;
    }
    case KeeperRole:
        return keep;
    case CountRole:
        return int(g->photos.size());
    default:
        return {};
    }
}

void PhotoGroupModel::thumbnailsReady(const QList<qint64>& imageIds)
{
    for (qint64 id : imageIds) {
        const int row = rowOf(id);
        if (row >= 0 && keeper(row) == id)
            emit dataChanged(index(row), index(row), {Qt::DecorationRole});
    }
}

} // namespace lookalike::ui
