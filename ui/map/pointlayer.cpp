#include "pointlayer.h"
#include "mapscene.h"
#include "pointsprite.h"
#include <QElapsedTimer>
#include <QPainter>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace lookalike::ui {

namespace {

constexpr QRgb kDimmed = 0xffd6d6d6;

bool sameView(double a, double b)
{
    return a == b; // scales are set, not computed twice: equal or a different view
}

} // namespace

PointLayer::PointLayer(QObject* parent) : QObject(parent)
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(kSettleMs);
    connect(&m_settle, &QTimer::timeout, this, [this] { ask(m_settleRequest); });
    connect(&m_watcher, &QFutureWatcher<Raster>::finished, this, &PointLayer::finished);
}

// A running build only reads its own copy of the snapshot: nothing to wait for.
PointLayer::~PointLayer() = default;

std::shared_ptr<const PointLayer::Points> PointLayer::snapshot(const MapScene& scene)
{
    auto points = std::make_shared<Points>();
    points->positions = scene.positions;
    points->colours = scene.colours;
    points->dimmed = scene.dimmed;
    for (size_t i = 0; i < points->dimmed.size() && i < points->colours.size(); ++i)
        if (points->dimmed[i])
            points->colours[i] = kDimmed;
    points->bounds = mapBounds(points->positions);
    return points;
}

void PointLayer::setPoints(std::shared_ptr<const Points> points)
{
    m_points = std::move(points);
    ++m_generation;
    m_current = false;
    m_settle.stop();
    emit updated();
}

PointLayer::Raster PointLayer::rasterise(const Points& points, const QRectF& region, double scale,
                                         qreal dpr, int radius)
{
    QElapsedTimer clock;
    clock.start();
    Raster r;
    r.region = region;
    r.scale = scale;
    r.dpr = dpr;
    r.radius = radius;
    const double unit = scale * dpr; // device pixels per map unit
    const int w = int(std::ceil(region.width() * unit)), h = int(std::ceil(region.height() * unit));
    if (w <= 0 || h <= 0 || qint64(w) * h > 4 * kMaxPixels)
        return r;
    r.image = QImage(w, h, QImage::Format_ARGB32_Premultiplied);
    r.image.fill(Qt::transparent);
    const int discRadius = std::max(1, int(std::lround(radius * dpr)));
    std::unordered_map<QRgb, PointSprite> sprites;
    QRgb lastColour = 0;
    const PointSprite* last = nullptr;
    const size_t n = std::min(points.positions.size() / 2, points.colours.size());
    const bool anyDimmed = !points.dimmed.empty();
    // Dimmed points first, below the others.
    for (int pass = anyDimmed ? 0 : 1; pass < 2; ++pass)
        for (size_t i = 0; i < n; ++i) {
            if (anyDimmed && (pass == 0) != bool(points.dimmed[i]))
                continue;
            const double x = (points.positions[2 * i] - region.left()) * unit;
            const double y = (points.positions[2 * i + 1] - region.top()) * unit;
            if (x < -discRadius || y < -discRadius || x > w + discRadius || y > h + discRadius)
                continue;
            const QRgb colour = points.colours[i];
            if (!last || colour != lastColour) {
                auto it = sprites.find(colour);
                if (it == sprites.end())
                    it =
                        sprites.emplace(colour, PointSprite::make(colour, discRadius, false)).first;
                last = &it->second;
                lastColour = colour;
            }
            last->drawInto(r.image, int(std::lround(x)), int(std::lround(y)));
        }
    r.image.setDevicePixelRatio(dpr);
    r.milliseconds = clock.nsecsElapsed() / 1e6;
    return r;
}

PointLayer::Request PointLayer::wanted(const MapScene& scene, qreal dpr, int radius) const
{
    Request q;
    q.scale = scene.scale;
    q.dpr = dpr;
    q.radius = radius;
    const double pad = (radius + 3) / scene.scale;
    const QRectF all = m_points->bounds.adjusted(-pad, -pad, pad, pad);
    const double unit = scene.scale * dpr;
    if (all.width() * unit * all.height() * unit <= double(kMaxPixels)) {
        q.region = all;
        return q;
    }
    // Too big as a whole: the view and as much around it as kMaxPixels allows (half a
    // view's width and height on each side at most: a bigger raster takes longer to make
    // than a fast pan takes to cross the margin).
    const QRectF view = scene.visibleRect();
    const double viewPixels = std::max(1.0, view.width() * unit * view.height() * unit);
    const double margin = std::clamp((std::sqrt(kMaxPixels / viewPixels) - 1) / 2, 0.0, 0.5);
    q.region = view.adjusted(-margin * view.width(), -margin * view.height(), margin * view.width(),
                             margin * view.height()) &
               all;
    return q;
}

bool PointLayer::covers(const Raster& r, const MapScene& scene, double margin) const
{
    const QRectF view = scene.visibleRect();
    const QRectF needed = view.adjusted(-margin * view.width(), -margin * view.height(),
                                        margin * view.width(), margin * view.height()) &
                          m_points->bounds;
    if (needed.isEmpty())
        return true;
    return r.region.contains(needed);
}

void PointLayer::ask(const Request& q)
{
    m_settle.stop();
    auto same = [&q](const Request& o) {
        return o.region == q.region && sameView(o.scale, q.scale) && o.dpr == q.dpr &&
               o.radius == q.radius;
    };
    if (m_watcher.isRunning()) {
        if (!(same(m_running) && m_runningGeneration == m_generation)) {
            m_pending = q;
            m_hasPending = true;
        }
        return;
    }
    start(q);
}

void PointLayer::start(const Request& q)
{
    m_running = q;
    m_runningGeneration = m_generation;
    m_hasPending = false;
    m_watcher.setFuture(QtConcurrent::run([points = m_points, q, generation = m_generation] {
        Raster r = rasterise(*points, q.region, q.scale, q.dpr, q.radius);
        r.generation = generation;
        return r;
    }));
}

void PointLayer::finished()
{
    ++m_builds;
    Raster r = m_watcher.result();
    m_buildMs += r.milliseconds;
    // A raster of older points is still better than none until the new one comes.
    if (r.generation == m_generation || m_raster.image.isNull())
        m_raster = std::move(r);
    if (m_hasPending)
        start(m_pending);
    else if (m_runningGeneration != m_generation)
        m_current = false; // the points changed meanwhile: the next paint asks again
    emit updated();
}

void PointLayer::paint(QPainter& p, const MapScene& scene, qreal dpr, int radius)
{
    if (!m_points || m_points->positions.empty()) {
        m_current = true;
        m_match = Match::Exact;
        return;
    }
    const Request want = wanted(scene, dpr, radius);
    const Raster& r = m_raster;
    const bool fresh = r.scale > 0 && r.generation == m_generation;
    const bool covered = covers(r, scene);
    m_current =
        fresh && sameView(r.scale, want.scale) && r.dpr == dpr && r.radius == radius && covered;
    if (m_current && !m_watcher.isRunning() && !covers(r, scene, 0.25))
        ask(want); // the view nears the raster's edge: one around it, ready before it is needed
    if (!m_current) {
        const double ratio = r.scale > 0 ? want.scale / r.scale : 0;
        const bool bad = !fresh || !covered || r.dpr != dpr || ratio < 0.5 || ratio > 2;
        if (bad) {
            ask(want);
        } else if (!m_settle.isActive() || !sameView(m_settleRequest.scale, want.scale)) {
            m_settleRequest = want; // the zoom moved: wait for it to pause again
            m_settle.start();
        }
    }
    if (!covered) {
        // Part of the view is not in the raster (a pan ran ahead of it, a zoom out, the
        // first frame): this frame's points are rasterised here and now, the view only.
        const double pad = (radius + 3) / scene.scale;
        const QRectF view = scene.visibleRect().adjusted(-pad, -pad, pad, pad) &
                            m_points->bounds.adjusted(-pad, -pad, pad, pad);
        m_match = Match::Direct;
        if (!view.isEmpty())
            draw(p, scene, rasterise(*m_points, view, scene.scale, dpr, radius));
        return;
    }
    m_match = m_current ? Match::Exact : Match::Stale;
    draw(p, scene, r);
}

void PointLayer::draw(QPainter& p, const MapScene& scene, const Raster& r) const
{
    if (r.image.isNull())
        return;
    // Where the raster lands in widget pixels; unscaled, on whole device pixels.
    QPointF topLeft = scene.toScreen(r.region.left(), r.region.top());
    const double zoom = scene.scale / r.scale;
    const qreal dpr = r.dpr;
    if (sameView(r.scale, scene.scale))
        topLeft = QPointF(std::round(topLeft.x() * dpr) / dpr, std::round(topLeft.y() * dpr) / dpr);
    const QSizeF size(r.image.width() / dpr * zoom, r.image.height() / dpr * zoom);
    const QRectF target(topLeft, size);
    const QRectF visible = target & QRectF(QPointF(0, 0), QSizeF(scene.size));
    if (visible.isEmpty())
        return;
    const double toImage = dpr / zoom; // image pixels per widget pixel
    const QRectF source((visible.left() - target.left()) * toImage,
                        (visible.top() - target.top()) * toImage, visible.width() * toImage,
                        visible.height() * toImage);
    p.save();
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(visible, r.image, source);
    p.restore();
}

} // namespace lookalike::ui
