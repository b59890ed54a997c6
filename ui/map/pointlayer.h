#pragma once
// The map's points as one raster, so that a frame costs a blit, not 100,000 discs.
//
// The points (positions, colours, which are dimmed) are copied once into an immutable
// snapshot; a worker (QtConcurrent) rasterises them at the view's scale and device pixel
// ratio: the whole map when it fits in kMaxPixels, else the view and a margin around it.
// Panning draws that raster at an offset; zooming draws it scaled (cheap, a little blurry)
// until the raster for the new scale is ready, asked for once the zoom pauses (kSettleMs)
// or at once when the old one no longer covers the view or is more than twice too small or
// large; until a raster covers the view, the points in view are rasterised on the spot, on
// the GUI thread (cheap: that far in, few are). A raster cut to the view is asked for again around
// the view, while the old one is still drawn, once the view comes within half its size of the
// raster's edge. New points or colours (setPoints) rebuild it; the old raster is drawn meanwhile.
// Selection, hover, thumbnails and names are not in it: the renderer draws them on top.
//
// GUI thread only, except the rasterising, which sees only the snapshot.
#include <QFutureWatcher>
#include <QImage>
#include <QObject>
#include <QRectF>
#include <QTimer>
#include <memory>
#include <vector>

class QPainter;

namespace lookalike::ui {

struct MapScene;

class PointLayer : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kMaxPixels = 4'000'000; // device pixels of one raster (16 MB)
    static constexpr int kSettleMs = 120;

    struct Points {
        std::vector<float> positions; // n * 2, map units
        std::vector<QRgb> colours;    // n, opaque; dimmed points already in their grey
        std::vector<char> dimmed;     // n or empty: dimmed points go below the others
        QRectF bounds;                // of the positions
    };

    // What one raster shows: `region` (map units) at `scale` pixels per unit times `dpr`.
    struct Raster {
        QImage image; // Format_ARGB32_Premultiplied, device pixels, devicePixelRatio dpr
        QRectF region;
        double scale = 0;
        qreal dpr = 1;
        int radius = 0;
        quint64 generation = 0;
        double milliseconds = 0; // to make
    };

    explicit PointLayer(QObject* parent = nullptr);
    ~PointLayer() override;

    // New points or colours: the raster is rebuilt. Cheap to call (no copy of the snapshot).
    void setPoints(std::shared_ptr<const Points> points);
    static std::shared_ptr<const Points> snapshot(const MapScene& scene);

    // Draws the points for the scene's view (widget pixels) and asks for a better raster
    // when the one it has does not match the view. `radius`: disc radius in pixels.
    void paint(QPainter& painter, const MapScene& scene, qreal dpr, int radius);

    // How the last paint matched its view: a raster made for it (Exact), one of another
    // zoom drawn scaled or of older points (Stale), or none covering the view, so that the
    // points in view were rasterised on the spot, on the GUI thread (Direct).
    enum class Match { Exact, Stale, Direct };
    Match lastMatch() const { return m_match; }
    // True when the raster drawn last was made for exactly that view's scale and points.
    bool isCurrent() const { return m_current; }
    bool isBuilding() const { return m_watcher.isRunning(); }
    int builds() const { return m_builds; }                // rasters made so far in the background
    double buildMilliseconds() const { return m_buildMs; } // spent on them, in all
    const Raster& raster() const { return m_raster; }

    // The rasterising itself, for any thread: the points of `points` inside `region`.
    static Raster rasterise(const Points& points, const QRectF& region, double scale, qreal dpr,
                            int radius);

signals:
    void updated(); // a new raster is ready: repaint

private:
    struct Request {
        QRectF region;
        double scale = 0;
        qreal dpr = 1;
        int radius = 0;
    };
    Request wanted(const MapScene& scene, qreal dpr, int radius) const;
    bool covers(const Raster& r, const MapScene& scene, double margin = 0) const;
    void ask(const Request& request);
    void start(const Request& request);
    void finished();
    void draw(QPainter& p, const MapScene& scene, const Raster& raster) const;

    std::shared_ptr<const Points> m_points;
    quint64 m_generation = 0;
    Raster m_raster;
    QFutureWatcher<Raster> m_watcher;
    Request m_running;
    quint64 m_runningGeneration = 0;
    Request m_pending;
    bool m_hasPending = false;
    QTimer m_settle; // the zoom paused: ask for the raster at its scale
    Request m_settleRequest;
    bool m_current = false;
    Match m_match = Match::Direct;
    double m_buildMs = 0;
    int m_builds = 0;
};

} // namespace lookalike::ui
