#include "photoqueryview.h"
#include "photodelegate.h"
#include "photogridview.h"
#include "photomatchmodel.h"
#include "photoquerysession.h"
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPixmap>
#include <QPushButton>
#include <QSlider>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

namespace lookalike::ui {

namespace {
constexpr int kPreviewSide = 96; // the query photo in the bar, px
}

PhotoQueryView::PhotoQueryView(PhotoQuerySession* session, ThumbnailCache* thumbnails,
                               QWidget* parent)
    : QWidget(parent), m_session(session), m_model(new PhotoMatchModel(thumbnails, this)),
      m_grid(new PhotoGridView(this)), m_preview(new QLabel(this)), m_name(new QLabel(this)),
      m_status(new QLabel(this)), m_slider(new QSlider(Qt::Horizontal, this)),
      m_box(new QDoubleSpinBox(this)), m_faces(new QPushButton(this)),
      m_previous(new QToolButton(this)), m_next(new QToolButton(this)),
      m_close(new QToolButton(this))
{
    m_grid->setModel(m_model);
    m_grid->setThumbnailCache(thumbnails);
    m_grid->photoDelegate()->setNoteLine(true);
    m_preview->setFixedSize(kPreviewSide, kPreviewSide);
    m_preview->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    QFont bold = m_name->font();
    bold.setBold(true);
    m_name->setFont(bold);
    m_name->setTextFormat(Qt::PlainText);
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_slider->setRange(0, 100);
    m_slider->setPageStep(5);
    m_slider->setMinimumWidth(160);
    m_slider->setToolTip(tr("Hide look-alikes below this similarity; duplicates always show"));
    m_box->setRange(0, 1);
    m_box->setDecimals(2);
    m_box->setSingleStep(0.01);
    m_box->setToolTip(m_slider->toolTip());
    m_faces->setToolTip(tr("Switch to Faces with the faces of this photo queried"));
    m_faces->setVisible(false);
    m_previous->setIcon(style()->standardIcon(QStyle::SP_ArrowLeft));
    m_previous->setAutoRaise(true);
    m_previous->setToolTip(tr("Previous dropped photo (Alt+Left)"));
    m_next->setIcon(style()->standardIcon(QStyle::SP_ArrowRight));
    m_next->setAutoRaise(true);
    m_next->setToolTip(tr("Next dropped photo (Alt+Right)"));
    m_close->setIcon(style()->standardIcon(QStyle::SP_DialogCloseButton));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Close the query and show every photo (Esc)"));

    auto* threshold = new QHBoxLayout;
    auto* thresholdLabel = new QLabel(tr("Look-alikes &from"), this);
    thresholdLabel->setBuddy(m_slider);
    threshold->addWidget(thresholdLabel);
    threshold->addWidget(m_slider);
    threshold->addWidget(m_box);
    threshold->addStretch(1);
    m_slider->setMaximumWidth(320);

    auto* title = new QHBoxLayout;
    title->addWidget(m_name, 1);
    title->addWidget(m_faces);
    title->addWidget(m_previous);
    title->addWidget(m_next);
    title->addWidget(m_close);
    auto* text = new QVBoxLayout;
    text->setSpacing(4);
    text->addLayout(title);
    text->addWidget(m_status);
    text->addStretch(1);
    text->addLayout(threshold);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(8, 6, 8, 6);
    bar->setSpacing(12);
    bar->addWidget(m_preview, 0, Qt::AlignTop);
    bar->addLayout(text, 1);

    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addLayout(bar);
    column->addWidget(m_grid, 1);
    setFocusProxy(m_grid);

    connect(m_slider, &QSlider::valueChanged, this,
            [this](int value) { m_session->setMinSimilarity(value / 100.0); });
    connect(m_box, &QDoubleSpinBox::valueChanged, m_session, &PhotoQuerySession::setMinSimilarity);
    connect(m_faces, &QPushButton::clicked, this, &PhotoQueryView::similarFacesRequested);
    connect(m_previous, &QToolButton::clicked, m_session, &PhotoQuerySession::showPrevious);
    connect(m_next, &QToolButton::clicked, m_session, &PhotoQuerySession::showNext);
    connect(m_close, &QToolButton::clicked, this, &PhotoQueryView::closeRequested);
    connect(m_session, &PhotoQuerySession::resultChanged, this, &PhotoQueryView::showResult);
    connect(m_session, &PhotoQuerySession::lookAlikesChanged, this,
            &PhotoQueryView::showLookAlikes);
    connect(m_session, &PhotoQuerySession::statusChanged, this, &PhotoQueryView::showStatus);
    connect(m_session, &PhotoQuerySession::faceCountChanged, this, &PhotoQueryView::showFaceCount);
    showResult();
    showStatus();
}

void PhotoQueryView::showResult()
{
    const PhotoQueryResult& result = m_session->result();
    const QString name = result.name.isEmpty() ? tr("Photo query") : result.name;
    const bool several = m_session->queueLength() > 1;
    m_name->setText(several ? tr("%1 (%2 of %3)")
                                  .arg(name)
                                  .arg(m_session->position() + 1)
                                  .arg(m_session->queueLength())
                            : name);
    m_name->setToolTip(result.path);
    m_previous->setVisible(several);
    m_next->setVisible(several);
    m_previous->setEnabled(m_session->position() > 0);
    m_next->setEnabled(m_session->position() + 1 < m_session->queueLength());
    const QPixmap preview = QPixmap::fromImage(result.preview);
    m_preview->setPixmap(preview.isNull()
                             ? QPixmap()
                             : preview.scaled(kPreviewSide, kPreviewSide, Qt::KeepAspectRatio,
                                              Qt::SmoothTransformation));
    if (m_session->isBusy() || !result.error.isEmpty() || !m_session->isActive())
        m_model->clear();
    else
        m_model->setMatches(m_session->duplicates(), m_session->lookAlikes(),
                            m_session->sameObject(), result.objectsSearched);
    m_grid->setEmptyText(m_session->isBusy() ? tr("Searching…") : result.error);
    m_slider->setEnabled(result.error.isEmpty()); // nothing to filter after a failure
    m_box->setEnabled(result.error.isEmpty());
    showThreshold();
    if (m_model->duplicateCount() + m_model->objectCount() + m_model->lookAlikeCount() > 0)
        // the first result, ready for the arrow keys and Enter
        m_grid->setCurrentIndex(m_model->index(m_model->duplicateCount() > 0 ? 1
                                               : m_model->objectCount() > 0
                                                   ? m_model->objectsHeaderRow() + 1
                                                   : m_model->lookAlikesHeaderRow() + 1));
}

void PhotoQueryView::showLookAlikes()
{
    m_model->setLookAlikes(m_session->lookAlikes());
    showThreshold();
}

void PhotoQueryView::showThreshold()
{
    const double value = m_session->minSimilarity();
    const QSignalBlocker b1(m_slider), b2(m_box);
    m_slider->setValue(int(std::lround(value * 100)));
    m_box->setValue(value);
    m_model->setLookAlikesNote(m_session->isBusy() ? QString()
                                                   : tr("%1 of %2 at or above %3")
                                                         .arg(m_model->lookAlikeCount())
                                                         .arg(m_session->lookAlikesFound())
                                                         .arg(value, 0, 'f', 2));
}

void PhotoQueryView::showStatus()
{
    m_status->setText(m_session->statusText());
    QPalette p = palette();
    if (m_session->statusIsError())
        p.setColor(QPalette::WindowText, QColor(220, 90, 80));
    m_status->setPalette(p);
}

void PhotoQueryView::showFaceCount(int count)
{
    m_faces->setVisible(count > 0);
    m_faces->setText(tr("Similar &faces (%1)").arg(count));
}

} // namespace lookalike::ui
