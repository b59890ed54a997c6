#pragma once
// Paints a MapScene: far out, the points from the PointLayer's raster (a blit per frame,
// rebuilt in the background when the zoom or the colours change) with the selected points
// ringed on top; close in, the faces themselves from the ThumbnailCache, framed in their
// group's colour; then the names on the islands, the query marker and the hover card. GUI
// thread only.
#include "mapscene.h"
#include "pointlayer.h"
#include "pointsprite.h"
#include <QHash>
#include <QImage>
#include <QPolygonF>
#include <limits>
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
    // Points found on screen at the last paint; unknown (a large number) when the zoom
    // was too far out for thumbnails, where they were not looked for.
    qint64 lastVisible() const { return m_visibleKnown ? qint64(m_visible.size()) : kUnknown; }
    PointLayer& pointLayer() { return m_points; }
    const PointLayer& pointLayer() const { return m_points; }

private:
    static constexpr qint64 kUnknown = std::numeric_limits<int>::max();
    const PointSprite& sprite(QRgb colour, int radius);
    void drawSelected(QPainter& p, const MapScene& scene, int radius);
    void drawThumbnails(QPainter& p, const MapScene& scene, ThumbnailCache* thumbnails, int side,
                        std::vector<qint64>& missing);
    void drawNames(QPainter& p, const MapScene& scene);
    void drawMarker(QPainter& p, const MapScene& scene);
    void drawHover(QPainter& p, const MapScene& scene, ThumbnailCache* thumbnails,
                   const Overlay& overlay, std::vector<qint64>& missing);

    PointLayer m_points;
    QImage m_selectionLayer;               // the selected points, widget pixels
    QHash<quint64, PointSprite> m_sprites; // ringed, by colour and radius
    std::vector<int> m_visible;
    bool m_visibleKnown = false;
};

} // namespace lookalike::ui
