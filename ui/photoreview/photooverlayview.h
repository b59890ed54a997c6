#pragma once
// Two photos laid over each other in one frame, to see what differs between two copies:
// the lower photo fitted to the view (aspect kept), the upper one drawn into the same frame
// at the opacity of the blend (0: only the lower, 1: only the upper). Photos of another
// size are scaled to the lower one's frame, so a resized copy lines up with its original.
#include <QImage>
#include <QWidget>

namespace lookalike::ui {

class PhotoOverlayView : public QWidget {
    Q_OBJECT
public:
    explicit PhotoOverlayView(QWidget* parent = nullptr);

    void setImages(const QImage& lower, const QImage& upper);
    void setBlend(double blend); // 0..1
    double blend() const { return m_blend; }
    bool hasImages() const { return !m_lower.isNull() && !m_upper.isNull(); }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QImage m_lower;
    QImage m_upper;
    double m_blend = 0.5;
};

} // namespace lookalike::ui
