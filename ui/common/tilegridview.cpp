#include "tilegridview.h"
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>

namespace lookalike::ui {

TileGridView::TileGridView(QWidget* parent) : QListView(parent)
{
    setViewMode(QListView::IconMode);
    setMovement(QListView::Static);
    setResizeMode(QListView::Adjust);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setWordWrap(false);
    setMouseTracking(true);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setContextMenuPolicy(Qt::CustomContextMenu);
    setFrameShape(QFrame::NoFrame);
    m_prefetchTimer.setSingleShot(true);
    m_prefetchTimer.setInterval(120);
    connect(&m_prefetchTimer, &QTimer::timeout, this, [this] { prefetch(); });
}

std::vector<qint64> TileGridView::selectedIds(int role) const
{
    QModelIndexList indexes =
        selectionModel() ? selectionModel()->selectedIndexes() : QModelIndexList();
    std::sort(indexes.begin(), indexes.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    std::vector<qint64> ids;
    ids.reserve(size_t(indexes.size()));
    for (const QModelIndex& i : indexes)
        ids.push_back(i.data(role).toLongLong());
    return ids;
}

qint64 TileGridView::currentId(int role) const
{
    const QModelIndex i = currentIndex();
    return i.isValid() ? i.data(role).toLongLong() : -1;
}

void TileGridView::setEmptyText(const QString& text)
{
    m_emptyText = text;
    viewport()->update();
}

void TileGridView::paintEvent(QPaintEvent* event)
{
    QListView::paintEvent(event);
    if ((model() && model()->rowCount() > 0) || m_emptyText.isEmpty())
        return;
    QPainter painter(viewport());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(viewport()->rect().adjusted(24, 24, -24, -24),
                     Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
}

void TileGridView::wheelEvent(QWheelEvent* event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const int delta = event->angleDelta().y();
        if (delta != 0)
            emit zoomRequested(delta > 0 ? 1 : -1);
        event->accept();
        return;
    }
    QListView::wheelEvent(event);
}

void TileGridView::scrollContentsBy(int dx, int dy)
{
    QListView::scrollContentsBy(dx, dy);
    m_prefetchTimer.start();
}

void TileGridView::resizeEvent(QResizeEvent* event)
{
    QListView::resizeEvent(event);
    m_prefetchTimer.start();
}

} // namespace lookalike::ui
