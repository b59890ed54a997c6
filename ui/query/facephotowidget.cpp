#include "facephotowidget.h"
#include <QMouseEvent>
#include <QPainter>

namespace lookalike::ui {

FacePhotoWidget::FacePhotoWidget(QWidget* parent) : QWidget(parent)
{
    setMouseTracking(true);
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

int FacePhotoWidget::heightForWidth(int width) const
{
    if (m_image.isNull() || m_image.width() == 0)
        return width; // a square drop zone
    const int fitted = width * m_image.height() / m_image.width() + 8;
    return std::clamp(fitted, 120, width * 3 / 2);
}

void FacePhotoWidget::setPhoto(const QImage& image, const std::vector<QRectF>& boxes, int selected)
{
    m_image = image;
    m_boxes = boxes;
    m_selected = selected;
    m_hovered = -1;
    updateGeometry();
    update();
}

void FacePhotoWidget::setEmptyText(const QString& text)
{
    m_emptyText = text;
    update();
}

void FacePhotoWidget::setBusy(bool busy)
{
    m_busy = busy;
    update();
}

QRect FacePhotoWidget::imageRect() const
{
    if (m_image.isNull())
        return {};
    const QSize fitted =
        m_image.size().scaled(rect().adjusted(4, 4, -4, -4).size(), Qt::KeepAspectRatio);
    return QRect(QPoint((width() - fitted.width()) / 2, (height() - fitted.height()) / 2), fitted);
}

QRect FacePhotoWidget::boxRect(int index) const
{
    const QRect image = imageRect();
    if (index < 0 || index >= int(m_boxes.size()) || image.isEmpty())
        return {};
    const QRectF& b = m_boxes[size_t(index)];
    return QRectF(image.x() + b.x() * image.width(), image.y() + b.y() * image.height(),
                  b.width() * image.width(), b.height() * image.height())
        .toAlignedRect();
}

int FacePhotoWidget::faceAt(const QPoint& pos) const
{
    // Smallest box under the cursor, so that a face inside a larger box stays reachable.
    int best = -1;
    qint64 bestArea = 0;
    for (int i = 0; i < int(m_boxes.size()); ++i) {
        const QRect r = boxRect(i).adjusted(-3, -3, 3, 3);
        const qint64 area = qint64(r.width()) * r.height();
        if (r.contains(pos) && (best < 0 || area < bestArea)) {
            best = i;
            bestArea = area;
        }
    }
    return best;
}

void FacePhotoWidget::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    if (m_image.isNull()) {
        paintEmpty(painter);
        return;
    }
    const QRect image = imageRect();
    painter.drawImage(image, m_image);
    QFont font = painter.font();
    font.setBold(true);
    painter.setFont(font);
    for (int i = 0; i < int(m_boxes.size()); ++i) {
        const QRect r = boxRect(i);
        const bool selected = i == m_selected;
        const QColor colour = selected ? QColor(60, 200, 110) : QColor(255, 255, 255, 200);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(QColor(0, 0, 0, 140), selected ? 5 : 3));
        painter.drawRect(r);
        painter.setPen(QPen(colour, selected ? 3 : (i == m_hovered ? 2.5 : 1.5)));
        painter.drawRect(r);
        if (m_boxes.size() > 1) {
            const QString number = QString::number(i + 1);
            const QRect tag(r.left(), r.top() - painter.fontMetrics().height() - 2,
                            painter.fontMetrics().horizontalAdvance(number) + 8,
                            painter.fontMetrics().height() + 2);
            painter.fillRect(tag, selected ? QColor(60, 200, 110) : QColor(0, 0, 0, 160));
            painter.setPen(selected ? Qt::black : Qt::white);
            painter.drawText(tag, Qt::AlignCenter, number);
        }
    }
    if (m_busy) {
        painter.fillRect(image, QColor(0, 0, 0, 90));
        painter.setPen(Qt::white);
        painter.drawText(image, Qt::AlignCenter, tr("Searching…"));
    }
}

void FacePhotoWidget::paintEmpty(QPainter& painter)
{
    const QRect area = rect().adjusted(8, 8, -8, -8);
    QColor line = palette().color(QPalette::PlaceholderText);
    painter.setPen(QPen(line, 2, Qt::DashLine));
    painter.setBrush(Qt::NoBrush);
    painter.drawRoundedRect(area, 10, 10);
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(area.adjusted(16, 16, -16, -16), Qt::AlignCenter | Qt::TextWordWrap,
                     m_busy ? tr("Looking for faces…") : m_emptyText);
}

void FacePhotoWidget::mouseMoveEvent(QMouseEvent* event)
{
    const int face = faceAt(event->position().toPoint());
    if (face != m_hovered) {
        m_hovered = face;
        setCursor(face >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
        update();
    }
    QWidget::mouseMoveEvent(event);
}

void FacePhotoWidget::mousePressEvent(QMouseEvent* event)
{
    const int face = event->button() == Qt::LeftButton ? faceAt(event->position().toPoint()) : -1;
    if (face >= 0)
        emit faceClicked(face);
    QWidget::mousePressEvent(event);
}

void FacePhotoWidget::leaveEvent(QEvent* event)
{
    m_hovered = -1;
    update();
    QWidget::leaveEvent(event);
}

} // namespace lookalike::ui
