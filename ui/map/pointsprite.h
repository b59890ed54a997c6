#pragma once
// A map point as a small antialiased disc (optionally ringed, for the selection), made once
// per colour and radius and copied into a premultiplied ARGB32 image by hand: 100,000 of
// them take a few milliseconds where QPainter calls would take tens. Plain data, usable on
// any thread.
#include <QRgb>
#include <vector>

class QImage;

namespace lookalike::ui {

struct PointSprite {
    int radius = 0;              // half the side, ring included
    std::vector<quint32> pixels; // (2 * radius + 1)^2, premultiplied ARGB

    // A disc of `discRadius` pixels in `colour` at 90% opacity, ringed in near-black when
    // `ring`.
    static PointSprite make(QRgb colour, int discRadius, bool ring);
    // Composites the sprite centred on pixel (cx, cy) of `image` (Format_ARGB32_Premultiplied),
    // clipped to the image.
    void drawInto(QImage& image, int cx, int cy) const;
};

} // namespace lookalike::ui
