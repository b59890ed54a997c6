#include "photooverlayview.h"
#include <QPainter>
#include <algorithm>

namespace lookalike::ui {

PhotoOverlayView::PhotoOverlayView(QWidget* parent) : QWidget(parent)
{
    setMinimumSize(240, 200);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void PhotoOverlayView::setImages(const QImage& lower, const QImage& upper)
{
    m_lower = lower;
    m_upper = upper;
    update();
}

void PhotoOverlayView::setBlend(double blend)
{
    m_blend = std::clamp(blend, 0.0, 1.0);
    update();
}

void PhotoOverlayView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const QRect area = rect().adjusted(4, 4, -4, -4);
    if (!hasImages()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(area, Qt::AlignCenter, tr("Loading…"));
        return;
    }
    QRect frame(QPoint(0, 0), m_lower.size().scaled(area.size(), Qt::KeepAspectRatio));
    frame.moveCenter(area.center());
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(frame, m_lower);
    p.setOpacity(m_blend);
    p.drawImage(frame, m_upper);
}

} // namespace lookalike::ui
