#include "photocard.h"
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>

namespace lookalike::ui {

PhotoCard::PhotoCard(int number, const PhotoFacts& facts, QWidget* parent)
    : QWidget(parent), m_number(number), m_facts(facts), m_text(new QLabel(this))
{
    m_text->setTextFormat(Qt::RichText);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setToolTip(QDir::toNativeSeparators(facts.path));
    const QString path = QDir::toNativeSeparators(facts.path);
    m_text->setText(QStringLiteral("<b>%1</b><br>%2<br><span style='color:gray'>%3</span>")
                        .arg(sizeLine(facts).toHtmlEscaped(), dateLine(facts).toHtmlEscaped(),
                             path.toHtmlEscaped()));
    setMinimumSize(220, 260);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

QString PhotoCard::sizeLine(const PhotoFacts& facts)
{
    const QLocale locale;
    QStringList parts;
    if (facts.width > 0 && facts.height > 0)
        parts << QStringLiteral("%1 × %2").arg(locale.toString(facts.width),
                                               locale.toString(facts.height));
    if (facts.bytes > 0)
        parts << locale.formattedDataSize(facts.bytes, 1, QLocale::DataSizeTraditionalFormat);
    if (!facts.format.isEmpty())
        parts << facts.format.toUpper();
    return parts.join(QStringLiteral(" · "));
}

QString PhotoCard::dateLine(const PhotoFacts& facts)
{
    const QLocale locale;
    QStringList parts;
    if (facts.takenMs > 0) // local time stored as UTC: shown as written in the photo
        parts << tr("Taken %1")
                     .arg(locale.toString(QDateTime::fromMSecsSinceEpoch(facts.takenMs, Qt::UTC),
                                          QLocale::ShortFormat));
    else if (facts.mtimeMs > 0)
        parts << tr("File date %1")
                     .arg(locale.toString(QDateTime::fromMSecsSinceEpoch(facts.mtimeMs),
                                          QLocale::ShortFormat));
    parts << (facts.camera.isEmpty() ? tr("no camera named") : facts.camera);
    return parts.join(QStringLiteral(" · "));
}

QString PhotoCard::factsText() const
{
    return QStringList{sizeLine(m_facts), dateLine(m_facts), QDir::toNativeSeparators(m_facts.path)}
        .join(QLatin1Char('\n'));
}

void PhotoCard::setImage(const QImage& image, bool failed)
{
    m_image = image;
    m_failed = failed;
    layOut();
}

void PhotoCard::setKeeper(bool keeper)
{
    if (keeper != m_keeper) {
        m_keeper = keeper;
        update();
    }
}

void PhotoCard::setSelected(bool selected)
{
    if (selected != m_selected) {
        m_selected = selected;
        update();
    }
}

void PhotoCard::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    layOut();
}

void PhotoCard::layOut()
{
    // The picture as large as fits above its facts, the two as one block centred vertically.
    constexpr int margin = 8;
    const int width = this->width() - 2 * margin;
    const int textHeight = m_text->heightForWidth(width);
    const QSize room(width, height() - 2 * margin - textHeight - 6);
    const QSize aspect = m_image.isNull() ? QSize(4, 3) : m_image.size();
    const QSize picture = aspect.scaled(room, Qt::KeepAspectRatio);
    const int blockHeight = picture.height() + 6 + textHeight + 2 * margin;
    const int top = std::max(0, (height() - blockHeight) / 2);
    m_block = QRect(0, top, this->width(), blockHeight);
    m_picture = QRect(QPoint(margin + (width - picture.width()) / 2, top + margin), picture);
    m_text->setGeometry(margin, m_picture.bottom() + 7, width, textHeight);
    update();
}

void PhotoCard::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    p.setPen(m_selected ? QPen(pal.color(QPalette::Highlight), 3)
                        : QPen(pal.color(QPalette::Mid), 1));
    p.setBrush(m_selected ? pal.color(QPalette::AlternateBase) : pal.color(QPalette::Base));
    p.drawRoundedRect(QRectF(m_block).adjusted(1.5, 1.5, -1.5, -1.5), 6, 6);

    const QRect shown = m_picture;
    if (!m_image.isNull()) {
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        p.drawImage(shown, m_image);
    } else {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(shown, Qt::AlignCenter | Qt::TextWordWrap,
                   m_failed ? tr("This photo cannot be shown") : tr("Loading…"));
    }

    // The number that keeps this photo, top left of the picture.
    QFont font = p.font();
    font.setBold(true);
    p.setFont(font);
    const QRect number(shown.topLeft() + QPoint(6, 6), QSize(24, 24));
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0, 0, 0, 150));
    p.drawEllipse(number);
    p.setPen(Qt::white);
    p.drawText(number, Qt::AlignCenter, QString::number(m_number));
    if (m_keeper) {
        const QString text = tr("✔ Keep");
        const QRect badge(shown.topRight() +
                              QPoint(-p.fontMetrics().horizontalAdvance(text) - 26, 6),
                          QSize(p.fontMetrics().horizontalAdvance(text) + 20, 26));
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x2e, 0x7d, 0x32));
        p.drawRoundedRect(badge, 5, 5);
        p.setPen(Qt::white);
        p.drawText(badge, Qt::AlignCenter, text);
    }
}

void PhotoCard::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        emit clicked();
    QWidget::mousePressEvent(event);
}

void PhotoCard::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        emit doubleClicked();
    QWidget::mouseDoubleClickEvent(event);
}

} // namespace lookalike::ui
