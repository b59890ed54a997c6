#pragma once
// The map's frame rate, for --probe-map: pans around the whole map, then zooms in until the
// faces are drawn and out again, painting each frame at once (QWidget::repaint), and reports
// frames per second and paint times as JSON. Thumbnails load in the background meanwhile,
// as they would for a user.
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

    static constexpr int kPanFrames = 240;
    static constexpr int kZoomFrames = 160; // in, then as many out

private:
    void frame();
    QJsonObject phaseReport(const std::vector<double>& paintMs, double seconds) const;

    MapView* m_view;
    std::function<void(const QJsonObject&)> m_done;
    QTimer m_timer;
    QElapsedTimer m_clock;
    int m_frame = 0;
    std::vector<double> m_paintMs;
    QJsonObject m_report;
    int m_thumbnailFrames = 0;
};

} // namespace lookalike::ui
