#pragma once
// What the map view shows, shared by MapView (interaction) and MapRenderer (painting): the
// points, their colours and selection, the names on the islands, the query marker, and the
// transform from map units to widget pixels.
#include "islandlabels.h"
#include "pointgrid.h"
#include <QColor>
#include <QHash>
#include <QImage>
#include <QPointF>
#include <QString>
#include <optional>
#include <vector>

namespace lookalike::ui {

struct MapScene {
    std::vector<qint64> ids;      // point -> item id
    std::vector<float> positions; // point -> x, y (map units)
    QHash<qint64, int> pointOf;   // item id -> point
    PointGrid grid;               // over positions
    std::vector<QRgb> colours;    // point -> colour (opaque)
    std::vector<char> selected;   // point -> 0/1
    std::vector<char> dimmed;     // point -> 0/1: outside the highlighted set
    std::vector<IslandLabel> islands;
    QStringList groupNames;
    std::vector<QRgb> groupColours; // as groupNames
    bool showNames = true;
    std::optional<QPointF> marker; // a query photo's place, map units
    QImage markerFace;

    // View: map point `centre` at the widget's centre, `scale` pixels per map unit.
    QPointF centre;
    double scale = 1;
    double fitScale = 1; // the scale at which the whole map fits
    QSize size;

    qint64 count() const { return qint64(ids.size()); }
    QPointF toScreen(double x, double y) const
    {
        return {(x - centre.x()) * scale + size.width() / 2.0,
                (y - centre.y()) * scale + size.height() / 2.0};
    }
    QPointF toScreen(int point) const
    {
        return toScreen(positions[2 * point], positions[2 * point + 1]);
    }
    QPointF toMap(const QPointF& p) const
    {
        return {(p.x() - size.width() / 2.0) / scale + centre.x(),
                (p.y() - size.height() / 2.0) / scale + centre.y()};
    }
    QRectF visibleRect(double marginPx = 0) const
    {
        return QRectF(toMap(QPointF(-marginPx, -marginPx)),
                      toMap(QPointF(size.width() + marginPx, size.height() + marginPx)));
    }
};

} // namespace lookalike::ui
