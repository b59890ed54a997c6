#pragma once
// The photos grid's model: one header row per folder, then that folder's photos (already in
// the grid's order, PhotoCatalog::sortForDisplay). Headers are neither selectable nor
// enabled, so keyboard navigation steps over them. Thumbnails come from a ThumbnailCache in
// photo mode (ids are image ids); data() never does I/O.
#include "photocatalog.h"
#include <QAbstractListModel>
#include <QHash>
#include <vector>

namespace lookalike::ui {

class ThumbnailCache;

class PhotoGridModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        PhotoIdRole = Qt::UserRole + 1, // qint64, -1 on a header
        PathRole,                       // QString: the photo, or the header's folder
        IsHeaderRole,                   // bool
        CountRole,                      // int: photos under a header
        ThumbnailStateRole,             // ThumbnailState
        // QString: a header's note, shown instead of its count; a tile's second caption
        // line (PhotoDelegate::setNoteLine). Only PhotoMatchModel sets it.
        NoteRole,
    };
    enum ThumbnailState { Loading = 0, Ready = 1, Failed = 2 };

    PhotoGridModel(ThumbnailCache* thumbnails, QObject* parent = nullptr);

    // Shows `photos`, grouped by consecutive folder; resets the model.
    void setPhotos(std::vector<PhotoInfo> photos);
    int photoCount() const { return int(m_photos.size()); }
    int folderCount() const { return m_folders; }
    // The photo of a row; null for a header or a row out of range.
    const PhotoInfo* photo(int row) const;
    bool isHeader(int row) const;
    int rowOf(qint64 photoId) const; // -1 when not shown
    // Photo ids of rows first..last (headers skipped).
    std::vector<qint64> photoIds(int first, int last) const;

    // Qt::DecorationRole (asks `cache` for it when missing) and ThumbnailStateRole of a
    // photo; any other role: null. Shared with PhotoMatchModel.
    static QVariant thumbnailData(ThumbnailCache* cache, qint64 photoId, int role);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
    struct Row {
        int photo = -1;  // index in m_photos, -1: a header
        int count = 0;   // photos under a header
        QString folder;  // a header's folder
    };
    void thumbnailsReady(const QList<qint64>& ids);
    QString toolTip(const PhotoInfo& p) const;

    ThumbnailCache* m_thumbnails;
    std::vector<PhotoInfo> m_photos;
    std::vector<Row> m_rows;
    QHash<qint64, int> m_rowOf;
    int m_folders = 0;
};

} // namespace lookalike::ui
