#pragma once
#include "faceselection.h"
#include <QListView>
#include <QTimer>

namespace lookalike::ui {

class FaceDelegate;
class FaceGridModel;
class ThumbnailCache;

// The face grid: a virtualised QListView (icon mode, uniform item sizes) painted by
// FaceDelegate. After scrolling stops it asks the ThumbnailCache for the next screenful so
// that paging down finds faces ready.
class FaceGridView : public QListView, public FaceSelection {
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
    // Shown in the middle of the grid when it has no faces.
    void setEmptyText(const QString& text);

signals:
    void faceActivated(qint64 faceId); // double-click or Enter
    void zoomRequested(int steps);     // Ctrl+wheel: +1 larger, -1 smaller

protected:
    void wheelEvent(QWheelEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    void resizeEvent(QResizeEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    void prefetch();
    void updateGridSize();

    FaceDelegate* m_delegate;
    ThumbnailCache* m_cache = nullptr;
    QTimer m_prefetchTimer;
    QString m_emptyText;
};

} // namespace lookalike::ui
