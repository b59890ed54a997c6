#include "querypanel.h"
#include "facephotowidget.h"
#include "querydrop.h"
#include "querysession.h"
#include <QComboBox>
#include <QDragEnterEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

namespace lookalike::ui {

namespace {

QToolButton* toolButton(QWidget* parent, QStyle::StandardPixmap icon, const QString& tip)
{
    auto* b = new QToolButton(parent);
    b->setIcon(parent->style()->standardIcon(icon));
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

} // namespace

QueryPanel::QueryPanel(QuerySession* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_title(new QLabel(this)),
      m_previous(toolButton(this, QStyle::SP_ArrowLeft, tr("Previous dropped photo (Alt+Left)"))),
      m_next(toolButton(this, QStyle::SP_ArrowRight, tr("Next dropped photo (Alt+Right)"))),
      m_close(toolButton(this, QStyle::SP_DialogCloseButton,
                         tr("Close the query and show the library (Esc)"))),
      m_photo(new FacePhotoWidget(this)), m_status(new QLabel(this)), m_topK(new QSpinBox(this)),
      m_similarity(new QSlider(Qt::Horizontal, this)), m_similarityValue(new QLabel(this)),
      m_label(new QComboBox(this))
{
    setAcceptDrops(true);
    setMinimumWidth(260);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setMinimumWidth(60);
    m_photo->setEmptyText(tr("Drop a photo here to find similar faces\n\nor paste one (Ctrl+V), "
                             "or choose Query image… (Ctrl+O).\n\nDrag a face from the grid "
                             "here to find faces like it."));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setMinimumHeight(m_status->fontMetrics().height() * 2);
    m_status->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    m_topK->setRange(1, 5000);
    m_topK->setAccelerated(true);
    m_topK->setToolTip(tr("How many of the most similar faces to show"));
    m_similarity->setRange(0, 100);
    m_similarity->setPageStep(5);
    m_similarityValue->setMinimumWidth(
        m_similarityValue->fontMetrics().horizontalAdvance(QStringLiteral("0.000")));
    m_label->setToolTip(tr("Only show matches with this label"));
    m_label->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_label->setMinimumContentsLength(10);

    auto* header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(m_title, 1);
    header->addWidget(m_previous);
    header->addWidget(m_next);
    header->addWidget(m_close);

    auto* similarityRow = new QHBoxLayout;
    similarityRow->addWidget(m_similarity, 1);
    similarityRow->addWidget(m_similarityValue);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Show &top"), m_topK);
    auto* similarityLabel = new QLabel(tr("&Minimum similarity"), this);
    similarityLabel->setBuddy(m_similarity);
    form->addRow(similarityLabel, similarityRow);
    form->addRow(tr("&Label"), m_label);

    auto* open = new QPushButton(tr("Query image…"), this);
    open->setToolTip(tr("Choose a photo and find faces like the ones in it (Ctrl+O)"));

    m_layout = new QVBoxLayout(this);
    m_layout->setContentsMargins(6, 6, 6, 6);
    m_layout->addLayout(header);
    m_layout->addWidget(m_photo);
    m_layout->addWidget(m_status);
    m_layout->addSpacing(6);
    m_layout->addLayout(form);
    m_layout->addWidget(open);
    m_layout->addStretch(0);

    connect(open, &QPushButton::clicked, this, &QueryPanel::queryImageRequested);
    connect(m_previous, &QToolButton::clicked, m_session, &QuerySession::showPrevious);
    connect(m_next, &QToolButton::clicked, m_session, &QuerySession::showNext);
    connect(m_close, &QToolButton::clicked, m_session, &QuerySession::clear);
    connect(m_photo, &FacePhotoWidget::faceClicked, m_session, &QuerySession::selectFace);
    connect(m_topK, &QSpinBox::valueChanged, m_session, &QuerySession::setTopK);
    connect(m_similarity, &QSlider::valueChanged, this,
            [this](int value) { m_session->setMinSimilarity(value / 100.0); });
    connect(m_label, &QComboBox::activated, this, &QueryPanel::chooseLabel);
    connect(m_session, &QuerySession::photoChanged, this, &QueryPanel::showPhoto);
    connect(m_session, &QuerySession::statusChanged, this, &QueryPanel::showStatus);
    connect(m_session, &QuerySession::busyChanged, m_photo, &FacePhotoWidget::setBusy);
    connect(m_session, &QuerySession::resultsChanged, this, &QueryPanel::showFilters);
    setLabels({});
    showPhoto();
    showStatus();
    showFilters();
}

void QueryPanel::setSamePersonThreshold(double threshold)
{
    m_samePerson = threshold;
    m_similarity->setToolTip(tr("Hide matches below this cosine similarity. Faces at or above "
                                "%1 are usually the same person.")
                                 .arg(threshold, 0, 'f', 2));
}

void QueryPanel::setLabels(const QStringList& labels)
{
    if (labels == m_labels && m_label->count() > 0)
        return;
    m_labels = labels;
    const LabelFilter current = m_session->labelFilter();
    const QSignalBlocker blocker(m_label);
    m_label->clear();
    m_label->addItem(tr("Any label"));
    m_label->addItem(tr("Unlabelled"));
    m_label->addItems(labels);
    if (current.kind == LabelFilter::Kind::Unlabelled)
        m_label->setCurrentIndex(1);
    else if (current.kind == LabelFilter::Kind::Label)
        m_label->setCurrentIndex(std::max(0, m_label->findText(current.name)));
}

void QueryPanel::chooseLabel(int index)
{
    if (index <= 0)
        m_session->setLabelFilter(LabelFilter::all());
    else if (index == 1)
        m_session->setLabelFilter(LabelFilter::unlabelled());
    else
        m_session->setLabelFilter(LabelFilter::label(m_label->itemText(index)));
}

void QueryPanel::showPhoto()
{
    const QueryPhoto& photo = m_session->photo();
    std::vector<QRectF> boxes;
    for (const QueryFaceInfo& f : photo.faces)
        boxes.push_back(f.box);
    m_photo->setPhoto(photo.image, boxes, photo.selected);
    // Empty, the drop zone takes the height; with a photo the controls follow it directly.
    const bool empty = photo.image.isNull();
    m_layout->setStretchFactor(m_photo, empty ? 1 : 0);
    m_layout->setStretch(m_layout->count() - 1, empty ? 0 : 1);
    QString title = m_session->isActive() ? photo.name : tr("Query");
    if (m_session->isActive() && title.isEmpty())
        title = tr("Query");
    m_title->setText(title);
    m_title->setToolTip(photo.path);
    const bool several = m_session->queueLength() > 1;
    m_previous->setVisible(several);
    m_next->setVisible(several);
    m_previous->setEnabled(m_session->position() > 0);
    m_next->setEnabled(m_session->position() + 1 < m_session->queueLength());
    if (several)
        m_title->setText(tr("%1 (%2 of %3)")
                             .arg(title)
                             .arg(m_session->position() + 1)
                             .arg(m_session->queueLength()));
    m_close->setVisible(m_session->isActive());
}

void QueryPanel::showStatus()
{
    m_status->setText(m_session->statusText());
    QPalette p = palette();
    if (m_session->statusIsError())
        p.setColor(QPalette::WindowText, QColor(220, 90, 80));
    m_status->setPalette(p);
}

void QueryPanel::showFilters()
{
    const QSignalBlocker b1(m_topK), b2(m_similarity);
    m_topK->setValue(m_session->topK());
    m_similarity->setValue(int(std::lround(m_session->minSimilarity() * 100)));
    m_similarityValue->setText(QString::number(m_session->minSimilarity(), 'f', 2));
}

void QueryPanel::dragEnterEvent(QDragEnterEvent* event)
{
    if (QueryDrop::canQuery(event->mimeData()))
        event->acceptProposedAction();
}

void QueryPanel::dropEvent(QDropEvent* event)
{
    const QMimeData* mime = event->mimeData();
    if (const auto ids = QueryDrop::faceIds(mime); !ids.empty())
        m_session->queryFace(ids.front());
    else if (const QStringList paths = QueryDrop::imagePaths(mime); !paths.isEmpty())
        m_session->queryFiles(paths);
    else if (QueryDrop::hasImageData(mime))
        m_session->queryImage(qvariant_cast<QImage>(mime->imageData()), tr("Dropped image"));
    else
        return;
    event->acceptProposedAction();
}

} // namespace lookalike::ui
