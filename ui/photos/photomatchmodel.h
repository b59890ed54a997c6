#pragma once
// The results of a photo query in sections, each under a header row: "Duplicates of this
// photo" (exact copies and near-duplicates, with their kind and score), "Same object in
// other photos" (when the library has same-object descriptors: with their matching
// keypoints), then "Photos that look like this" (look-alikes with their similarity). Same roles as PhotoGridModel,
// so PhotoGridView and PhotoDelegate show it; headers are neither selectable nor enabled.
// Changing the look-alikes (the threshold moved) inserts or removes rows at the end of
// their section, so the current photo and the selection stay.
#include "photomatch.h"
#include <QAbstractListModel>
#include <vector>

namespace lookalike::ui {

class ThumbnailCache;

class PhotoMatchModel : public QAbstractListModel {
    Q_OBJECT
public:
    PhotoMatchModel(ThumbnailCache* thumbnails, QObject* parent = nullptr);

    // Resets the model. Every list best first. `showObjects`: the same-object section is
    // there (empty or not); without it, `objects` must be empty.
    void setMatches(std::vector<PhotoMatch> duplicates, std::vector<PhotoMatch> lookAlikes,
                    std::vector<PhotoMatch> objects = {}, bool showObjects = false);
    // No rows at all, not even the headers (while searching, or when the query failed).
    void clear();
    // New look-alikes, best first: rows after the longest common start change.
    void setLookAlikes(std::vector<PhotoMatch> lookAlikes);
    // The look-alikes header's note ("12 at or above 0.50").
    void setLookAlikesNote(const QString& note);

    int duplicateCount() const { return int(m_duplicates.size()); }
    int objectCount() const { return int(m_objects.size()); }
    int lookAlikeCount() const { return int(m_lookAlikes.size()); }
    int duplicatesHeaderRow() const { return 0; }
    // -1 when the same-object section is not shown.
    int objectsHeaderRow() const { return m_showObjects ? 1 + duplicateCount() : -1; }
    int lookAlikesHeaderRow() const
    {
        return 1 + duplicateCount() + (m_showObjects ? 1 + objectCount() : 0);
    }
    // The match of a row; null for a header or a row out of range.
    const PhotoMatch* match(int row) const;
    int rowOf(qint64 photoId) const; // -1 when not shown
    // "same file content", "near-duplicate · 0.93", "similarity 0.71"
    static QString describe(const PhotoMatch& match);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
    QVariant headerData(int row, int role) const;
    void thumbnailsReady(const QList<qint64>& ids);

    ThumbnailCache* m_thumbnails;
    std::vector<PhotoMatch> m_duplicates;
    std::vector<PhotoMatch> m_lookAlikes;
    std::vector<PhotoMatch> m_objects;
    bool m_showObjects = false;
    QString m_lookAlikesNote;
    bool m_shown = false; // the headers are there
};

} // namespace lookalike::ui
