#include "photogridmodel.h"
#include "thumbnailcache.h"
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QPixmap>

namespace lookalike::ui {

PhotoGridModel::PhotoGridModel(ThumbnailCache* thumbnails, QObject* parent)
    : QAbstractListModel(parent), m_thumbnails(thumbnails)
{
    connect(m_thumbnails, &ThumbnailCache::ready, this, &PhotoGridModel::thumbnailsReady);
}

void PhotoGridModel::setPhotos(std::vector<PhotoInfo> photos)
{
    beginResetModel();
    m_photos = std::move(photos);
    m_rows.clear();
    m_rowOf.clear();
    m_folders = 0;
    int header = -1;
    for (size_t i = 0; i < m_photos.size(); ++i) {
        const QString folder = m_photos[i].folder();
        if (header < 0 || m_rows[size_t(header)].folder != folder) {
            header = int(m_rows.size());
            m_rows.push_back({-1, 0, folder});
            ++m_folders;
        }
        ++m_rows[size_t(header)].count;
        m_rowOf.insert(m_photos[i].id, int(m_rows.size()));
        m_rows.push_back({int(i), 0, {}});
    }
    endResetModel();
}

const PhotoInfo* PhotoGridModel::photo(int row) const
{
    if (row < 0 || row >= int(m_rows.size()) || m_rows[size_t(row)].photo < 0)
        return nullptr;
    return &m_photos[size_t(m_rows[size_t(row)].photo)];
}

bool PhotoGridModel::isHeader(int row) const
{
    return row >= 0 && row < int(m_rows.size()) && m_rows[size_t(row)].photo < 0;
}

int PhotoGridModel::rowOf(qint64 photoId) const
{
    return m_rowOf.value(photoId, -1);
}

std::vector<qint64> PhotoGridModel::photoIds(int first, int last) const
{
    std::vector<qint64> ids;
    for (int row = std::max(0, first); row <= std::min(last, int(m_rows.size()) - 1); ++row)
        if (const PhotoInfo* p = photo(row))
            ids.push_back(p->id);
    return ids;
}

int PhotoGridModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

Qt::ItemFlags PhotoGridModel::flags(const QModelIndex& index) const
{
    if (!index.isValid() || isHeader(index.row()))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QString PhotoGridModel::toolTip(const PhotoInfo& p) const
{
    const QLocale locale;
    QStringList lines{QDir::toNativeSeparators(p.path),
                      tr("%1 × %2 %3, %4")
                          .arg(p.width)
                          .arg(p.height)
                          .arg(p.format.toUpper(), locale.formattedDataSize(p.size))};
    const QDateTime date = QDateTime::fromMSecsSinceEpoch(p.dateMs());
    lines << (p.takenMs > 0 ? tr("Taken %1") : tr("Modified %1"))
                 .arg(locale.toString(date, QLocale::ShortFormat));
    if (!p.camera.isEmpty())
        lines << p.camera;
    return lines.join(QLatin1Char('\n'));
}

QVariant PhotoGridModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row& row = m_rows[size_t(index.row())];
    if (row.photo < 0) {
        switch (role) {
        case Qt::DisplayRole:
            return QDir::toNativeSeparators(row.folder);
        case PathRole:
            return row.folder;
        case IsHeaderRole:
            return true;
        case CountRole:
            return row.count;
        case PhotoIdRole:
            return qint64(-1);
        default:
            return {};
        }
    }
    const PhotoInfo& p = m_photos[size_t(row.photo)];
    switch (role) {
    case Qt::DisplayRole:
        return QFileInfo(p.path).fileName();
    case Qt::ToolTipRole:
        return toolTip(p);
    case Qt::DecorationRole:
    case ThumbnailStateRole:
        return thumbnailData(m_thumbnails, p.id, role);
    case PhotoIdRole:
        return p.id;
    case PathRole:
        return p.path;
    case IsHeaderRole:
        return false;
    default:
        return {};
    }
}

QVariant PhotoGridModel::thumbnailData(ThumbnailCache* cache, qint64 photoId, int role)
{
    if (role == ThumbnailStateRole)
        return cache->contains(photoId) ? Ready : cache->failed(photoId) ? Failed : Loading;
    if (role != Qt::DecorationRole)
        return {};
    const QPixmap pixmap = cache->find(photoId);
    if (pixmap.isNull() && !cache->failed(photoId))
        cache->request(photoId);
    return pixmap;
}

void PhotoGridModel::thumbnailsReady(const QList<qint64>& ids)
{
    for (qint64 id : ids)
        if (const int row = rowOf(id); row >= 0) {
            const QModelIndex i = index(row);
            emit dataChanged(i, i, {Qt::DecorationRole, ThumbnailStateRole});
        }
}

} // namespace lookalike::ui
