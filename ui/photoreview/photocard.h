#pragma once
// One photo of a duplicate group: the picture (fitted, aspect kept), its number (the key that
// keeps it), a "Keep" badge on the photo to keep, and its facts below: dimensions, file size,
// format, date taken, camera and path. Selected photos are framed. A click selects, a
// double-click keeps.
#include "photokeeper.h"
#include <QImage>
#include <QWidget>

class QLabel;

namespace lookalike::ui {

class PhotoCard : public QWidget {
    Q_OBJECT
public:
    PhotoCard(int number, const PhotoFacts& facts, QWidget* parent = nullptr);

    const PhotoFacts& facts() const { return m_facts; }
    void setImage(const QImage& image, bool failed);
    bool hasPicture() const { return !m_image.isNull() || m_failed; }
    void setKeeper(bool keeper);
    bool isKeeper() const { return m_keeper; }
    void setSelected(bool selected);
    bool isSelected() const { return m_selected; }
    QString factsText() const; // what the card says under the picture, as plain text

    // "4,032 × 3,024 · 2.4 MB · JPEG", "Taken 1 May 2024 12:00 · Canon EOS 80D"
    static QString sizeLine(const PhotoFacts& facts);
    static QString dateLine(const PhotoFacts& facts);

signals:
    void clicked();
    void doubleClicked();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    void layOut();

    int m_number;
    PhotoFacts m_facts;
    QImage m_image;
    bool m_failed = false;
    bool m_keeper = false;
    bool m_selected = false;
    QLabel* m_text;
    QRect m_block;   // the framed card: picture and facts
    QRect m_picture; // where the picture goes
};

} // namespace lookalike::ui
