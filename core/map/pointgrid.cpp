#include "pointgrid.h"

#include "islandlabels.h"

#include <algorithm>
#include <cmath>

namespace lookalike {

PointGrid::PointGrid(const std::vector<float>* positions) : m_positions(positions)
{
    const int n = int(positions->size() / 2);
    m_bounds = mapBounds(*positions);
    const double extent = std::max({m_bounds.width(), m_bounds.height(), 1e-6});
    // About four points per cell on average.
    const int across = std::clamp(int(std::sqrt(n / 4.0)), 1, 2048);
    m_cell = extent / across;
    m_columns = std::max(1, int(std::ceil(m_bounds.width() / m_cell)) + 1);
    m_rows = std::max(1, int(std::ceil(m_bounds.height() / m_cell)) + 1);
    m_start.assign(size_t(m_columns) * m_rows + 1, 0);
    std::vector<int> cellOf(n);
    for (int i = 0; i < n; ++i) {
        cellOf[i] = cellY((*positions)[2 * i + 1]) * m_columns + cellX((*positions)[2 * i]);
        ++m_start[cellOf[i] + 1];
    }
    for (size_t c = 1; c < m_start.size(); ++c)
        m_start[c] += m_start[c - 1];
    m_items.resize(n);
    std::vector<int> fill(m_start.begin(), m_start.end() - 1);
    for (int i = 0; i < n; ++i)
        m_items[fill[cellOf[i]]++] = i;
}

int PointGrid::cellX(double x) const
{
    return std::clamp(int((x - m_bounds.left()) / m_cell), 0, m_columns - 1);
}

int PointGrid::cellY(double y) const
{
    return std::clamp(int((y - m_bounds.top()) / m_cell), 0, m_rows - 1);
}

void PointGrid::query(const QRectF& rect, std::vector<int>& out) const
{
    out.clear();
    if (!m_positions || m_items.empty() ||
        !rect.intersects(m_bounds.adjusted(-1e-9, -1e-9, 1e-9, 1e-9)))
        return;
    const auto& p = *m_positions;
    const int x0 = cellX(rect.left()), x1 = cellX(rect.right());
    const int y0 = cellY(rect.top()), y1 = cellY(rect.bottom());
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) {
            const int c = y * m_columns + x;
            const bool inside = x > x0 && x < x1 && y > y0 && y < y1; // whole cell in rect
            for (int k = m_start[c]; k < m_start[c + 1]; ++k) {
                const int i = m_items[k];
                if (inside || rect.contains(p[2 * i], p[2 * i + 1]))
                    out.push_back(i);
            }
        }
}

int PointGrid::nearest(const QPointF& at, double radius) const
{
    if (!m_positions || m_items.empty())
        return -1;
    std::vector<int> candidates;
    query(QRectF(at.x() - radius, at.y() - radius, 2 * radius, 2 * radius), candidates);
    int best = -1;
    double bestDistance = radius * radius;
    for (int i : candidates) {
        const double dx = (*m_positions)[2 * i] - at.x(), dy = (*m_positions)[2 * i + 1] - at.y();
        if (const double d = dx * dx + dy * dy; d <= bestDistance) {
            bestDistance = d;
            best = i;
        }
    }
    return best;
}

} // namespace lookalike
