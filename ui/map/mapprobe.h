#pragma once
// The map's frame rate, for --probe-map. Frames are asked for at 60 Hz, as a display would,
// in three phases: a pan around the whole fitted map, a pan across the map from edge to edge
// zoomed in 6 times, and a zoom in until the faces are drawn and out again. Each frame moves
// the view and paints the widget at once (QWidget::repaint, timed around the call: the
// paint event and the copy to the window's backing store). Reports per phase the frames
// per second achieved and the paint times (median, p95, max) as JSON, how many frames drew
// a points raster of another zoom (scaled) or rasterised their points on the spot, and how
// many rasters were made in the background and their mean time. Thumbnails
// load in the background meanwhile, as they would for a user.
#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <functional>
#include <vector>

namespace lookalike::ui {

class MapView;

class MapProbe : public QObject {
    Q_OBJECT
public:
    explicit MapProbe(MapView* view, QObject* parent = nullptr);
    // Runs the frames, then calls done(report) from the event loop.
    void start(std::function<void(const QJsonObject&)> done);

    static constexpr int kFrameMs = 16; // 60 Hz, a little faster: 62.5
    static constexpr int kPanFrames = 240;
    static constexpr int kSweepFrames = 240;
    static constexpr int kZoomFrames = 160; // in, then as many out
    static constexpr double kSweepZoom = 6;

private:
    enum class Phase { Pan, Sweep, Zoom, Done };
    void frame();
    void move();
    void endPhase();
    QJsonObject phaseReport() const;

    MapView* m_view;
    std::function<void(const QJsonObject&)> m_done;
    QTimer m_timer;
    QElapsedTimer m_clock;
    Phase m_phase = Phase::Pan;
    int m_frame = 0; // within the phase
    std::vector<double> m_paintMs;
    int m_stale = 0;  // frames drawing a points raster of another zoom, scaled
    int m_direct = 0; // frames whose points were rasterised on the spot (none covered the view)
    double m_buildMsAtStart = 0;
    int m_buildsAtStart = 0;
    QJsonObject m_report;
    int m_thumbnailFrames = 0;
};

} // namespace lookalike::ui
