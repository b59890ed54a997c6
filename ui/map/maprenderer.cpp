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

// Where a thumbnail goes in `box`: centred, its aspect kept (faces are square, whole photos
// are not).
QRectF fitted(const QRectF& box, const QPixmap& pixmap)
{
    QSizeF size = pixmap.deviceIndependentSize();
    if (size.isEmpty())
        return box;
    size.scale(box.size(), Qt::KeepAspectRatio);
    QRectF r(QPointF(0, 0), size);
    r.moveCenter(box.center());
    return r;
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

const PointSprite& MapRenderer::sprite(QRgb colour, int radius)
{
    const quint64 key = (quint64(colour) << 16) | quint64(radius);
    auto it = m_sprites.find(key);
    if (it == m_sprites.end())
        it = m_sprites.insert(key, PointSprite::make(colour, radius, true));
    return *it;
}

// The selection is not in the points' raster (it changes with every click): the selected
// points on screen, ringed, splatted into a layer of their own when there are any.
void MapRenderer::drawSelected(QPainter& p, const MapScene& scene, int radius)
{
    const QRectF view = scene.visibleRect(radius + 3.0);
    std::vector<int> shown;
    for (size_t i = 0; i < scene.selected.size(); ++i)
        if (scene.selected[i] && view.contains(scene.positions[2 * i], scene.positions[2 * i + 1]))
            shown.push_back(int(i));
    if (shown.empty())
        return;
    if (m_selectionLayer.size() != scene.size)
        m_selectionLayer = QImage(scene.size, QImage::Format_ARGB32_Premultiplied);
    m_selectionLayer.fill(Qt::transparent);
    for (int i : shown) {
        const bool dim = !scene.dimmed.empty() && scene.dimmed[i];
        const QPointF c = scene.toScreen(i);
        sprite(dim ? kDimmed : scene.colours[i], radius)
            .drawInto(m_selectionLayer, int(std::lround(c.x())), int(std::lround(c.y())));
    }
    p.drawImage(0, 0, m_selectionLayer);
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
        const QRectF shown = fitted(box, face);
        p.setOpacity(dim ? 0.3 : 1.0);
        p.drawPixmap(shown.toRect(), face);
        p.setOpacity(1.0);
        const bool selected = scene.selected[i];
        p.setPen(QPen(selected ? QColor(kRing) : QColor(scene.colours[i]), selected ? 4 : 2.5));
        p.setBrush(Qt::NoBrush);
        p.drawRect(shown.adjusted(1, 1, -1, -1));
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
        // An island at the edge of the view keeps its name, moved inside (the biggest
        // island of a fitted map often touches the edge, and its name went missing).
        if (!widget.contains(c.toPoint()))
            continue;
        box.moveLeft(std::clamp(box.left(), 0.0, std::max(0.0, widget.width() - box.width())));
        box.moveTop(std::clamp(box.top(), 0.0, std::max(0.0, widget.height() - box.height())));
        if (std::any_of(taken.begin(), taken.end(),
                        [&](const QRectF& r) { return r.intersects(box); }))
            continue;
        taken.push_back(box);
        QPainterPath path;
        path.addText(box.left() + 3, box.top() + 1 + metrics.ascent(), font, text);
        p.setPen(QPen(QColor(255, 255, 255, 230), 3.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        p.setPen(Qt::NoPen);
        const QColor colour = size_t(l.group) < scene.groupColours.size()
                                  ? QColor(scene.groupColours[size_t(l.group)])
                                  : MapGroups::colourOf(text);
        p.setBrush(colour.darker(170));
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
        p.drawPixmap(fitted(image, face).toRect(), face);
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
    // Thumbnails need the points on screen; far out, where there can be 100,000 of them,
    // they are not looked for.
    m_visibleKnown = thumbnailSide(scene, 0) > 0;
    m_visible.clear();
    if (m_visibleKnown)
        scene.grid.query(scene.visibleRect(64), m_visible);
    const int side = thumbnailSide(scene, lastVisible());
    if (side > 0) {
        p.setRenderHint(QPainter::Antialiasing);
        drawThumbnails(p, scene, thumbnails, side, missing);
    } else {
        m_points.paint(p, scene, p.device()->devicePixelRatioF(), radius);
        drawSelected(p, scene, radius);
    }
    p.setRenderHint(QPainter::Antialiasing);
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
