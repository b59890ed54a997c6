#pragma once
#include <QStyledItemDelegate>

namespace lookalike::ui {

// Paints a face tile: the thumbnail (or a placeholder while it loads), the label below it,
// and in query results the similarity as a badge, green at or above the "same person"
// threshold.
class FaceDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit FaceDelegate(QObject* parent = nullptr);

    void setThumbnailSide(int side) { m_side = side; }
    int thumbnailSide() const { return m_side; }
    void setSamePersonThreshold(double threshold) { m_samePerson = threshold; }

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    // The tile: thumbnail, caption line and padding.
    QSize tileSize(const QFontMetrics& metrics) const;

    static constexpr int kPadding = 5;

private:
    void paintPlaceholder(QPainter* painter, const QRect& rect, bool failed) const;
    void paintBadge(QPainter* painter, const QRect& image, double similarity) const;

    int m_side = 112;
    double m_samePerson = 0.35;
};

} // namespace lookalike::ui
