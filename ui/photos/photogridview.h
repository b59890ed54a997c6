#pragma once
#include "tilegridview.h"
#include <vector>

namespace lookalike::ui {

class PhotoDelegate;
class ThumbnailCache;

// The photos grid: a TileGridView over a PhotoGridModel, with folder headers spanning the
// width (so item sizes are not uniform). Arrow keys move between photos and step over the
// headers; Enter or a double-click activates a photo.
class PhotoGridView : public TileGridView {
    Q_OBJECT
public:
    explicit PhotoGridView(QWidget* parent = nullptr);

    void setThumbnailCache(ThumbnailCache* cache) { m_cache = cache; }
    void setThumbnailSide(int side);
    int thumbnailSide() const;
    PhotoDelegate* photoDelegate() const { return m_delegate; }

    // Image ids of the selected photos, in grid order.
    std::vector<qint64> selectedPhotoIds() const;
    qint64 currentPhotoId() const; // -1 when none
    // First and last rows on screen, or {-1, -1}.
    std::pair<int, int> visibleRows() const;

signals:
    void photoActivated(qint64 photoId);

protected:
    void prefetch() override;
    // QListView's moves, then off a header onto the nearest photo in the move's direction.
    QModelIndex moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers) override;

private:
    PhotoDelegate* m_delegate;
    ThumbnailCache* m_cache = nullptr;
};

} // namespace lookalike::ui
