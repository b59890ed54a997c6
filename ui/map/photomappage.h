#pragma once
// View > Map in Photos mode: every photo of the library laid out by its look vector
// (PhotoMap), coloured by folder with the folders' names on their islands, the photos
// themselves when zoomed in (the Photos page's thumbnail cache: loaded off the GUI thread),
// a hover card with the photo and its folder, a click to open it. A selection (Ctrl+click,
// rectangle, lasso) feeds the photo actions: Find similar photos (Ctrl+Shift+F, the photo
// query of the Photos page) and Move to Trash (Delete: the window's journalled removal, Ctrl+Z
// brings the photos back). The photo query's photo shows as a marker among its nearest
// photos. The map follows the library: photos indexed, removed or brought back bring it up
// to date while it is shown (or when it is shown next).
#include "mappagebase.h"
#include <QHash>
#include <vector>

class QAction;

namespace lookalike::ui {

class PhotosPage;

class PhotoMapPage : public MapPageBase {
    Q_OBJECT
public:
    // `photos` gives the photos (paths, folders), their query and the viewer; `thumbnails`
    // is its photo-mode cache. Neither is owned.
    PhotoMapPage(PhotosPage* photos, ThumbnailCache* thumbnails, Settings* settings,
                 MessageSink* sink, QWidget* parent = nullptr);

    void setActive(bool active);
    QAction* findSimilarAction() const { return m_findSimilar; }
    QAction* trashAction() const { return m_trash; }

signals:
    // The person asked to move these photos (image ids) to the trash.
    void trashRequested(const std::vector<qint64>& photoIds);
    // Find similar photos on this photo: the window shows the query's results.
    void similarRequested(qint64 photoId);

private:
    void refreshGroups() override;
    void updateMarker() override;
    QString describe(qint64 photoId) const override;
    void mapShown() override;
    void photosChanged();
    void reindexPhotos(); // the rows of the loaded photos, their groups; stale if they changed
    void updateActions(); // Move to Trash and Find similar follow the selection
    void contextMenu(const QPoint& pos);
    QString pathOf(qint64 photoId) const;

    PhotosPage* m_photos;
    QAction* m_findSimilar;
    QAction* m_trash;
    QHash<qint64, int> m_rowOf; // image id -> index into the loaded photos
    // The photos changed while the page was hidden: reindexPhotos() runs when it shows (an
    // O(photos) pass: 1,000,000 photos stalled the window at every block of their load).
    bool m_photosPending = false;
};

} // namespace lookalike::ui
