#include "duplicatephotoreview.h"
#include "photocard.h"
#include "photogroupview.h"
#include "photopreviewloader.h"
#include "photoreviewactions.h"
#include "photoreviewcontroller.h"
#include "plural.h"
#include "reviewactions.h"
#include "reviewlayout.h"
#include "thumbnailcache.h"
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QProgressBar>
#include <QToolButton>
#include <algorithm>

namespace lookalike::ui {

namespace {

constexpr int kListIcon = 64;

ThumbnailCache* listThumbnails(const QString& libraryPath, const QString& diskDir, QObject* parent)
{
    ThumbnailCache::Options options;
    options.photos = true;
    options.diskDir = diskDir;
    options.memoryBytes = 16 << 20;
    auto* cache = new ThumbnailCache(options, parent);
    cache->setSide(kListIcon);
    cache->setLibrary(libraryPath);
    return cache;
}

} // namespace

DuplicatePhotoReview::DuplicatePhotoReview(const QString& libraryPath, const QString& thumbnailDir,
                                           MessageSink& sink, QWidget* parent)
    : QWidget(parent), m_thumbnails(listThumbnails(libraryPath, thumbnailDir, this)),
      m_previews(new PhotoPreviewLoader(this)),
      m_controller(new PhotoReviewController(libraryPath, sink, m_thumbnails, this)),
      m_view(new PhotoGroupView(m_previews, this)),
      m_actions(new PhotoReviewActions(m_controller, m_view, sink, this)),
      m_list(new QListView(this)), m_count(new QLabel(this)),
      m_similar(new QCheckBox(tr("Also photos that look alike, at"), this)),
      m_threshold(new QDoubleSpinBox(this)), m_progress(new QProgressBar(this)),
      m_cancel(new QToolButton(this)), m_explanation(new QLabel(this)), m_status(new QLabel(this))
{
    setWindowTitle(tr("Duplicate photos – %1").arg(QFileInfo(libraryPath).completeBaseName()));
    m_list->setModel(m_controller->model());
    m_list->setIconSize(QSize(kListIcon, kListIcon));
    m_list->setSpacing(2);
    m_list->setMinimumWidth(180);
    m_list->setFocusPolicy(Qt::NoFocus); // Up and Down belong to the review's keys
    ReviewLayout{createTopBar(), m_list, m_explanation, m_view, createActionBar(), m_status}.apply(
        this);

    connect(m_controller, &PhotoReviewController::stateChanged, this,
            &DuplicatePhotoReview::updateView);
    connect(m_controller, &PhotoReviewController::busyChanged, this,
            &DuplicatePhotoReview::updateView);
    connect(m_controller, &PhotoReviewController::statusChanged, m_status, &QLabel::setText);
    connect(m_controller, &PhotoReviewController::progress, this,
            &DuplicatePhotoReview::showProgress);
    connect(m_controller, &PhotoReviewController::libraryChanged, this,
            &DuplicatePhotoReview::libraryChanged);
    connect(m_list, &QListView::clicked, this, [this](const QModelIndex& index) {
        m_controller->setCurrentRow(index.row());
        m_view->setFocus();
    });
    connect(m_view, &PhotoGroupView::keepRequested, this, [this](int index) {
        if (const PhotoReviewGroup* group = m_controller->current())
            m_controller->setKeeper(group->photos[size_t(index)].imageId);
    });
    m_status->setText(
        tr("K or a photo's number keeps that photo; Delete moves the others to the "
           "trash, M into a folder; N: not duplicates; O overlays two; Ctrl+Z undoes."));
    updateView();
    m_view->setFocus();
}

DuplicatePhotoReview::~DuplicatePhotoReview() = default;

DuplicatePhotoReview* DuplicatePhotoReview::open(QWidget* parent, const QString& libraryPath,
                                                 const QString& thumbnailDir, MessageSink& sink)
{
    const auto open =
        parent ? parent->findChildren<DuplicatePhotoReview*>() : QList<DuplicatePhotoReview*>();
    for (DuplicatePhotoReview* review : open) {
        if (review->libraryPath() == libraryPath) {
            review->raise();
            review->activateWindow();
            return review;
        }
        review->close(); // another library's review would move the wrong files
    }
    auto* review = new DuplicatePhotoReview(libraryPath, thumbnailDir, sink, parent);
    review->setWindowFlag(Qt::Window);
    review->setAttribute(Qt::WA_DeleteOnClose);
    review->resize(1280, 820);
    review->show();
    return review;
}

QWidget* DuplicatePhotoReview::createTopBar()
{
    m_threshold->setRange(0.5, 0.99);
    m_threshold->setSingleStep(0.01);
    m_threshold->setDecimals(2);
    m_threshold->setValue(m_controller->similarThreshold());
    m_threshold->setEnabled(false);
    m_threshold->setKeyboardTracking(false);
    m_threshold->setToolTip(tr("How alike two photos must look to be grouped (1: identical)"));
    m_similar->setFocusPolicy(Qt::NoFocus);
    m_similar->setToolTip(tr("Besides copies, group photos that look alike: bursts, another shot "
                             "of the same scene. Check them before you move any."));
    connect(m_similar, &QCheckBox::toggled, this, &DuplicatePhotoReview::applySimilar);
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, &DuplicatePhotoReview::applySimilar);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(false);
    m_cancel->setText(tr("Stop"));
    m_cancel->setToolTip(tr("Stop looking for duplicates"));
    connect(m_cancel, &QToolButton::clicked, m_controller, &PhotoReviewController::cancel);

    auto* bar = new QWidget(this);
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_count, 1);
    row->addWidget(m_progress);
    row->addWidget(m_cancel);
    row->addSpacing(16);
    row->addWidget(m_similar);
    row->addWidget(m_threshold);
    return bar;
}

QWidget* DuplicatePhotoReview::createActionBar()
{
    auto* bar = new QWidget(this);
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 4, 0, 0);
    for (QAction* a : {m_actions->keep(), m_actions->trash(), m_actions->toFolder(),
                       m_actions->notDuplicates(), m_actions->overlay()})
        row->addWidget(ReviewActions::button(a, bar));
    row->addStretch(1);
    row->addWidget(ReviewActions::button(m_actions->undo(), bar));
    return bar;
}

void DuplicatePhotoReview::applySimilar()
{
    m_threshold->setEnabled(m_similar->isChecked());
    m_controller->setSimilar(m_similar->isChecked(), float(m_threshold->value()));
}

QString DuplicatePhotoReview::libraryPath() const
{
    return m_controller->libraryPath();
}

QString DuplicatePhotoReview::countText() const
{
    return m_count->text();
}

QString DuplicatePhotoReview::statusText() const
{
    return m_status->text();
}

QString DuplicatePhotoReview::explanationText() const
{
    return m_explanation->text();
}

bool DuplicatePhotoReview::isIdle() const
{
    return m_controller->hasLoaded() && !m_controller->isBusy() && m_view->isShowingPictures();
}

void DuplicatePhotoReview::showProgress(qint64 done, qint64 total)
{
    m_progress->setRange(0, total > 0 ? 1000 : 0);
    m_progress->setValue(total > 0 ? int(done * 1000 / total) : 0);
}

void DuplicatePhotoReview::updateView()
{
    const PhotoGroupModel* model = m_controller->model();
    const int row = m_controller->currentRow();
    m_actions->update();
    m_progress->setVisible(m_controller->isBusy());
    if (m_controller->isBusy() && !m_controller->isSearching())
        m_progress->setRange(0, 0); // moving files: busy, no cancel (a batch always completes)
    m_cancel->setVisible(m_controller->isSearching());
    const int groups = model->rowCount();
    m_count->setText(!m_controller->hasLoaded()
                         ? tr("Looking for duplicate photos…")
                         : tr("%1 · %2 · %3 to set aside")
                               .arg(plural(groups, tr("group"), tr("groups")),
                                    plural(model->photoCount(), tr("photo"), tr("photos")),
                                    QLocale().toString(model->photoCount() - groups)));
    m_view->setEmptyText(
        !m_controller->hasLoaded() ? tr("Looking for duplicate photos…")
        : m_similar->isChecked()
            ? tr("No duplicate or look-alike photos in this library at this threshold.")
            : tr("No duplicate photos in this library. Tick \u201cAlso photos "
                 "that look alike\u201d above to see look-alikes."));
    m_view->setGroup(m_controller->current(), model->keeperIndex(row), model->group(row + 1));
    if (!m_controller->current() && m_actions->overlay()->isChecked())
        m_actions->overlay()->setChecked(false);
    m_view->setOverlay(m_actions->overlay()->isChecked());
    if (groups > 0) {
        m_list->setCurrentIndex(model->index(row));
        m_list->scrollTo(model->index(row));
    }
    m_explanation->setText(explanation());
}

QString DuplicatePhotoReview::explanation() const
{
    const PhotoReviewGroup* group = m_controller->current();
    if (!group)
        return {};
    const PhotoGroupModel* model = m_controller->model();
    const int row = m_controller->currentRow();
    const PhotoFacts& keep = group->photos[size_t(model->keeperIndex(row))];
    QString what;
    switch (group->group.kind) {
    case PhotoMatchKind::Exact:
        what = tr("Exact copies: the same bytes in %1 files.").arg(group->photos.size());
        break;
    case PhotoMatchKind::Near:
        what = tr("Near duplicates: the same photo at another size, quality, format or crop.");
        if (std::any_of(group->group.links.begin(), group->group.links.end(),
                        [](const PhotoGroup::Link& l) { return l.kind == PhotoMatchKind::Exact; }))
            what += tr(" Some are exact copies (the same bytes).");
        break;
    case PhotoMatchKind::Object: // photo queries only, never a duplicate group
    case PhotoMatchKind::Similar:
        what = tr("Photos that look alike: perhaps another shot of the scene. Check before you "
                  "move any.");
        break;
    }
    const QString why = keep.imageId == group->group.imageIds.front()
                            ? tr("picked as the largest, then the original format, then the oldest")
                            : tr("your choice");
    return tr("Group %1 of %2. %3 Keep <b>%4</b> (%5).")
        .arg(row + 1)
        .arg(model->rowCount())
        .arg(what.toHtmlEscaped(), QFileInfo(keep.path).fileName().toHtmlEscaped(), why);
}

} // namespace lookalike::ui
