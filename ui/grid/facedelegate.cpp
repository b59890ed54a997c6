#include "facedelegate.h"
#include "facegridmodel.h"
#include <QApplication>
#include <QFileInfo>
#include <QPainter>
#include <QPainterPath>

namespace lookalike::ui {

FaceDelegate::FaceDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

QSize FaceDelegate::tileSize(const QFontMetrics& metrics) const
{
    const int caption = metrics.height() + 4;
    return {m_side + 2 * kPadding, m_side + caption + 2 * kPadding};
}

QSize FaceDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const
{
    return tileSize(option.fontMetrics);
}

void FaceDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                         const QModelIndex& index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::SmoothPixmapTransform);
    const QRect tile = option.rect.adjusted(1, 1, -1, -1);
    const QPalette& palette = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    const bool hovered = option.state & QStyle::State_MouseOver;
    if (selected || hovered) {
        QColor fill = palette.color(QPalette::Highlight);
        fill.setAlpha(selected ? 110 : 40);
        painter->setPen(selected ? QPen(palette.color(QPalette::Highlight), 2) : Qt::NoPen);
        painter->setBrush(fill);
        painter->drawRoundedRect(tile, 5, 5);
    }

    const QRect image(option.rect.x() + kPadding, option.rect.y() + kPadding, m_side, m_side);
    const QPixmap pixmap = index.data(Qt::DecorationRole).value<QPixmap>();
    if (pixmap.isNull()) {
        const auto state = index.data(FaceGridModel::ThumbnailStateRole).toInt();
        paintPlaceholder(painter, image, state == FaceGridModel::Failed);
    } else {
        QPainterPath clip;
        clip.addRoundedRect(image, 4, 4);
        painter->setClipPath(clip);
        painter->drawPixmap(image, pixmap);
        painter->setClipping(false);
    }

    const QVariant similarity = index.data(FaceGridModel::SimilarityRole);
    if (similarity.isValid())
        paintBadge(painter, image, similarity.toDouble());

    QString caption = index.data(FaceGridModel::LabelRole).toString();
    QColor captionColor = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    QFont captionFont = option.font;
    if (const QString suggested = index.data(FaceGridModel::SuggestionRole).toString();
        caption.isEmpty() && !suggested.isEmpty()) {
        caption = tr("%1?").arg(suggested); // a question until confirmed
        captionFont.setItalic(true);
    } else if (caption.isEmpty()) {
        caption = QFileInfo(index.data(FaceGridModel::PathRole).toString()).fileName();
        captionColor = palette.color(QPalette::PlaceholderText);
    }
    const QRect text(image.left(), image.bottom() + 3, m_side, option.fontMetrics.height());
    painter->setPen(captionColor);
    painter->setFont(captionFont);
    painter->drawText(text, Qt::AlignHCenter | Qt::AlignVCenter,
                      option.fontMetrics.elidedText(caption, Qt::ElideMiddle, m_side));
    painter->restore();
}

void FaceDelegate::paintPlaceholder(QPainter* painter, const QRect& rect, bool failed) const
{
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(failed ? 70 : 58, 58, 58));
    painter->drawRoundedRect(rect, 4, 4);
    if (failed) {
        painter->setPen(QColor(220, 150, 150));
        QFont font = painter->font();
        font.setPixelSize(std::max(10, rect.height() / 8));
        painter->setFont(font);
        painter->drawText(rect, Qt::AlignCenter | Qt::TextWordWrap, tr("photo\nunavailable"));
        return;
    }
    // A head-and-shoulders silhouette while the face loads.
    painter->setBrush(QColor(82, 82, 82));
    const double s = rect.width();
    const QPointF c(rect.center().x() + 0.5, rect.top() + s * 0.42);
    painter->drawEllipse(c, s * 0.17, s * 0.21);
    painter->drawChord(QRectF(rect.left() + s * 0.18, rect.top() + s * 0.68, s * 0.64, s * 0.6), 0,
                       180 * 16);
}

void FaceDelegate::paintBadge(QPainter* painter, const QRect& image, double similarity) const
{
    QFont font = painter->font();
    font.setBold(true);
    font.setPixelSize(std::clamp(m_side / 9, 10, 14));
    const QString text = QString::number(similarity, 'f', 2);
    const QFontMetrics metrics(font);
    const QRect badge(image.right() - metrics.horizontalAdvance(text) - 10, image.top() + 3,
                      metrics.horizontalAdvance(text) + 8, metrics.height() + 2);
    painter->setPen(Qt::NoPen);
    painter->setBrush(similarity >= m_samePerson ? QColor(30, 140, 70, 225)
                                                 : QColor(150, 110, 20, 225));
    painter->drawRoundedRect(badge, 4, 4);
    painter->setPen(Qt::white);
    painter->setFont(font);
    painter->drawText(badge, Qt::AlignCenter, text);
}

} // namespace lookalike::ui
