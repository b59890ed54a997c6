#include "photogroupview.h"
#include "photocard.h"
#include "photooverlayview.h"
#include "photopreviewloader.h"
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QResizeEvent>
#include <QScrollArea>
#include <QSlider>
#include <QStackedWidget>
#include <cmath>

namespace lookalike::ui {

PhotoGroupView::PhotoGroupView(PhotoPreviewLoader* previews, QWidget* parent)
    : QWidget(parent), m_previews(previews), m_pages(new QStackedWidget(this)),
      m_empty(new QLabel(this)), m_scroll(new QScrollArea(this)), m_row(new QWidget),
      m_overlayPage(new QWidget(this)), m_overlay(new PhotoOverlayView(m_overlayPage)),
      m_blend(new QSlider(Qt::Horizontal, m_overlayPage)), m_blendLabel(new QLabel(m_overlayPage))
{
    setFocusPolicy(Qt::StrongFocus);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_grid = new QGridLayout(m_row);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_scroll->setWidget(m_row);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setFocusPolicy(Qt::NoFocus);

    m_blend->setRange(0, 100);
    m_blend->setValue(50);
    m_blend->setFocusPolicy(Qt::NoFocus);
    m_blend->setToolTip(tr("Left: only the photo to keep; right: only the other photo"));
    m_blendLabel->setAlignment(Qt::AlignCenter);
    auto* overlayLayout = new QVBoxLayout(m_overlayPage);
    overlayLayout->setContentsMargins(0, 0, 0, 0);
    overlayLayout->addWidget(m_overlay, 1);
    overlayLayout->addWidget(m_blendLabel);
    overlayLayout->addWidget(m_blend);
    connect(m_blend, &QSlider::valueChanged, this,
            [this](int v) { m_overlay->setBlend(v / 100.0); });

    m_pages->addWidget(m_empty);
    m_pages->addWidget(m_scroll);
    m_pages->addWidget(m_overlayPage);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);
    connect(m_previews, &PhotoPreviewLoader::ready, this, &PhotoGroupView::previewReady);
}

void PhotoGroupView::setEmptyText(const QString& text)
{
    m_empty->setText(text);
}

PhotoCard* PhotoGroupView::card(int index) const
{
    return index >= 0 && index < photoCount() ? m_cards[size_t(index)] : nullptr;
}

void PhotoGroupView::clearCards()
{
    for (PhotoCard* c : m_cards)
        delete c;
    m_cards.clear();
    m_shown.clear();
    m_columns = 0;
}

void PhotoGroupView::setGroup(const PhotoReviewGroup* group, int keeperIndex,
                              const PhotoReviewGroup* next)
{
    if (!group) {
        clearCards();
        m_pages->setCurrentWidget(m_empty);
        return;
    }
    if (m_shown != group->group.imageIds) {
        clearCards();
        m_selected = keeperIndex;
        QStringList paths;
        for (const PhotoFacts& facts : group->photos) {
            auto* c = new PhotoCard(int(m_cards.size()) + 1, facts, m_row);
            const int index = int(m_cards.size());
            connect(c, &PhotoCard::clicked, this, [this, index] { select(index); });
            connect(c, &PhotoCard::doubleClicked, this,
                    [this, index] { emit keepRequested(index); });
            c->setImage(m_previews->find(facts.path), m_previews->failed(facts.path));
            m_cards.push_back(c);
            m_shown.push_back(facts.imageId);
            paths << facts.path;
        }
        if (next)
            for (const PhotoFacts& facts : next->photos)
                paths << facts.path;
        m_previews->request(paths);
    }
    m_keeper = keeperIndex;
    for (int i = 0; i < photoCount(); ++i) {
        m_cards[size_t(i)]->setKeeper(i == keeperIndex);
        m_cards[size_t(i)]->setSelected(i == m_selected);
    }
    if (m_pages->currentWidget() == m_empty)
        m_pages->setCurrentWidget(m_scroll);
    arrange();
    updateOverlay();
}

int PhotoGroupView::bestColumns(QSize room, QSize photo, int count, int textHeight)
{
    // The number of columns that shows the pictures largest: three wide panoramas go in one
    // column, four portraits in one row.
    int best = 1;
    double bestScale = 0;
    for (int columns = 1; columns <= count; ++columns) {
        const int rows = (count + columns - 1) / columns;
        const double width = double(room.width()) / columns - 16;
        const double height = double(room.height()) / rows - textHeight - 22;
        const double scale = std::min(width / photo.width(), height / photo.height());
        if (scale > bestScale * 1.05) { // fewer columns only when clearly larger
            best = columns;
            bestScale = scale;
        }
    }
    return best;
}

void PhotoGroupView::arrange()
{
    if (m_cards.empty())
        return;
    const QImage first = m_previews->find(m_cards.front()->facts().path);
    const QSize photo = first.isNull() ? QSize(4, 3) : first.size();
    const int columns =
        bestColumns(m_scroll->viewport()->size(), photo, photoCount(), fontMetrics().height() * 3);
    if (columns == m_columns && m_grid->count() == photoCount())
        return;
    m_columns = columns;
    for (int i = 0; i < photoCount(); ++i)
        m_grid->addWidget(m_cards[size_t(i)], i / columns, i % columns);
}

void PhotoGroupView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    arrange();
}

void PhotoGroupView::select(int index)
{
    if (index < 0 || index >= photoCount())
        return;
    m_selected = index;
    for (int i = 0; i < photoCount(); ++i)
        m_cards[size_t(i)]->setSelected(i == index);
    m_scroll->ensureWidgetVisible(m_cards[size_t(index)]);
    updateOverlay();
    setFocus();
    emit selectionChanged(index);
}

void PhotoGroupView::selectNext(int delta)
{
    if (photoCount() > 0)
        select(((m_selected + delta) % photoCount() + photoCount()) % photoCount());
}

void PhotoGroupView::setOverlay(bool on)
{
    if (photoCount() < 2)
        on = false;
    m_pages->setCurrentWidget(on             ? m_overlayPage
                              : photoCount() ? static_cast<QWidget*>(m_scroll)
                                             : m_empty);
    updateOverlay();
}

bool PhotoGroupView::isOverlay() const
{
    return m_pages->currentWidget() == m_overlayPage;
}

int PhotoGroupView::overlayUpper() const
{
    if (m_selected != m_keeper)
        return m_selected;
    return (m_keeper + 1) % std::max(1, photoCount());
}

void PhotoGroupView::updateOverlay()
{
    PhotoCard* lower = card(m_keeper);
    PhotoCard* upper = card(overlayUpper());
    if (!lower || !upper || lower == upper)
        return;
    m_overlay->setImages(m_previews->find(lower->facts().path),
                         m_previews->find(upper->facts().path));
    m_blendLabel->setText(tr("%1 (keep, slider left)  over  %2 (slider right)")
                              .arg(QFileInfo(lower->facts().path).fileName(),
                                   QFileInfo(upper->facts().path).fileName()));
}

QString PhotoGroupView::overlayCaption() const
{
    return m_blendLabel->text();
}

bool PhotoGroupView::isShowingPictures() const
{
    return std::all_of(m_cards.begin(), m_cards.end(),
                       [](const PhotoCard* c) { return c->hasPicture(); });
}

void PhotoGroupView::previewReady(const QString& path)
{
    for (PhotoCard* c : m_cards)
        if (c->facts().path == path)
            c->setImage(m_previews->find(path), m_previews->failed(path));
    if (!m_cards.empty() && m_cards.front()->facts().path == path)
        arrange(); // its shape decides the columns
    if (isOverlay())
        updateOverlay();
}

} // namespace lookalike::ui
