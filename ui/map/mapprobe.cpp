#include "mapprobe.h"
#include "mapview.h"
#include <algorithm>
#include <cmath>
#include <numeric>

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

} // namespace

MapProbe::MapProbe(MapView* view, QObject* parent) : QObject(parent), m_view(view)
{
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, &MapProbe::frame);
}

void MapProbe::start(std::function<void(const QJsonObject&)> done)
{
    m_done = std::move(done);
    m_view->fit();
    m_frame = 0;
    m_paintMs.clear();
    m_report = QJsonObject{{QStringLiteral("points"), m_view->count()},
                           {QStringLiteral("width"), m_view->width()},
                           {QStringLiteral("height"), m_view->height()}};
    m_clock.start();
    m_timer.start();
}

QJsonObject MapProbe::phaseReport(const std::vector<double>& paintMs, double seconds) const
{
    return QJsonObject{
        {QStringLiteral("frames"), qint64(paintMs.size())},
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("fps"), seconds > 0 ? double(paintMs.size()) / seconds : 0.0},
        {QStringLiteral("paint_ms_median"), percentile(paintMs, 0.5)},
        {QStringLiteral("paint_ms_p95"), percentile(paintMs, 0.95)},
        {QStringLiteral("paint_ms_max"), percentile(paintMs, 1.0)}};
}

void MapProbe::frame()
{
    const int panEnd = kPanFrames, zoomEnd = kPanFrames + 2 * kZoomFrames;
    if (m_frame < panEnd) {
        // A circle around the map's middle, a sixtieth of the view per frame.
        const double angle = 2 * M_PI * m_frame / 60.0;
        const double step = std::min(m_view->width(), m_view->height()) / 60.0;
        m_view->panBy(QPointF(std::cos(angle) * step, std::sin(angle) * step));
    } else if (m_frame < zoomEnd) {
        const bool in = m_frame < panEnd + kZoomFrames;
        m_view->zoomBy(in ? kZoomStep : 1 / kZoomStep);
    }
    if (m_frame == panEnd || m_frame == zoomEnd) {
        const double seconds = m_clock.nsecsElapsed() / 1e9;
        m_report.insert(m_frame == panEnd ? QStringLiteral("pan") : QStringLiteral("zoom"),
                        phaseReport(m_paintMs, seconds));
        m_paintMs.clear();
        m_clock.restart();
    }
    if (m_frame == zoomEnd) {
        m_timer.stop();
        m_report.insert(QStringLiteral("frames_with_faces_drawn"), m_thumbnailFrames);
        m_done(m_report);
        return;
    }
    m_view->repaint();
    m_paintMs.push_back(m_view->lastPaintMs());
    m_thumbnailFrames += m_view->showsThumbnails();
    ++m_frame;
}

} // namespace lookalike::ui
