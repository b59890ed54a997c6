#pragma once
// The map of a library as a widget: every face a point coloured by its group, faces instead
// of points when zoomed in, the names of the islands, a dropped query photo as a marker.
// Pan by dragging, arrows or a touchpad's two fingers; zoom with the wheel, pinch, + and -,
// 0 to fit. Click a face to open it; Ctrl+click adds it to the selection; drag with the
// rectangle or lasso tool (or Shift+drag) to select many. The selection feeds the window's
// face and people actions (FaceSelection).
#include "faceselection.h"
#include "mapgroups.h"
#include "maprenderer.h"
#include "mapscene.h"
#include <QElapsedTimer>
#include <QWidget>
#include <functional>

namespace lookalike::ui {

class ThumbnailCache;

class MapView : public QWidget, public FaceSelection {
    Q_OBJECT
public:
    enum class Tool { Pan, Rectangle, Lasso };

    explicit MapView(QWidget* parent = nullptr);

    void setThumbnailCache(ThumbnailCache* cache);
    // What the hover card says about a face (label, file).
    void setDescriber(std::function<QString(qint64)> describe) { m_describe = std::move(describe); }
    // New points: the view keeps its place unless it had none. The selection is kept for
    // faces still on the map.
    void setMap(std::vector<qint64> ids, std::vector<float> positions);
    void setGroups(const MapGroups& groups); // group.size() == number of points
    void setShowNames(bool on);
    // Faces outside `ids` are drawn faint; empty: none.
    void setHighlighted(const std::vector<qint64>& ids);
    void setMarker(std::optional<QPointF> position, const QImage& face);
    void setMessage(const QString& text);
    void setTool(Tool tool) { m_tool = tool; }
    Tool tool() const { return m_tool; }

    void fit();
    void zoomBy(double factor, const QPointF& anchor); // anchor in widget pixels
    void zoomBy(double factor) { zoomBy(factor, QPointF(width() / 2.0, height() / 2.0)); }
    void panBy(const QPointF& pixels);
    void centreOn(const QPointF& mapPosition);

    std::vector<qint64> selectedFaceIds() const override; // by id
    qint64 currentFaceId() const override;
    void selectFaces(const std::vector<qint64>& ids, bool add = false);
    void selectAll();
    void clearSelection();
    // Selects the faces inside a rectangle or polygon of widget pixels.
    void selectInRect(const QRectF& pixels, bool add);
    void selectInPolygon(const QPolygonF& pixels, bool add);

    const MapScene& scene() const { return m_scene; }
    QPointF screenPosition(qint64 id) const; // widget pixels; NaN when not on the map
    // Where a query with these nearest items (id, cosine similarity; best first) goes on the
    // map: itself when `own` is on it, else among the first `count` of them that are on the
    // map (MapLayout::positionAmong); nothing when none are. Map units.
    std::optional<QPointF> placeAmong(qint64 own,
                                      const std::vector<std::pair<qint64, float>>& nearest,
                                      int count = 15) const;
    // For a context menu at `pixels`: the point there joins the selection unless it is in
    // it already. Returns the selected ids.
    std::vector<qint64> selectForMenu(const QPointF& pixels);
    bool showsThumbnails() const;
    qint64 count() const { return m_scene.count(); }
    double lastPaintMs() const { return m_lastPaintMs; }
    // The points' raster matched the view at the last paint (no rebuild under way for it).
    bool pointsSettled() const { return m_renderer.pointLayer().isCurrent(); }
    const PointLayer& pointLayer() const { return m_renderer.pointLayer(); }

signals:
    void faceActivated(qint64 faceId); // a click on a face
    void selectionChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;

private:
    int pointAt(const QPointF& pixels) const;
    void click(const QPointF& pixels, Qt::KeyboardModifiers modifiers);
    void updateFitScale();
    void setSelected(const std::vector<int>& points, bool add);
    void pointsChanged(); // positions, colours or dimming: the points' raster is rebuilt

    MapScene m_scene;
    MapRenderer m_renderer;
    MapRenderer::Overlay m_overlay;
    ThumbnailCache* m_thumbnails = nullptr;
    std::function<QString(qint64)> m_describe;
    Tool m_tool = Tool::Pan;
    enum class Drag { None, Pan, Band, Lasso } m_drag = Drag::None;
    QPointF m_pressAt;
    QPointF m_pressCentre;
    bool m_moved = false;
    bool m_fitted = false;
    QRectF m_fitBounds; // what fit() shows
    int m_current = -1;
    double m_lastPaintMs = 0;
};

} // namespace lookalike::ui
