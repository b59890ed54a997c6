#pragma once
#include "queryphoto.h"
#include <QWidget>

namespace lookalike::ui {

// The query photo, scaled to fit, with a numbered box on every face; the searched face is
// highlighted. Clicking a box asks for that face. Empty, it invites a drop.
class FacePhotoWidget : public QWidget {
    Q_OBJECT
public:
    explicit FacePhotoWidget(QWidget* parent = nullptr);

    void setPhoto(const QImage& image, const std::vector<QRectF>& boxes, int selected);
    void setEmptyText(const QString& text);
    void setBusy(bool busy);
    // The box of face `index` in widget coordinates (empty when there is none).
    QRect boxRect(int index) const;
    int faceAt(const QPoint& pos) const; // -1: none

    QSize sizeHint() const override { return {320, heightForWidth(320)}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize minimumSizeHint() const override { return {160, 160}; }

signals:
    void faceClicked(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QRect imageRect() const;
    void paintEmpty(QPainter& painter);

    QImage m_image;
    std::vector<QRectF> m_boxes; // relative 0..1
    int m_selected = -1;
    int m_hovered = -1;
    bool m_busy = false;
    QString m_emptyText;
};

} // namespace lookalike::ui
