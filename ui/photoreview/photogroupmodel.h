#pragma once
// The groups of duplicate photos as a list: one row per group, largest first, showing the
// keeper's thumbnail (a ThumbnailCache in photo mode; requested when painted, never loaded
// here), the number of photos and the kind of match. It also holds the keeper of each group:
// PhotoKeeper's choice unless the user chose another, a choice remembered by the group's
// photos so that it survives the list being found again. GUI thread only.
#include "photoreviewjob.h"
#include <QAbstractListModel>
#include <QHash>

namespace lookalike::ui {

class ThumbnailCache;

class PhotoGroupModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { KeeperRole = Qt::UserRole + 1, CountRole };

    // `thumbnails` (may be null) must work in photo mode for this library; not owned.
    explicit PhotoGroupModel(ThumbnailCache* thumbnails, QObject* parent = nullptr);

    void setGroups(std::vector<PhotoReviewGroup> groups);
    const std::vector<PhotoReviewGroup>& groups() const { return m_groups; }
    const PhotoReviewGroup* group(int row) const;
    // The row of the group holding `imageId`, -1 when none does.
    int rowOf(qint64 imageId) const;

    qint64 keeper(int row) const;
    int keeperIndex(int row) const; // index of the keeper within the group's photos
    void setKeeper(int row, qint64 imageId);
    // The photos of the group other than its keeper.
    std::vector<qint64> others(int row) const;
    int photoCount() const; // in all groups

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

    // "exact copies", "near duplicates", "look alike"
    static QString kindText(PhotoMatchKind kind);

private:
    static QString keyOf(const PhotoGroup& group);
    void thumbnailsReady(const QList<qint64>& imageIds);

    ThumbnailCache* m_thumbnails;
    std::vector<PhotoReviewGroup> m_groups;
    QHash<QString, qint64> m_chosen; // group key -> keeper the user chose
};

} // namespace lookalike::ui
