#pragma once
// Paints a MapScene: far out, every visible point as a small disc splatted straight into an
// image (100,000 points in a few milliseconds, where QPainter calls would take tens); close
// in, the faces themselves from the ThumbnailCache, framed in their group's colour; then the
// names on the islands, the query marker and the hover card. GUI thread only.
#include "mapscene.h"
#include <QHash>
#include <QImage>
#include <QPolygonF>
#include <vector>

class QPainter;

namespace lookalike::ui {

class ThumbnailCache;

class MapRenderer {
public:
    // Thumbnails replace points when at most this many are on screen, at least this big.
    static constexpr int kMaxThumbnails = 500;
    static constexpr int kMinThumbnailSide = 30;

    struct Overlay {
        int hover = -1;    // point under the mouse
        QString hoverText; // label and file of the hovered point
        QRectF band;       // rubber band, widget pixels (null: none)
        QPolygonF lasso;   // widget pixels
        QString message;   // shown in the middle (empty map, laying out...)
    };

    // Paints the whole widget. Faces on screen without a thumbnail yet are listed in
    // `missing`, to be requested.
    void paint(QPainter& painter, const MapScene& scene, ThumbnailCache* thumbnails,
               const Overlay& overlay, std::vector<qint64>& missing);

    // Side of a face thumbnail at the scene's zoom, 0 when points are drawn instead.
    int thumbnailSide(const MapScene& scene, qint64 visible) const;
    int pointRadius(const MapScene& scene) const;
    qint64 lastVisible() const { return qint64(m_visible.size()); }

private:
    struct Sprite {
        int radius = 0;
        std::vector<quint32> pixels; // (2r + 1)^2 premultiplied ARGB
    };
    const Sprite& sprite(QRgb colour, int radius, bool ring);
    void splat(const MapScene& scene, int radius);
    void drawThumbnails(QPainter& p, const MapScene& scene, ThumbnailCache* thumbnails, int side,
                        std::vector<qint64>& missing);
    void drawNames(QPainter& p, const MapScene& scene);
    void drawMarker(QPainter& p, const MapScene& scene);
    void drawHover(QPainter& p, const MapScene& scene, ThumbnailCache* thumbnails,
                   const Overlay& overlay, std::vector<qint64>& missing);

    QImage m_layer;
    QHash<quint64, Sprite> m_sprites; // by colour, radius and ring
    std::vector<int> m_visible;
};

} // namespace lookalike::ui
