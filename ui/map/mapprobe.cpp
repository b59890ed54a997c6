#include "mapprobe.h"
#include "mapview.h"
#include <algorithm>
#include <cmath>

namespace lookalike::ui {

namespace {

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[size_t(p * double(values.size() - 1) + 0.5)];
}

constexpr double kZoomStep = 1.035; // per frame: 160 frames zoom about 245 times

QString phaseName(int phase)
{
    static const char* names[] = {"pan", "pan_zoomed", "zoom"};
    return QString::fromLatin1(names[phase]);
}

} // namespace

MapProbe::MapProbe(MapView* view, QObject* parent) : QObject(parent), m_view(view)
{
    m_timer.setInterval(kFrameMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &MapProbe::frame);
}

void MapProbe::start(std::function<void(const QJsonObject&)> done)
{
    m_done = std::move(done);
    m_view->fit();
    m_phase = Phase::Pan;
    m_frame = 0;
    m_paintMs.clear();
    m_stale = m_direct = 0;
    m_buildsAtStart = m_view->pointLayer().builds();
    m_buildMsAtStart = m_view->pointLayer().buildMilliseconds();
    m_report = QJsonObject{{QStringLiteral("points"), m_view->count()},
                           {QStringLiteral("width"), m_view->width()},
                           {QStringLiteral("height"), m_view->height()},
                           {QStringLiteral("device_pixel_ratio"), m_view->devicePixelRatioF()},
                           {QStringLiteral("frame_interval_ms"), kFrameMs}};
    m_clock.start();
    m_timer.start();
}

QJsonObject MapProbe::phaseReport() const
{
    const double seconds = m_clock.nsecsElapsed() / 1e9;
    const int builds = m_view->pointLayer().builds() - m_buildsAtStart;
    return QJsonObject{
        {QStringLiteral("frames"), qint64(m_paintMs.size())},
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("fps"), seconds > 0 ? double(m_paintMs.size()) / seconds : 0.0},
        {QStringLiteral("paint_ms_median"), percentile(m_paintMs, 0.5)},
        {QStringLiteral("paint_ms_p95"), percentile(m_paintMs, 0.95)},
        {QStringLiteral("paint_ms_max"), percentile(m_paintMs, 1.0)},
        {QStringLiteral("frames_points_scaled"), m_stale},
        {QStringLiteral("frames_points_drawn_directly"), m_direct},
        {QStringLiteral("rasters_built"), builds},
        {QStringLiteral("raster_ms_mean"),
         builds > 0 ? (m_view->pointLayer().buildMilliseconds() - m_buildMsAtStart) / builds
                    : 0.0}};
}

void MapProbe::move()
{
    const double side = std::min(m_view->width(), m_view->height());
    switch (m_phase) {
    case Phase::Pan: {
        // A circle around the map's middle, a sixtieth of the view per frame.
        const double angle = 2 * M_PI * m_frame / 60.0;
        m_view->panBy(QPointF(std::cos(angle), std::sin(angle)) * side / 60.0);
        break;
    }
    case Phase::Sweep: {
        // Zoomed in, from the map's left edge to its right edge and back along a zigzag.
        const QRectF map = m_view->scene().grid.bounds();
        if (m_frame == 0) {
            m_view->fit();
            m_view->zoomBy(kSweepZoom);
        }
        const double t = double(m_frame) / (kSweepFrames - 1);
        const double x = map.left() + map.width() * (t < 0.5 ? 2 * t : 2 - 2 * t);
        const double y = map.center().y() + map.height() * 0.3 * std::sin(6 * M_PI * t);
        m_view->centreOn(QPointF(x, y));
        break;
    }
    case Phase::Zoom: {
        if (m_frame == 0)
            m_view->fit();
        m_view->zoomBy(m_frame < kZoomFrames ? kZoomStep : 1 / kZoomStep);
        break;
    }
    case Phase::Done:
        break;
    }
}

void MapProbe::endPhase()
{
    m_report.insert(phaseName(int(m_phase)), phaseReport());
    m_paintMs.clear();
    m_stale = m_direct = 0;
    m_buildsAtStart = m_view->pointLayer().builds();
    m_buildMsAtStart = m_view->pointLayer().buildMilliseconds();
    m_frame = 0;
    m_phase = Phase(int(m_phase) + 1);
    m_clock.restart();
}

void MapProbe::frame()
{
    const int frames = m_phase == Phase::Pan     ? kPanFrames
                       : m_phase == Phase::Sweep ? kSweepFrames
                                                 : 2 * kZoomFrames;
    if (m_frame == frames)
        endPhase();
    if (m_phase == Phase::Done) {
        m_timer.stop();
        m_report.insert(QStringLiteral("frames_with_faces_drawn"), m_thumbnailFrames);
        m_done(m_report);
        return;
    }
    move();
    QElapsedTimer paint;
    paint.start();
    m_view->repaint();
    m_paintMs.push_back(paint.nsecsElapsed() / 1e6);
    if (!m_view->showsThumbnails()) {
        const PointLayer::Match match = m_view->pointLayer().lastMatch();
        m_stale += match == PointLayer::Match::Stale;
        m_direct += match == PointLayer::Match::Direct;
    }
    m_thumbnailFrames += m_view->showsThumbnails();
    ++m_frame;
}

} // namespace lookalike::ui
