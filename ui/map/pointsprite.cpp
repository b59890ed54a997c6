#include "pointsprite.h"
#include <QImage>
#include <algorithm>
#include <cmath>

namespace lookalike::ui {

namespace {

constexpr QRgb kRing = 0xff202020;

quint32 premultiply(QRgb colour, double alpha)
{
    const int a = int(std::lround(255 * alpha));
    return qPremultiply(qRgba(qRed(colour), qGreen(colour), qBlue(colour), a));
}

// dst = src + dst * (1 - src alpha), premultiplied ARGB, two channels per multiply (the
// division by 255 as Qt's qt_div_255 does it).
inline quint32 over(quint32 src, quint32 dst)
{
    const quint32 inverse = 255 - qAlpha(src);
    quint32 rb = (dst & 0x00ff00ff) * inverse;
    rb = ((rb + ((rb >> 8) & 0x00ff00ff) + 0x00800080) >> 8) & 0x00ff00ff;
    quint32 ag = ((dst >> 8) & 0x00ff00ff) * inverse;
    ag = (ag + ((ag >> 8) & 0x00ff00ff) + 0x00800080) & 0xff00ff00;
    return src + (rb | ag);
}

} // namespace

PointSprite PointSprite::make(QRgb colour, int discRadius, bool ring)
{
    PointSprite s;
    s.radius = discRadius + (ring ? 2 : 0);
    const int side = 2 * s.radius + 1;
    s.pixels.resize(size_t(side) * side);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            const double d = std::hypot(x - s.radius, y - s.radius);
            const double disc = std::clamp(discRadius + 0.5 - d, 0.0, 1.0);
            quint32 px = premultiply(colour, 0.9 * disc);
            if (ring) {
                const double band = std::clamp(1.2 - std::abs(d - (discRadius + 1.0)), 0.0, 1.0);
                px = over(premultiply(kRing, band), px);
            }
            s.pixels[size_t(y) * side + x] = px;
        }
    return s;
}

void PointSprite::drawInto(QImage& image, int cx, int cy) const
{
    const int w = image.width(), h = image.height();
    const int left = cx - radius, top = cy - radius, side = 2 * radius + 1;
    if (left >= w || top >= h || left + side <= 0 || top + side <= 0)
        return;
    auto* bits = reinterpret_cast<quint32*>(image.bits());
    const qsizetype stride = image.bytesPerLine() / 4;
    for (int y = std::max(0, -top); y < side && top + y < h; ++y) {
        quint32* row = bits + (top + y) * stride + left;
        const quint32* src = pixels.data() + size_t(y) * side;
        for (int x = std::max(0, -left); x < side && left + x < w; ++x)
            if (src[x])
                row[x] = over(src[x], row[x]);
    }
}

} // namespace lookalike::ui
