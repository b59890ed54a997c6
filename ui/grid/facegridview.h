#pragma once
#include "faceselection.h"
#include "tilegridview.h"

namespace lookalike::ui {

class FaceDelegate;
class FaceGridModel;
class ThumbnailCache;

// The face grid: a TileGridView (icon mode, uniform item sizes) painted by FaceDelegate.
// After scrolling stops it asks the ThumbnailCache for the next screenful so that paging
// down finds faces ready.
class FaceGridView : public TileGridView, public FaceSelection {
    Q_OBJECT
public:
    explicit FaceGridView(QWidget* parent = nullptr);

    void setThumbnailCache(ThumbnailCache* cache) { m_cache = cache; }
    void setThumbnailSide(int side);
    int thumbnailSide() const;
    FaceDelegate* faceDelegate() const { return m_delegate; }

    // Face ids of the selected tiles, in grid order.
    std::vector<qint64> selectedFaceIds() const override;
    qint64 currentFaceId() const override; // -1 when none
    // First and last rows on screen, or {-1, -1}.
    std::pair<int, int> visibleRows() const;

signals:
    void faceActivated(qint64 faceId); // double-click or Enter

protected:
    void resizeEvent(QResizeEvent* event) override;
    void prefetch() override;

private:
    void updateGridSize();

    FaceDelegate* m_delegate;
    ThumbnailCache* m_cache = nullptr;
};

} // namespace lookalike::ui
