#include "reviewfacepanel.h"
#include "facephotowidget.h"
#include "reviewfaceloader.h"
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QPainter>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

namespace lookalike::ui {

namespace {

QPixmap placeholder(const QString& text, const QPalette& palette)
{
    QPixmap pixmap(ReviewFacePanel::kFaceSide, ReviewFacePanel::kFaceSide);
    pixmap.fill(palette.color(QPalette::AlternateBase));
    QPainter painter(&pixmap);
    painter.setPen(palette.color(QPalette::PlaceholderText));
    painter.drawText(pixmap.rect(), Qt::AlignCenter | Qt::TextWordWrap, text);
    return pixmap;
}

} // namespace

ReviewFacePanel::ReviewFacePanel(const QString& letter, QWidget* parent)
    : QWidget(parent), m_letter(letter), m_header(new QLabel(this)), m_face(new QLabel(this)),
      m_photo(new FacePhotoWidget(this)), m_path(new QLabel(this))
{
    m_header->setTextFormat(Qt::RichText);
    m_header->setAlignment(Qt::AlignCenter);
    m_face->setFixedSize(kFaceSide, kFaceSide);
    m_face->setAlignment(Qt::AlignCenter);
    m_photo->setMinimumHeight(160);
    m_path->setAlignment(Qt::AlignCenter);
    m_path->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_path->setForegroundRole(QPalette::PlaceholderText);
    m_path->setMinimumWidth(1); // long paths are elided, never widen the window

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_header);
    layout->addWidget(m_face, 0, Qt::AlignHCenter);
    layout->addWidget(m_photo, 1);
    layout->addWidget(m_path);
    clear();
}

void ReviewFacePanel::setFace(const FaceRecord& face, qint64 labelCount)
{
    const QString label =
        face.label.isEmpty() ? tr("<i>unlabelled</i>") : face.label.toHtmlEscaped();
    const QString count = face.label.isEmpty() ? QString()
                          : labelCount == 1    ? tr("1 face")
                                               : tr("%1 faces").arg(labelCount);
    m_header->setText(QStringLiteral("<span style='font-size:large'><b>%1</b> &nbsp;%2</span>"
                                     "&nbsp; <span style='color:gray'>%3</span>")
                          .arg(m_letter, label, count));
    const QFileInfo info(face.path);
    m_pathText = info.dir().dirName() + QLatin1Char('/') + info.fileName();
    m_path->setToolTip(QDir::toNativeSeparators(face.path));
    elidePath();
    m_hasFace = face.id != 0;
    m_face->setVisible(m_hasFace);
    setImages(nullptr);
}

void ReviewFacePanel::setImages(const ReviewFaceImages* images)
{
    m_hasPicture = images && images->error.isEmpty();
    if (!images) {
        m_face->setPixmap(placeholder(tr("Loading…"), palette()));
        m_photo->setPhoto({}, {}, -1);
        m_photo->setEmptyText(tr("Loading…"));
        return;
    }
    if (!images->error.isEmpty()) {
        m_face->setPixmap(placeholder(tr("Cannot show this photo"), palette()));
        m_photo->setPhoto({}, {}, -1);
        m_photo->setEmptyText(images->error);
        return;
    }
    if (!images->face.isNull())
        m_face->setPixmap(QPixmap::fromImage(images->face.scaled(
            kFaceSide, kFaceSide, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    m_photo->setPhoto(images->photo, images->boxes, images->selected);
}

void ReviewFacePanel::clear()
{
    m_header->setText(QString());
    m_pathText.clear();
    m_path->clear();
    m_face->setPixmap(placeholder(QString(), palette()));
    m_photo->setPhoto({}, {}, -1);
    m_photo->setEmptyText(QString());
    m_hasPicture = false;
}

void ReviewFacePanel::elidePath()
{
    m_path->setText(m_path->fontMetrics().elidedText(m_pathText, Qt::ElideMiddle, width()));
}

void ReviewFacePanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    elidePath();
}

QString ReviewFacePanel::headerText() const
{
    return QTextDocumentFragment::fromHtml(m_header->text()).toPlainText();
}

bool ReviewFacePanel::hasPicture() const
{
    return m_hasPicture;
}

} // namespace lookalike::ui
