#include "facegridview.h"
#include "facedelegate.h"
#include "facegridmodel.h"
#include "thumbnailcache.h"
#include <QScrollBar>
#include <QStyle>
#include <algorithm>

namespace lookalike::ui {

FaceGridView::FaceGridView(QWidget* parent)
    : TileGridView(parent), m_delegate(new FaceDelegate(this))
{
    setUniformItemSizes(true);
    setLayoutMode(QListView::SinglePass);
    setDragDropMode(QAbstractItemView::DragOnly);
    setDefaultDropAction(Qt::CopyAction);
    setSpacing(0); // the grid size (updateGridSize) spaces the tiles
    setItemDelegate(m_delegate);
    verticalScrollBar()->setSingleStep(24);

    connect(this, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        emit faceActivated(index.data(FaceGridModel::FaceIdRole).toLongLong());
    });
}

void FaceGridView::setThumbnailSide(int side)
{
    m_delegate->setThumbnailSide(side);
    const int step = std::max(16, side / 4);
    verticalScrollBar()->setSingleStep(step);
    updateGridSize();
    viewport()->update();
}

// Spreads the columns over the whole width, so that no strip is left empty on the right.
void FaceGridView::updateGridSize()
{
    const QSize tile = m_delegate->tileSize(fontMetrics());
    const int minimum = tile.width() + 6;
    // QListView keeps room for a vertical scroll bar it does not show yet.
    const int reserve = verticalScrollBar()->isVisible()
                            ? 0
                            : style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this);
    const int width = std::max(minimum, viewport()->width() - reserve - 1);
    const int columns = std::max(1, width / minimum);
    const QSize grid(width / columns, tile.height() + 4);
    if (grid != gridSize())
        setGridSize(grid);
}

int FaceGridView::thumbnailSide() const
{
    return m_delegate->thumbnailSide();
}

std::vector<qint64> FaceGridView::selectedFaceIds() const
{
    return selectedIds(FaceGridModel::FaceIdRole);
}

qint64 FaceGridView::currentFaceId() const
{
    return currentId(FaceGridModel::FaceIdRole);
}

std::pair<int, int> FaceGridView::visibleRows() const
{
    const int rows = model() ? model()->rowCount() : 0;
    if (rows == 0)
        return {-1, -1};
    // Tiles sit in the middle of their grid cells: look along the centre of the first and
    // the last column, top down and bottom up.
    const QSize cell = gridSize().isValid() ? gridSize() : m_delegate->tileSize(fontMetrics());
    const QRect area = viewport()->rect();
    const int columns = std::max(1, area.width() / std::max(1, cell.width()));
    auto scan = [this, &area](int x, int from, int step) {
        for (int y = from; y >= 0 && y < area.height(); y += step)
            if (const QModelIndex i = indexAt(QPoint(x, y)); i.isValid())
                return i.row();
        return -1;
    };
    const int first = scan(cell.width() / 2, 0, 4);
    if (first < 0)
        return {-1, -1};
    int last = -1;
    for (int column = columns - 1; column >= 0 && last < 0; --column)
        last = scan(column * cell.width() + cell.width() / 2, area.height() - 1, -4);
    return {first, std::max(first, last)};
}

void FaceGridView::prefetch()
{
    auto* grid = qobject_cast<FaceGridModel*>(model());
    if (!m_cache || !grid)
        return;
    const auto [first, last] = visibleRows();
    if (first < 0)
        return;
    const int page = last - first + 1;
    std::vector<qint64> ids;
    for (int row = last + 1; row <= std::min(grid->rowCount() - 1, last + page); ++row)
        ids.push_back(grid->faceId(row));
    m_cache->prefetch(ids);
}

void FaceGridView::resizeEvent(QResizeEvent* event)
{
    updateGridSize();
    TileGridView::resizeEvent(event);
}

} // namespace lookalike::ui
