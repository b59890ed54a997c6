#pragma once
#include <QListView>
#include <QTimer>
#include <vector>

namespace lookalike::ui {

// What the face grid and the photos grid share: a virtualised QListView in icon mode that
// zooms with Ctrl+wheel, shows a text in the middle when it has no items, and calls
// prefetch() once scrolling or resizing has stopped for a moment (120 ms), so that the
// next screenful of thumbnails can be asked for.
class TileGridView : public QListView {
    Q_OBJECT
public:
    explicit TileGridView(QWidget* parent = nullptr);

    // Shown in the middle of the grid when it has no items.
    void setEmptyText(const QString& text);
    QString emptyText() const { return m_emptyText; }

signals:
    void zoomRequested(int steps); // Ctrl+wheel: +1 larger, -1 smaller

protected:
    // The `role` (a qint64 id) of the selected items in row order, and of the current item
    // (-1 when none).
    std::vector<qint64> selectedIds(int role) const;
    qint64 currentId(int role) const;
    // Ask for the thumbnails likely to be shown next; called on the GUI thread.
    virtual void prefetch() = 0;
    void schedulePrefetch() { m_prefetchTimer.start(); }

    void wheelEvent(QWheelEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    void resizeEvent(QResizeEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    QTimer m_prefetchTimer;
    QString m_emptyText;
};

} // namespace lookalike::ui
