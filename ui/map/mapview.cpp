#include "mapview.h"
#include "maplayout.h"
#include "thumbnailcache.h"
#include <QGestureEvent>
#include <QKeyEvent>
#include <QNativeGestureEvent>
#include <QPainter>
#include <QPinchGesture>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace lookalike::ui {

namespace {

constexpr double kClickSlop = 4;      // pixels a click may move and stay a click
constexpr double kHitRadius = 7;      // pixels around a point that count as on it
constexpr double kMaxZoom = 400;      // times the fitted scale
constexpr double kWheelStep = 1.0015; // zoom per eighth of a degree of wheel

// The box of all but the farthest 0.5% of points on each side: a few strays far out do not
// shrink the whole map to a corner.
QRectF fitBounds(const std::vector<float>& positions)
{
    const size_t n = positions.size() / 2;
    if (n < 200)
        return mapBounds(positions);
    std::vector<float> xs(n), ys(n);
    for (size_t i = 0; i < n; ++i) {
        xs[i] = positions[2 * i];
        ys[i] = positions[2 * i + 1];
    }
    const size_t lo = n / 200, hi = n - 1 - n / 200;
    auto at = [](std::vector<float>& v, size_t k) {
        std::nth_element(v.begin(), v.begin() + long(k), v.end());
        return double(v[k]);
    };
    return QRectF(QPointF(at(xs, lo), at(ys, lo)), QPointF(at(xs, hi), at(ys, hi)));
}

} // namespace

MapView::MapView(QWidget* parent) : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setContextMenuPolicy(Qt::CustomContextMenu);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAttribute(Qt::WA_AcceptTouchEvents);
    grabGesture(Qt::PinchGesture);
    setMinimumSize(200, 150);
    connect(&m_renderer.pointLayer(), &PointLayer::updated, this, qOverload<>(&QWidget::update));
}

void MapView::pointsChanged()
{
    m_renderer.pointLayer().setPoints(PointLayer::snapshot(m_scene));
}

void MapView::setThumbnailCache(ThumbnailCache* cache)
{
    m_thumbnails = cache;
    connect(cache, &ThumbnailCache::ready, this, [this] {
        if (showsThumbnails() || m_overlay.hover >= 0)
            update();
    });
}

void MapView::setMap(std::vector<qint64> ids, std::vector<float> positions)
{
    const std::vector<qint64> selected = selectedFaceIds();
    const qint64 current = currentFaceId();
    m_scene.ids = std::move(ids);
    m_scene.positions = std::move(positions);
    m_scene.pointOf.clear();
    m_scene.pointOf.reserve(qsizetype(m_scene.ids.size()));
    for (size_t i = 0; i < m_scene.ids.size(); ++i)
        m_scene.pointOf.insert(m_scene.ids[i], int(i));
    m_scene.grid = PointGrid(&m_scene.positions);
    m_fitBounds = fitBounds(m_scene.positions);
    m_scene.colours.assign(m_scene.ids.size(), MapGroups::noGroupColour().rgb());
    m_scene.selected.assign(m_scene.ids.size(), 0);
    m_scene.dimmed.clear();
    m_scene.islands.clear();
    m_overlay.hover = -1;
    m_current = m_scene.pointOf.value(current, -1);
    for (qint64 id : selected)
        if (const int p = m_scene.pointOf.value(id, -1); p >= 0)
            m_scene.selected[p] = 1;
    updateFitScale();
    if (!m_fitted && !m_scene.ids.empty()) {
        fit();
        m_fitted = true;
    }
    pointsChanged();
    update();
    emit selectionChanged();
}

void MapView::setGroups(const MapGroups& groups)
{
    if (groups.group.size() != m_scene.ids.size())
        return;
    for (size_t i = 0; i < groups.group.size(); ++i)
        m_scene.colours[i] = groups.colour(groups.group[i]).rgb();
    m_scene.groupNames = groups.names;
    m_scene.groupColours.clear();
    for (int g = 0; g < groups.names.size(); ++g)
        m_scene.groupColours.push_back(groups.colour(g).rgb());
    m_scene.islands = islandLabels(m_scene.positions, groups);
    pointsChanged();
    update();
}

void MapView::setShowNames(bool on)
{
    m_scene.showNames = on;
    update();
}

void MapView::setHighlighted(const std::vector<qint64>& ids)
{
    m_scene.dimmed.clear();
    if (!ids.empty()) {
        m_scene.dimmed.assign(m_scene.ids.size(), 1);
        for (qint64 id : ids)
            if (const int p = m_scene.pointOf.value(id, -1); p >= 0)
                m_scene.dimmed[p] = 0;
    }
    pointsChanged();
    update();
}

void MapView::setMarker(std::optional<QPointF> position, const QImage& face)
{
    m_scene.marker = position;
    m_scene.markerFace = face;
    if (position && !m_scene.visibleRect().contains(*position))
        centreOn(*position);
    update();
}

void MapView::setMessage(const QString& text)
{
    m_overlay.message = text;
    update();
}

void MapView::updateFitScale()
{
    const QRectF b = m_fitBounds;
    const double extent = std::max({b.width(), b.height(), 1e-6});
    m_scene.size = size();
    m_scene.fitScale = 0.92 * std::max(1, std::min(width(), height())) / extent;
    if (b.width() > 0 && b.height() > 0)
        m_scene.fitScale = 0.92 * std::min(width() / b.width(), height() / b.height());
}

void MapView::fit()
{
    updateFitScale();
    m_scene.centre = m_fitBounds.center();
    m_scene.scale = m_scene.fitScale;
    update();
}

void MapView::zoomBy(double factor, const QPointF& anchor)
{
    const QPointF before = m_scene.toMap(anchor);
    m_scene.scale =
        std::clamp(m_scene.scale * factor, m_scene.fitScale * 0.5, m_scene.fitScale * kMaxZoom);
    const QPointF after = m_scene.toMap(anchor);
    m_scene.centre += before - after; // the point under the anchor stays there
    update();
}

void MapView::panBy(const QPointF& pixels)
{
    m_scene.centre -= pixels / m_scene.scale;
    update();
}

void MapView::centreOn(const QPointF& mapPosition)
{
    m_scene.centre = mapPosition;
    update();
}

std::vector<qint64> MapView::selectedFaceIds() const
{
    std::vector<qint64> out;
    for (size_t i = 0; i < m_scene.selected.size(); ++i)
        if (m_scene.selected[i])
            out.push_back(m_scene.ids[i]);
    std::sort(out.begin(), out.end());
    return out;
}

qint64 MapView::currentFaceId() const
{
    return m_current >= 0 && m_current < m_scene.count() ? m_scene.ids[m_current] : -1;
}

void MapView::setSelected(const std::vector<int>& points, bool add)
{
    if (!add)
        std::fill(m_scene.selected.begin(), m_scene.selected.end(), 0);
    for (int p : points)
        m_scene.selected[p] = 1;
    if (!points.empty())
        m_current = points.front();
    update();
    emit selectionChanged();
}

void MapView::selectFaces(const std::vector<qint64>& ids, bool add)
{
    std::vector<int> points;
    for (qint64 id : ids)
        if (const int p = m_scene.pointOf.value(id, -1); p >= 0)
            points.push_back(p);
    setSelected(points, add);
}

void MapView::selectAll()
{
    std::vector<int> all(m_scene.ids.size());
    std::iota(all.begin(), all.end(), 0);
    setSelected(all, false);
}

void MapView::clearSelection()
{
    m_current = -1;
    setSelected({}, false);
}

void MapView::selectInRect(const QRectF& pixels, bool add)
{
    std::vector<int> points;
    m_scene.grid.query(
        QRectF(m_scene.toMap(pixels.topLeft()), m_scene.toMap(pixels.bottomRight())).normalized(),
        points);
    setSelected(points, add);
}

void MapView::selectInPolygon(const QPolygonF& pixels, bool add)
{
    std::vector<int> candidates, points;
    const QRectF box = pixels.boundingRect();
    m_scene.grid.query(QRectF(m_scene.toMap(box.topLeft()), m_scene.toMap(box.bottomRight())),
                       candidates);
    for (int p : candidates)
        if (pixels.containsPoint(m_scene.toScreen(p), Qt::OddEvenFill))
            points.push_back(p);
    setSelected(points, add);
}

QPointF MapView::screenPosition(qint64 id) const
{
    const int p = m_scene.pointOf.value(id, -1);
    return p < 0 ? QPointF(NAN, NAN) : m_scene.toScreen(p);
}

std::optional<QPointF> MapView::placeAmong(qint64 own,
                                           const std::vector<std::pair<qint64, float>>& nearest,
                                           int count) const
{
    if (const int p = m_scene.pointOf.value(own, -1); p >= 0)
        return QPointF(m_scene.positions[2 * p], m_scene.positions[2 * p + 1]);
    std::vector<float> sims, positions;
    for (const auto& [id, similarity] : nearest) {
        const int p = m_scene.pointOf.value(id, -1);
        if (p < 0)
            continue;
        sims.push_back(similarity);
        positions.push_back(m_scene.positions[2 * p]);
        positions.push_back(m_scene.positions[2 * p + 1]);
        if (int(sims.size()) == count)
            break;
    }
    const auto [x, y] = MapLayout::positionAmong(sims, positions);
    if (std::isnan(x))
        return std::nullopt;
    return QPointF(x, y);
}

std::vector<qint64> MapView::selectForMenu(const QPointF& pixels)
{
    const int p = m_scene.grid.nearest(m_scene.toMap(pixels), 8 / m_scene.scale);
    if (p >= 0 && !m_scene.selected[p])
        selectFaces({m_scene.ids[p]});
    return selectedFaceIds();
}

bool MapView::showsThumbnails() const
{
    return m_renderer.thumbnailSide(m_scene, m_renderer.lastVisible()) > 0;
}

int MapView::pointAt(const QPointF& pixels) const
{
    const int side = m_renderer.thumbnailSide(m_scene, m_renderer.lastVisible());
    const double radius = std::max(kHitRadius, side / 2.0) / m_scene.scale;
    return m_scene.grid.nearest(m_scene.toMap(pixels), radius);
}

void MapView::paintEvent(QPaintEvent*)
{
    QElapsedTimer clock;
    clock.start();
    m_scene.size = size();
    QPainter painter(this);
    std::vector<qint64> missing;
    if (m_overlay.hover >= 0 && m_describe)
        m_overlay.hoverText = m_describe(m_scene.ids[m_overlay.hover]);
    m_renderer.paint(painter, m_scene, m_thumbnails, m_overlay, missing);
    if (m_thumbnails)
        for (auto it = missing.rbegin(); it != missing.rend(); ++it)
            m_thumbnails->request(*it); // the last requested goes first: the hover card
    m_lastPaintMs = clock.nsecsElapsed() / 1e6;
}

void MapView::resizeEvent(QResizeEvent*)
{
    const bool wasFitted = std::abs(m_scene.scale - m_scene.fitScale) < 1e-9 * m_scene.fitScale;
    updateFitScale();
    if (wasFitted || !m_fitted)
        fit();
}

void MapView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    m_pressAt = event->position();
    m_pressCentre = m_scene.centre;
    m_moved = false;
    const bool selecting = m_tool != Tool::Pan || event->modifiers() & Qt::ShiftModifier;
    m_drag = !selecting ? Drag::Pan : m_tool == Tool::Lasso ? Drag::Lasso : Drag::Band;
    m_overlay.lasso = QPolygonF{m_pressAt};
}

void MapView::mouseMoveEvent(QMouseEvent* event)
{
    const QPointF at = event->position();
    m_moved = m_moved || QLineF(at, m_pressAt).length() > kClickSlop;
    if (m_drag == Drag::Pan && m_moved) {
        m_scene.centre = m_pressCentre - (at - m_pressAt) / m_scene.scale;
        setCursor(Qt::ClosedHandCursor);
    } else if (m_drag == Drag::Band && m_moved) {
        m_overlay.band = QRectF(m_pressAt, at).normalized();
    } else if (m_drag == Drag::Lasso && m_moved) {
        m_overlay.lasso << at;
    } else if (m_drag == Drag::None) {
        const int hover = pointAt(at);
        if (hover == m_overlay.hover)
            return;
        m_overlay.hover = hover;
    }
    update();
}

void MapView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mouseReleaseEvent(event);
    const bool add = event->modifiers() & Qt::ControlModifier;
    if (!m_moved)
        click(event->position(), event->modifiers());
    else if (m_drag == Drag::Band)
        selectInRect(m_overlay.band, add);
    else if (m_drag == Drag::Lasso && m_overlay.lasso.size() > 2)
        selectInPolygon(m_overlay.lasso, add);
    m_drag = Drag::None;
    m_overlay.band = {};
    m_overlay.lasso.clear();
    unsetCursor();
    update();
}

void MapView::click(const QPointF& pixels, Qt::KeyboardModifiers modifiers)
{
    const int p = pointAt(pixels);
    if (modifiers & Qt::ControlModifier) {
        if (p >= 0) {
            m_scene.selected[p] = !m_scene.selected[p];
            m_current = p;
            update();
            emit selectionChanged();
        }
        return;
    }
    if (p < 0)
        return clearSelection();
    setSelected({p}, false);
    emit faceActivated(m_scene.ids[p]);
}

void MapView::leaveEvent(QEvent*)
{
    m_overlay.hover = -1;
    update();
}

void MapView::wheelEvent(QWheelEvent* event)
{
    // A touchpad scrolls in pixels: two fingers pan, and pinch arrives with Ctrl (or as a
    // native gesture); a mouse wheel turns in steps, which zoom.
    const bool touchpad = !event->pixelDelta().isNull();
    if (touchpad && !(event->modifiers() & Qt::ControlModifier))
        panBy(event->pixelDelta());
    else
        zoomBy(std::pow(kWheelStep, event->angleDelta().y()), event->position());
    event->accept();
}

void MapView::keyPressEvent(QKeyEvent* event)
{
    const double step = std::min(width(), height()) * 0.15;
    switch (event->key()) {
    case Qt::Key_Left:
        return panBy(QPointF(step, 0));
    case Qt::Key_Right:
        return panBy(QPointF(-step, 0));
    case Qt::Key_Up:
        return panBy(QPointF(0, step));
    case Qt::Key_Down:
        return panBy(QPointF(0, -step));
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        return zoomBy(1.4);
    case Qt::Key_Minus:
        return zoomBy(1 / 1.4);
    case Qt::Key_0:
        return fit();
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (currentFaceId() >= 0)
            emit faceActivated(currentFaceId());
        return;
    case Qt::Key_Escape:
        if (!selectedFaceIds().empty())
            return clearSelection();
        break;
    default:
        break;
    }
    QWidget::keyPressEvent(event);
}

bool MapView::event(QEvent* event)
{
    switch (event->type()) {
    case QEvent::ShortcutOverride: {
        // Keys the map uses itself, before any window shortcut takes them.
        auto* key = static_cast<QKeyEvent*>(event);
        const bool plain =
            key->modifiers() == Qt::NoModifier || key->modifiers() == Qt::KeypadModifier;
        if (plain && (key->key() == Qt::Key_Plus || key->key() == Qt::Key_Minus ||
                      key->key() == Qt::Key_0 || key->key() == Qt::Key_Equal ||
                      (key->key() == Qt::Key_Escape && !selectedFaceIds().empty()))) {
            event->accept();
            return true;
        }
        break;
    }
    case QEvent::NativeGesture: {
        auto* g = static_cast<QNativeGestureEvent*>(event);
        if (g->gestureType() == Qt::ZoomNativeGesture) {
            zoomBy(1 + g->value(), g->position());
            return true;
        }
        break;
    }
    case QEvent::Gesture: {
        auto* g = static_cast<QGestureEvent*>(event);
        if (auto* pinch = static_cast<QPinchGesture*>(g->gesture(Qt::PinchGesture))) {
            zoomBy(pinch->scaleFactor(), mapFromGlobal(pinch->centerPoint()));
            return true;
        }
        break;
    }
    default:
        break;
    }
    return QWidget::event(event);
}

} // namespace lookalike::ui
