#pragma once
// A uniform grid over the points of a map, for the view: which points fall in a rectangle
// (what to paint, what a rubber band selects) and which point is nearest a position (hover,
// click), without looking at every point. Built once per layout, O(n).
#include <QPointF>
#include <QRectF>
#include <vector>

namespace lookalike {

class PointGrid {
public:
    PointGrid() = default;
    // positions: n * 2 map units; kept by reference, must outlive the grid.
    explicit PointGrid(const std::vector<float>* positions);

    // Indices of the points inside `rect`, in index order within each cell.
    void query(const QRectF& rect, std::vector<int>& out) const;
    // The point nearest `p` within `radius`, or -1.
    int nearest(const QPointF& p, double radius) const;
    QRectF bounds() const { return m_bounds; }
    qint64 size() const { return m_positions ? qint64(m_positions->size() / 2) : 0; }

private:
    int cellX(double x) const;
    int cellY(double y) const;

    const std::vector<float>* m_positions = nullptr;
    QRectF m_bounds;
    int m_columns = 1, m_rows = 1;
    double m_cell = 1;
    std::vector<int> m_start; // m_columns * m_rows + 1 offsets into m_items
    std::vector<int> m_items; // point indices, cell by cell
};

} // namespace lookalike
