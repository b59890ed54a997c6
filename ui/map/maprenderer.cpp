#include "maprenderer.h"
#include "mapgroups.h"
#include "thumbnailcache.h"
#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace lookalike::ui {

namespace {

constexpr double kThumbnailUnits = 0.55; // map units a face thumbnail covers
constexpr QRgb kDimmed = 0xffd6d6d6;
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

int MapRenderer::pointRadius(const MapScene& scene) const
{
    const double zoom = scene.scale / std::max(1e-9, scene.fitScale);
    return int(std::clamp(2.0 + std::log2(std::max(1.0, zoom)) * 0.8, 2.0, 6.0));
}

int MapRenderer::thumbnailSide(const MapScene& scene, qint64 visible) const
{
    const int side = int(scene.scale * kThumbnailUnits);
    return visible <= kMaxThumbnails && side >= kMinThumbnailSide ? std::min(side, 128) : 0;
}

const MapRenderer::Sprite& MapRenderer::sprite(QRgb colour, int radius, bool ring)
{
    const quint64 key = (quint64(colour) << 16) | (quint64(radius) << 1) | quint64(ring);
    auto it = m_sprites.find(key);
    if (it != m_sprites.end())
        return *it;
    Sprite s;
    s.radius = radius + (ring ? 2 : 0);
    const int side = 2 * s.radius + 1;
    s.pixels.resize(size_t(side) * side);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            const double d = std::hypot(x - s.radius, y - s.radius);
            const double disc = std::clamp(radius + 0.5 - d, 0.0, 1.0);
            quint32 px = premultiply(colour, 0.9 * disc);
            if (ring) {
                const double band = std::clamp(1.2 - std::abs(d - (radius + 1.0)), 0.0, 1.0);
                px = over(premultiply(kRing, band), px);
            }
            s.pixels[size_t(y) * side + x] = px;
        }
    return *m_sprites.insert(key, std::move(s));
}

void MapRenderer::splat(const MapScene& scene, int radius)
{
    if (m_layer.size() != scene.size)
        m_layer = QImage(scene.size, QImage::Format_ARGB32_Premultiplied);
    m_layer.fill(Qt::transparent);
    const int w = m_layer.width(), h = m_layer.height();
    auto* bits = reinterpret_cast<quint32*>(m_layer.bits());
    const qsizetype stride = m_layer.bytesPerLine() / 4;
    auto draw = [&](int i, const Sprite& s) {
        const QPointF c = scene.toScreen(i);
        const int cx = int(std::lround(c.x())) - s.radius, cy = int(std::lround(c.y())) - s.radius;
        const int side = 2 * s.radius + 1;
        for (int y = std::max(0, -cy); y < side && cy + y < h; ++y) {
            quint32* row = bits + (cy + y) * stride + cx;
            const quint32* src = s.pixels.data() + size_t(y) * side;
            for (int x = std::max(0, -cx); x < side && cx + x < w; ++x)
                if (src[x])
                    row[x] = over(src[x], row[x]);
        }
    };
    // The few sprites of this frame by colour, looked up without hashing.
    std::vector<std::pair<quint64, const Sprite*>> recent;
    auto spriteFor = [&](QRgb colour, bool ring) {
        const quint64 key = (quint64(colour) << 1) | quint64(ring);
        for (const auto& [k, s] : recent)
            if (k == key)
                return s;
        const Sprite* s = &sprite(colour, radius, ring);
        recent.insert(recent.begin(), {key, s});
        return s;
    };
    // Dimmed points below, then the others, then the selected on top.
    for (int pass = 0; pass < 3; ++pass)
        for (int i : m_visible) {
            const bool dim = !scene.dimmed.empty() && scene.dimmed[i];
            const bool selected = scene.selected[i];
            if ((pass == 0) != dim || (pass == 2) != (selected && !dim))
                continue;
            draw(i, *spriteFor(dim ? kDimmed : scene.colours[i], selected));
        }
}

void MapRenderer::drawThumbnails(QPainter& p, const MapScene& scene, ThumbnailCache* thumbnails,
                                 int side, std::vector<qint64>& missing)
{
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    for (int i : m_visible) {
        const QPointF c = scene.toScreen(i);
        const QRectF box(c.x() - side / 2.0, c.y() - side / 2.0, side, side);
        const qint64 id = scene.ids[i];
        const QPixmap face = thumbnails ? thumbnails->find(id) : QPixmap();
        const bool dim = !scene.dimmed.empty() && scene.dimmed[i];
        if (face.isNull()) {
            if (thumbnails && !thumbnails->failed(id))
                missing.push_back(id);
            p.fillRect(box.adjusted(side / 3.0, side / 3.0, -side / 3.0, -side / 3.0),
                       QColor(dim ? kDimmed : scene.colours[i]));
            continue;
        }
        p.setOpacity(dim ? 0.3 : 1.0);
        p.drawPixmap(box.toRect(), face);
        p.setOpacity(1.0);
        const bool selected = scene.selected[i];
        p.setPen(QPen(selected ? QColor(kRing) : QColor(scene.colours[i]), selected ? 4 : 2.5));
        p.setBrush(Qt::NoBrush);
        p.drawRect(box.adjusted(1, 1, -1, -1));
    }
}

void MapRenderer::drawNames(QPainter& p, const MapScene& scene)
{
    QFont font = p.font();
    font.setBold(true);
    p.setFont(font);
    const QFontMetrics metrics(font);
    std::vector<QRectF> taken;
    const QRect widget(QPoint(0, 0), scene.size);
    for (const IslandLabel& l : scene.islands) {
        const QString text = scene.groupNames.value(l.group);
        const QPointF c = scene.toScreen(l.position.x(), l.position.y());
        QRectF box = metrics.boundingRect(text);
        box.moveCenter(c);
        box.adjust(-3, -1, 3, 1);
        if (!widget.contains(box.toRect()) ||
            std::any_of(taken.begin(), taken.end(),
                        [&](const QRectF& r) { return r.intersects(box); }))
            continue;
        taken.push_back(box);
        QPainterPath path;
        path.addText(box.left() + 3, box.top() + 1 + metrics.ascent(), font, text);
        p.setPen(QPen(QColor(255, 255, 255, 230), 3.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        p.setPen(Qt::NoPen);
        p.setBrush(MapGroups::colourOf(text).darker(170));
        p.drawPath(path);
    }
}

void MapRenderer::drawMarker(QPainter& p, const MapScene& scene)
{
    if (!scene.marker)
        return;
    const QPointF c = scene.toScreen(scene.marker->x(), scene.marker->y());
    const QRectF badge(c.x() - 22, c.y() - 62, 44, 44);
    p.setPen(QPen(QColor(0xc0392b), 3));
    p.drawLine(c, QPointF(c.x(), badge.bottom()));
    p.setBrush(QColor(0xc0392b));
    p.drawEllipse(c, 4, 4);
    QPainterPath round;
    round.addEllipse(badge);
    p.save();
    p.setClipPath(round);
    if (!scene.markerFace.isNull())
        p.drawImage(badge, scene.markerFace);
    else
        p.fillRect(badge, Qt::white);
    p.restore();
    p.setBrush(Qt::NoBrush);
    p.drawEllipse(badge);
}

void MapRenderer::drawHover(QPainter& p, const MapScene& scene, ThumbnailCache* thumbnails,
                            const Overlay& o, std::vector<qint64>& missing)
{
    if (o.hover < 0 || o.hover >= scene.count())
        return;
    const qint64 id = scene.ids[o.hover];
    const QPixmap face = thumbnails ? thumbnails->find(id) : QPixmap();
    if (face.isNull() && thumbnails && !thumbnails->failed(id))
        missing.push_back(id);
    const int side = 96;
    const QFontMetrics metrics(p.font());
    const QStringList lines = o.hoverText.split(QLatin1Char('\n'));
    int textWidth = 0;
    for (const QString& line : lines)
        textWidth = std::max(textWidth, metrics.horizontalAdvance(line));
    const QSize card(std::max(side, std::min(textWidth, 320)) + 16,
                     side + 12 + metrics.height() * int(lines.size()) + 8);
    const QPointF c = scene.toScreen(o.hover);
    QPointF at(c.x() + 14, c.y() + 14);
    at.setX(std::min(at.x(), double(scene.size.width() - card.width() - 4)));
    if (at.y() + card.height() > scene.size.height())
        at.setY(c.y() - 14 - card.height());
    const QRectF box(at, card);
    p.setPen(QColor(0, 0, 0, 60));
    p.setBrush(QColor(255, 255, 255, 245));
    p.drawRoundedRect(box, 6, 6);
    const QRectF image(box.left() + (card.width() - side) / 2.0, box.top() + 8, side, side);
    if (!face.isNull())
        p.drawPixmap(image.toRect(), face);
    else
        p.fillRect(image, QColor(scene.colours[o.hover]));
    p.setPen(QColor(0x202020));
    for (int l = 0; l < lines.size(); ++l)
        p.drawText(QRectF(box.left() + 8, image.bottom() + 6 + l * metrics.height(),
                          card.width() - 16, metrics.height()),
                   Qt::AlignHCenter | Qt::AlignVCenter,
                   metrics.elidedText(lines[l], Qt::ElideMiddle, card.width() - 16));
}

void MapRenderer::paint(QPainter& p, const MapScene& scene, ThumbnailCache* thumbnails,
                        const Overlay& o, std::vector<qint64>& missing)
{
    p.fillRect(QRect(QPoint(0, 0), scene.size), QColor(0xf7f7f4));
    const int radius = pointRadius(scene);
    scene.grid.query(scene.visibleRect(64), m_visible);
    const int side = thumbnailSide(scene, qint64(m_visible.size()));
    p.setRenderHint(QPainter::Antialiasing);
    if (side > 0) {
        drawThumbnails(p, scene, thumbnails, side, missing);
    } else {
        splat(scene, radius);
        p.drawImage(0, 0, m_layer);
    }
    if (scene.showNames)
        drawNames(p, scene);
    drawMarker(p, scene);
    if (!o.band.isNull()) {
        p.setPen(QPen(QColor(0x2060c0), 1, Qt::DashLine));
        p.setBrush(QColor(0x20, 0x60, 0xc0, 40));
        p.drawRect(o.band);
    }
    if (o.lasso.size() > 1) {
        p.setPen(QPen(QColor(0x2060c0), 1.5, Qt::DashLine));
        p.setBrush(QColor(0x20, 0x60, 0xc0, 40));
        p.drawPolygon(o.lasso);
    }
    drawHover(p, scene, thumbnails, o, missing);
    if (!o.message.isEmpty()) {
        p.setPen(QColor(0x606060));
        p.drawText(QRect(QPoint(0, 0), scene.size), Qt::AlignCenter | Qt::TextWordWrap, o.message);
    }
}

} // namespace lookalike::ui
