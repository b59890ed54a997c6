#include "duplicatereview.h"
#include "messagesink.h"
#include "reviewactions.h"
#include "reviewcontroller.h"
#include "reviewfacepanel.h"
#include "reviewmessages.h"
#include "reviewlayout.h"
#include "reviewpairview.h"
#include "reviewtopbar.h"
#include <QCheckBox>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QToolButton>

namespace lookalike::ui {

namespace {

QString labelHtml(const QString& label)
{
    return label.isEmpty() ? DuplicateReview::tr("<i>unlabelled</i>")
                           : QStringLiteral("<b>%1</b>").arg(label.toHtmlEscaped());
}

} // namespace

DuplicateReview::DuplicateReview(const QString& libraryPath, ThumbnailCache* thumbnails,
                                 MessageSink& sink, QWidget* parent)
    : QWidget(parent), m_controller(new ReviewController(libraryPath, sink, thumbnails, this)),
      m_actions(new ReviewActions(m_controller, this)),
      m_bar(new ReviewTopBar(m_controller, sink, this)), m_queue(new QListView(this)),
      m_explanation(new QLabel(this)), m_pair(new ReviewPairView(libraryPath, this)),
      m_status(new QLabel(this))
{
    setWindowTitle(tr("Review – %1").arg(QFileInfo(libraryPath).completeBaseName()));
    m_queue->setModel(m_controller->model());
    m_queue->setIconSize(QSize(40, 40));
    m_queue->setTextElideMode(Qt::ElideRight);
    m_queue->setSpacing(1);
    m_queue->setMinimumWidth(220);
    ReviewLayout{m_bar, m_queue, m_explanation, m_pair, createActionBar(), m_status}.apply(this);

    connect(m_bar, &ReviewTopBar::modeChanged, m_pair, qOverload<>(&QWidget::setFocus));
    connect(m_controller, &ReviewController::stateChanged, this, &DuplicateReview::updateView);
    connect(m_controller, &ReviewController::busyChanged, this, &DuplicateReview::updateView);
    connect(m_controller, &ReviewController::statusChanged, m_status, &QLabel::setText);
    connect(m_controller, &ReviewController::libraryChanged, this,
            &DuplicateReview::libraryChanged);
    for (auto signal : {&QListView::clicked, &QListView::activated})
        connect(m_queue, signal, this,
                [this](const QModelIndex& index) { m_controller->jumpTo(index.row()); });
    m_status->setText(tr("A and B file both faces under that side's label, M merges the labels, "
                         "D marks different people, S skips, Ctrl+Z undoes."));
    updateView();
    m_pair->setFocus();
}

DuplicateReview::~DuplicateReview() = default;

DuplicateReview* DuplicateReview::open(QWidget* parent, const QString& libraryPath,
                                       ThumbnailCache* thumbnails, MessageSink& sink,
                                       double samePersonThreshold)
{
    const auto open = parent ? parent->findChildren<DuplicateReview*>() : QList<DuplicateReview*>();
    for (DuplicateReview* review : open) {
        if (review->libraryPath() == libraryPath) {
            review->raise();
            review->activateWindow();
            return review;
        }
        review->close(); // another library's review would edit the wrong files
    }
    auto* review = new DuplicateReview(libraryPath, thumbnails, sink, parent);
    review->setSamePersonThreshold(samePersonThreshold);
    review->setWindowFlag(Qt::Window);
    review->setAttribute(Qt::WA_DeleteOnClose);
    review->resize(1280, 820);
    review->show();
    return review;
}

void DuplicateReview::setSamePersonThreshold(double threshold)
{
    m_controller->setSamePersonThreshold(float(threshold));
    m_bar->thresholdRangeChanged();
}

QString DuplicateReview::libraryPath() const
{
    return m_controller->libraryPath();
}

QWidget* DuplicateReview::createActionBar()
{
    using Action = ReviewController::Action;
    m_moveFiles = new QCheckBox(tr("Move photos into the label's folder"), this);
    m_moveFiles->setChecked(m_controller->moveFiles());
    m_moveFiles->setFocusPolicy(Qt::NoFocus);
    m_moveFiles->setToolTip(tr("This library takes labels from subfolders: when a face gets "
                               "another label, its photo moves into that label's folder"));
    connect(m_moveFiles, &QCheckBox::toggled, m_controller, &ReviewController::setMoveFiles);

    auto* bar = new QWidget(this);
    auto* grid = new QGridLayout(bar);
    grid->setContentsMargins(0, 4, 0, 0);
    int column = 0;
    for (Action a : {Action::SuspectLabel, Action::EvidenceLabel, Action::Merge, Action::Different,
                     Action::Skip, Action::OtherLabel})
        grid->addWidget(m_actions->button(m_actions->action(a), bar), 0, column++);
    grid->setColumnStretch(column++, 1);
    grid->addWidget(m_actions->button(m_actions->undoAction(), bar), 0, column);
    grid->addWidget(m_moveFiles, 1, 0, 1, column + 1);
    return bar;
}

void DuplicateReview::refresh()
{
    m_controller->refresh();
}

QComboBox* DuplicateReview::modeBox() const
{
    return m_bar->modeBox();
}

QSlider* DuplicateReview::thresholdSlider() const
{
    return m_bar->slider();
}

QDoubleSpinBox* DuplicateReview::thresholdBox() const
{
    return m_bar->thresholdBox();
}

QString DuplicateReview::progressText() const
{
    return m_bar->progressText();
}

QString DuplicateReview::countText() const
{
    return m_bar->countText();
}

QString DuplicateReview::statusText() const
{
    return m_status->text();
}

bool DuplicateReview::isIdle() const
{
    return m_controller->hasLoaded() && !m_controller->isBusy() &&
           (!m_controller->model()->current() || m_pair->isShowingPictures());
}

void DuplicateReview::updateView()
{
    m_actions->update();
    m_bar->update();
    m_moveFiles->setVisible(m_controller->canMoveFiles());
    updateCurrent();
}

void DuplicateReview::updateCurrent()
{
    const ReviewQueueModel* model = m_controller->model();
    const ReviewItem* item = model->current();
    m_explanation->setText(explanation());
    if (!item) {
        m_shown.clear();
        m_pair->setEmptyText(!m_controller->hasLoaded() ? tr("Looking for faces to review…")
                             : model->rowCount() == 0
                                 ? tr("Nothing to review here. Move the threshold, or choose "
                                      "another kind of review above.")
                                 : tr("That was the last item. Ctrl+Z goes back; the threshold "
                                      "or another kind of review finds more."));
        return;
    }
    const int row = model->currentRow();
    m_queue->setCurrentIndex(model->index(row));
    m_queue->scrollTo(model->index(row));
    const qint64 countA = m_controller->labelCount(item->suspect.label);
    const qint64 countB = m_controller->labelCount(item->evidence.label);
    const QString shown =
        QStringLiteral("%1|%2|%3|%4|%5|%6|%7|%8")
            .arg(item->suspect.id)
            .arg(item->evidence.id)
            .arg(item->suspect.path, item->evidence.path, item->suspect.label, item->evidence.label)
            .arg(countA)
            .arg(countB);
    if (shown == m_shown)
        return; // already on screen: no reload, no flicker
    m_shown = shown;
    m_pair->setItem(item, countA, countB, model->itemAt(row + 1));
}

QString DuplicateReview::explanation() const
{
    const ReviewItem* item = m_controller->model()->current();
    if (!item)
        return {};
    const QString a = labelHtml(item->suspect.label);
    const QString b = labelHtml(item->evidence.label);
    switch (item->kind) {
    case ReviewKind::CrossLabel:
        return tr("A is filed under %1 but looks more like %2's B (%3) than the rest of %1 (%4).")
            .arg(a, b)
            .arg(ReviewMessages::similarity(item->similarity))
            .arg(ReviewMessages::similarity(item->ownSupport));
    case ReviewKind::Outlier:
        return tr("A looks unlike the rest of %1 (similarity %2).")
                   .arg(a)
                   .arg(ReviewMessages::similarity(item->ownSupport)) +
               (item->evidence.id ? tr(" The closest face under another label is %1's B.").arg(b)
                                  : QString());
    case ReviewKind::SamePhoto:
        return item->confidence > 1.5f ? tr("The same file twice: A and B have identical bytes.")
                                       : tr("The same photo twice, at another size or quality.");
    case ReviewKind::MetadataName:
        return tr("A is in the folder %1, but the photo's metadata names this face %2.").arg(a, b) +
               (item->evidence.id ? tr(" B is a face filed under %1.").arg(b) : QString());
    }
    return {};
}

} // namespace lookalike::ui
