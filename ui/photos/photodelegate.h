#pragma once
#include <QStyledItemDelegate>

namespace lookalike::ui {

// Paints the photos grid: a folder header across the whole width (its path and how many
// photos), or a photo tile (the thumbnail fitted in a square, aspect kept, the file name
// under it; with a note line, PhotoGridModel::NoteRole under the name, in the item's
// Qt::ForegroundRole colour when it has one). A header is as wide as the view's viewport, so the icon-mode flow starts a
// new line after it.
class PhotoDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit PhotoDelegate(QObject* parent = nullptr);

    void setThumbnailSide(int side) { m_side = side; }
    int thumbnailSide() const { return m_side; }
    // A second caption line under each tile (the kind and score of a match).
    void setNoteLine(bool on) { m_noteLine = on; }
    QSize tileSize(const QFontMetrics& metrics) const;
    int headerHeight(const QFontMetrics& metrics) const;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    void paintHeader(QPainter* painter, const QStyleOptionViewItem& option,
                     const QModelIndex& index) const;
    void paintTile(QPainter* painter, const QStyleOptionViewItem& option,
                   const QModelIndex& index) const;

    int m_side = 160;
    bool m_noteLine = false;
};

} // namespace lookalike::ui
