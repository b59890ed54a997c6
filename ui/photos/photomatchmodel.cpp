#include "photomatchmodel.h"
#include "photogridmodel.h"
#include "plural.h"
#include "thumbnailcache.h"
#include <QColor>
#include <QDir>
#include <QFileInfo>

namespace lookalike::ui {

PhotoMatchModel::PhotoMatchModel(ThumbnailCache* thumbnails, QObject* parent)
    : QAbstractListModel(parent), m_thumbnails(thumbnails)
{
    connect(m_thumbnails, &ThumbnailCache::ready, this, &PhotoMatchModel::thumbnailsReady);
}

void PhotoMatchModel::setMatches(std::vector<PhotoMatch> duplicates,
                                 std::vector<PhotoMatch> lookAlikes,
                                 std::vector<PhotoMatch> objects, bool showObjects)
{
    beginResetModel();
    m_duplicates = std::move(duplicates);
    m_lookAlikes = std::move(lookAlikes);
    m_objects = std::move(objects);
    m_showObjects = showObjects || !m_objects.empty();
    m_shown = true;
    endResetModel();
}

void PhotoMatchModel::clear()
{
    beginResetModel();
    m_duplicates.clear();
    m_lookAlikes.clear();
    m_objects.clear();
    m_showObjects = false;
    m_shown = false;
    endResetModel();
}

void PhotoMatchModel::setLookAlikes(std::vector<PhotoMatch> lookAlikes)
{
    if (!m_shown)
        return;
    size_t same = 0;
    while (same < m_lookAlikes.size() && same < lookAlikes.size() &&
           m_lookAlikes[same].imageId == lookAlikes[same].imageId)
        ++same;
    const int first = lookAlikesHeaderRow() + 1 + int(same);
    if (same < m_lookAlikes.size()) {
        beginRemoveRows({}, first, lookAlikesHeaderRow() + lookAlikeCount());
        m_lookAlikes.resize(same);
        endRemoveRows();
    }
    if (same < lookAlikes.size()) {
        beginInsertRows({}, first, first + int(lookAlikes.size() - same) - 1);
        m_lookAlikes = std::move(lookAlikes);
        endInsertRows();
    }
    const QModelIndex header = index(lookAlikesHeaderRow());
    emit dataChanged(header, header, {PhotoGridModel::CountRole});
}

void PhotoMatchModel::setLookAlikesNote(const QString& note)
{
    m_lookAlikesNote = note;
    if (!m_shown)
        return;
    const QModelIndex header = index(lookAlikesHeaderRow());
    emit dataChanged(header, header, {PhotoGridModel::NoteRole});
}

const PhotoMatch* PhotoMatchModel::match(int row) const
{
    if (row > 0 && row <= duplicateCount())
        return &m_duplicates[size_t(row - 1)];
    const int object = row - objectsHeaderRow() - 1;
    if (m_showObjects && object >= 0 && object < objectCount())
        return &m_objects[size_t(object)];
    const int lookAlike = row - lookAlikesHeaderRow() - 1;
    if (lookAlike >= 0 && lookAlike < lookAlikeCount())
        return &m_lookAlikes[size_t(lookAlike)];
    return nullptr;
}

int PhotoMatchModel::rowOf(qint64 photoId) const
{
    for (int row = 0; row < rowCount(); ++row)
        if (const PhotoMatch* m = match(row); m && m->imageId == photoId)
            return row;
    return -1;
}

QString PhotoMatchModel::describe(const PhotoMatch& match)
{
    switch (match.kind) {
    case PhotoMatchKind::Exact:
        return tr("same file content");
    case PhotoMatchKind::Near:
        return tr("near-duplicate · %1").arg(match.similarity, 0, 'f', 2);
    case PhotoMatchKind::Object:
        return tr("same object · %n points", nullptr, match.inliers);
    case PhotoMatchKind::Similar:
        break;
    }
    return tr("similarity %1").arg(match.similarity, 0, 'f', 2);
}

int PhotoMatchModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_shown ? 0 : lookAlikesHeaderRow() + 1 + lookAlikeCount();
}

Qt::ItemFlags PhotoMatchModel::flags(const QModelIndex& index) const
{
    if (!match(index.row()))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant PhotoMatchModel::headerData(int row, int role) const
{
    const bool duplicates = row == duplicatesHeaderRow();
    const bool objects = row == objectsHeaderRow();
    switch (role) {
    case Qt::DisplayRole:
        return duplicates ? tr("Duplicates of this photo")
               : objects  ? tr("Same object in other photos")
                          : tr("Photos that look like this");
    case PhotoGridModel::IsHeaderRole:
        return true;
    case PhotoGridModel::CountRole:
        return duplicates ? duplicateCount() : objects ? objectCount() : lookAlikeCount();
    case PhotoGridModel::NoteRole:
        if (duplicates)
            return duplicateCount() == 0 ? tr("none in the library")
                                         : plural(duplicateCount(), tr("photo"), tr("photos"));
        if (objects)
            return objectCount() == 0
                       ? tr("none in the library (a poster, cover, painting, building or product "
                            "photographed again)")
                       : plural(objectCount(), tr("photo"), tr("photos")) +
                             tr(", the same thing photographed again");
        return m_lookAlikesNote;
    case PhotoGridModel::PhotoIdRole:
        return qint64(-1);
    default:
        return {};
    }
}

QVariant PhotoMatchModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const PhotoMatch* m = match(index.row());
    if (!m)
        return headerData(index.row(), role);
    switch (role) {
    case Qt::DisplayRole:
        return QFileInfo(m->path).fileName();
    case Qt::ToolTipRole:
        return QDir::toNativeSeparators(m->path) + QLatin1Char('\n') + describe(*m);
    case PhotoGridModel::NoteRole:
        return describe(*m);
    case Qt::ForegroundRole: // the kind at a glance: copies stand out from look-alikes
        if (m->kind == PhotoMatchKind::Object)
            return QColor(40, 120, 190);
        return m->kind == PhotoMatchKind::Similar ? QVariant() : QVariant(QColor(200, 110, 30));
    case PhotoGridModel::PhotoIdRole:
        return m->imageId;
    case PhotoGridModel::PathRole:
        return m->path;
    case PhotoGridModel::IsHeaderRole:
        return false;
    default:
        return PhotoGridModel::thumbnailData(m_thumbnails, m->imageId, role);
    }
}

void PhotoMatchModel::thumbnailsReady(const QList<qint64>& ids)
{
    for (qint64 id : ids)
        if (const int row = rowOf(id); row >= 0) {
            const QModelIndex i = index(row);
            emit dataChanged(i, i, {Qt::DecorationRole, PhotoGridModel::ThumbnailStateRole});
        }
}

} // namespace lookalike::ui
