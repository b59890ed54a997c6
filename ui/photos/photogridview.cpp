#include "photogridview.h"
#include "photodelegate.h"
#include "photogridmodel.h"
#include "thumbnailcache.h"
#include <QScrollBar>
#include <algorithm>

namespace lookalike::ui {

PhotoGridView::PhotoGridView(QWidget* parent)
    : TileGridView(parent), m_delegate(new PhotoDelegate(this))
{
    setUniformItemSizes(false); // headers span the width
    setLayoutMode(QListView::SinglePass);
    setSpacing(2);
    setItemDelegate(m_delegate);
    setDragDropMode(QAbstractItemView::NoDragDrop);
    connect(this, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        if (const qint64 id = index.data(PhotoGridModel::PhotoIdRole).toLongLong(); id > 0)
            emit photoActivated(id);
    });
    setThumbnailSide(m_delegate->thumbnailSide());
}

void PhotoGridView::setThumbnailSide(int side)
{
    m_delegate->setThumbnailSide(side);
    verticalScrollBar()->setSingleStep(std::max(16, side / 4));
    scheduleDelayedItemsLayout(); // every size hint changed
}

int PhotoGridView::thumbnailSide() const
{
    return m_delegate->thumbnailSide();
}

std::vector<qint64> PhotoGridView::selectedPhotoIds() const
{
    return selectedIds(PhotoGridModel::PhotoIdRole); // headers cannot be selected
}

qint64 PhotoGridView::currentPhotoId() const
{
    return currentId(PhotoGridModel::PhotoIdRole); // -1 on a header too
}

std::pair<int, int> PhotoGridView::visibleRows() const
{
    if (!model() || model()->rowCount() == 0)
        return {-1, -1};
    // Rows are laid out in order: the first hit scanning down from the top left, the last
    // scanning up from the bottom right (tiles and headers both start at the left edge).
    const QRect area = viewport()->rect();
    const int step = std::max(4, m_delegate->thumbnailSide() / 4);
    int first = -1, last = -1;
    for (int y = 0; y < area.height() && first < 0; y += 4)
        for (int x = 4; x < area.width() && first < 0; x += step)
            if (const QModelIndex i = indexAt(QPoint(x, y)); i.isValid())
                first = i.row();
    for (int y = area.height() - 1; y >= 0 && last < 0; y -= 4)
        for (int x = area.width() - 4; x >= 0 && last < 0; x -= step)
            if (const QModelIndex i = indexAt(QPoint(x, y)); i.isValid())
                last = i.row();
    if (first < 0)
        return {-1, -1};
    return {first, std::max(first, last)};
}

QModelIndex PhotoGridView::moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers)
{
    QModelIndex index = TileGridView::moveCursor(action, modifiers);
    if (!model() || !index.isValid())
        return index;
    const bool backwards = action == MoveUp || action == MoveLeft || action == MovePageUp ||
                           action == MovePrevious || action == MoveEnd;
    const int rows = model()->rowCount();
    for (int row = index.row(); row >= 0 && row < rows; row += backwards ? -1 : 1)
        if (model()->flags(model()->index(row, 0)) & Qt::ItemIsSelectable)
            return model()->index(row, 0);
    return currentIndex(); // only headers that way: stay
}

void PhotoGridView::prefetch()
{
    if (!m_cache || !model())
        return;
    const auto [first, last] = visibleRows();
    if (first < 0)
        return;
    // The next screenful, from any model with PhotoGridModel's roles (headers have no id).
    std::vector<qint64> ids;
    for (int row = last + 1; row <= std::min(2 * last - first + 1, model()->rowCount() - 1); ++row)
        if (const qint64 id = model()->index(row, 0).data(PhotoGridModel::PhotoIdRole).toLongLong();
            id > 0)
            ids.push_back(id);
    m_cache->prefetch(ids);
}

} // namespace lookalike::ui
