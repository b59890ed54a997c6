#include "photodelegate.h"
#include "photogridmodel.h"
#include "plural.h"
#include <QAbstractItemView>
#include <QApplication>
#include <QPainter>
#include <QPixmap>

namespace lookalike::ui {

namespace {
constexpr int kPad = 4; // around the thumbnail, px
}

PhotoDelegate::PhotoDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

QSize PhotoDelegate::tileSize(const QFontMetrics& metrics) const
{
    return {m_side + 2 * kPad, m_side + 2 * kPad + metrics.height() * (m_noteLine ? 2 : 1) + 2};
}

int PhotoDelegate::headerHeight(const QFontMetrics& metrics) const
{
    return metrics.height() * 2 + 6;
}

QSize PhotoDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    if (!index.data(PhotoGridModel::IsHeaderRole).toBool())
        return tileSize(option.fontMetrics);
    const auto* view = qobject_cast<const QAbstractItemView*>(option.widget);
    const int width = view ? view->viewport()->width() - 2 : 600;
    return {std::max(width, m_side), headerHeight(option.fontMetrics)};
}

void PhotoDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const
{
    painter->save();
    if (index.data(PhotoGridModel::IsHeaderRole).toBool())
        paintHeader(painter, option, index);
    else
        paintTile(painter, option, index);
    painter->restore();
}

void PhotoDelegate::paintHeader(QPainter* painter, const QStyleOptionViewItem& option,
                                const QModelIndex& index) const
{
    // Headers are not enabled items (keyboard navigation steps over them): paint them with
    // the active colours, not the disabled ones the option carries.
    const QPalette& palette = option.palette;
    const QRect r = option.rect.adjusted(6, 0, -6, 0);
    QFont bold = option.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(palette.color(QPalette::Active, QPalette::WindowText));
    const QVariant note = index.data(PhotoGridModel::NoteRole);
    const QString count =
        note.isValid()
            ? note.toString()
            : plural(index.data(PhotoGridModel::CountRole).toLongLong(), tr("photo"), tr("photos"));
    const QFontMetrics boldMetrics(bold);
    const int countWidth = boldMetrics.horizontalAdvance(count) + 12;
    const QRect text = r.adjusted(0, 4, -countWidth, -2);
    painter->drawText(text, Qt::AlignLeft | Qt::AlignBottom,
                      boldMetrics.elidedText(index.data(Qt::DisplayRole).toString(),
                                             Qt::ElideMiddle, text.width()));
    painter->setFont(option.font);
    painter->setPen(palette.color(QPalette::Active, QPalette::PlaceholderText));
    painter->drawText(r.adjusted(0, 4, 0, -2), Qt::AlignRight | Qt::AlignBottom, count);
    painter->setPen(QPen(palette.color(QPalette::Active, QPalette::Mid), 1));
    painter->drawLine(r.bottomLeft(), r.bottomRight());
}

void PhotoDelegate::paintTile(QPainter* painter, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const
{
    const bool selected = option.state & QStyle::State_Selected;
    const QRect cell = option.rect;
    const QRect square(cell.x() + kPad, cell.y() + kPad, m_side, m_side);
    if (selected)
        painter->fillRect(cell.adjusted(1, 1, -1, -1), option.palette.color(QPalette::Highlight));
    else if (option.state & QStyle::State_MouseOver)
        painter->fillRect(cell.adjusted(1, 1, -1, -1),
                          option.palette.color(QPalette::Midlight));
    const QPixmap pixmap = qvariant_cast<QPixmap>(index.data(Qt::DecorationRole));
    if (!pixmap.isNull()) {
        QSizeF size = pixmap.deviceIndependentSize();
        size.scale(square.size(), Qt::KeepAspectRatio);
        const QRectF target(square.x() + (square.width() - size.width()) / 2,
                            square.y() + (square.height() - size.height()) / 2, size.width(),
                            size.height());
        painter->setRenderHint(QPainter::SmoothPixmapTransform);
        painter->drawPixmap(target, pixmap, QRectF(pixmap.rect()));
    } else {
        const bool failed = index.data(PhotoGridModel::ThumbnailStateRole).toInt() ==
                            PhotoGridModel::Failed;
        painter->fillRect(square.adjusted(8, 8, -8, -8), QColor(128, 128, 128, 40));
        painter->setPen(option.palette.color(QPalette::PlaceholderText));
        painter->drawText(square, Qt::AlignCenter, failed ? tr("cannot be shown") : QString());
    }
    if (option.state & QStyle::State_HasFocus) {
        painter->setPen(QPen(option.palette.color(QPalette::Highlight).darker(130), 2));
        painter->drawRect(cell.adjusted(1, 1, -2, -2));
    }
    const QColor text = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    painter->setPen(text);
    QRect label(cell.x() + kPad, square.bottom() + 2, m_side, option.fontMetrics.height());
    painter->drawText(label, Qt::AlignHCenter | Qt::AlignVCenter,
                      option.fontMetrics.elidedText(index.data(Qt::DisplayRole).toString(),
                                                    Qt::ElideMiddle, label.width()));
    if (!m_noteLine)
        return;
    const QVariant colour = index.data(Qt::ForegroundRole);
    painter->setPen(selected || !colour.isValid()
                        ? (selected ? text : option.palette.color(QPalette::PlaceholderText))
                        : qvariant_cast<QColor>(colour));
    label.translate(0, option.fontMetrics.height());
    painter->drawText(label, Qt::AlignHCenter | Qt::AlignVCenter,
                      option.fontMetrics.elidedText(index.data(PhotoGridModel::NoteRole).toString(),
                                                    Qt::ElideRight, label.width()));
}

} // namespace lookalike::ui
