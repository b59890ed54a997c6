#include "reviewpairview.h"
#include "reviewfaceloader.h"
#include "reviewfacepanel.h"
#include "reviewmessages.h"
#include <QHBoxLayout>
#include <QLabel>
#include <QStackedWidget>

namespace lookalike::ui {

ReviewPairView::ReviewPairView(const QString& libraryPath, QWidget* parent)
    : QWidget(parent), m_loader(new ReviewFaceLoader(libraryPath, this)),
      m_stack(new QStackedWidget(this)), m_empty(new QLabel(this)),
      m_a(new ReviewFacePanel(QStringLiteral("A"), this)),
      m_b(new ReviewFacePanel(QStringLiteral("B"), this)), m_similarity(new QLabel(this))
{
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setMargin(24);
    m_similarity->setAlignment(Qt::AlignCenter);
    m_similarity->setMinimumWidth(96);
    m_similarity->setTextFormat(Qt::RichText);

    auto* pair = new QWidget(this);
    auto* row = new QHBoxLayout(pair);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_a, 1);
    row->addWidget(m_similarity);
    row->addWidget(m_b, 1);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(pair);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    setFocusPolicy(Qt::StrongFocus); // the review keys work while it has focus
    connect(m_loader, &ReviewFaceLoader::loaded, this, &ReviewPairView::showImages);
}

void ReviewPairView::setEmptyText(const QString& text)
{
    m_item.reset();
    m_empty->setText(text);
    m_stack->setCurrentWidget(m_empty);
}

void ReviewPairView::setItem(const ReviewItem* item, qint64 countA, qint64 countB,
                             const ReviewItem* next)
{
    if (!item)
        return setEmptyText(m_empty->text());
    m_item = *item;
    m_a->setFace(item->suspect, countA);
    m_b->setFace(item->evidence, countB);
    m_b->setVisible(!item->evidence.path.isEmpty());
    m_similarity->setText(middleText(*item));
    m_stack->setCurrentIndex(1);
    showImages();
    if (next) {
        m_loader->prefetch(next->suspect);
        m_loader->prefetch(next->evidence);
    }
}

QString ReviewPairView::middleText(const ReviewItem& item)
{
    const QString big = QStringLiteral("<div style='font-size:xx-large'><b>%1</b></div>");
    if (item.evidence.path.isEmpty())
        return big.arg(ReviewMessages::similarity(item.ownSupport)) +
               tr("<div>to the rest<br>of its label</div><div style='color:gray'>no look-alike"
                  "<br>under another label</div>");
    QString text =
        big.arg(ReviewMessages::similarity(item.similarity)) + tr("<div>similarity</div>");
    if (item.kind == ReviewKind::SamePhoto)
        return text + (item.confidence > 1.5f
                           ? tr("<div style='color:gray'>identical files</div>")
                           : tr("<div style='color:gray'>same faces<br>in the same places</div>"));
    return text + tr("<div style='color:gray'>A to the rest<br>of its label: %1</div>")
                      .arg(ReviewMessages::similarity(item.ownSupport));
}

void ReviewPairView::showImages()
{
    if (!m_item)
        return;
    m_a->setImages(m_loader->find(m_item->suspect));
    if (!m_item->evidence.path.isEmpty())
        m_b->setImages(m_loader->find(m_item->evidence));
}

bool ReviewPairView::isShowingPictures() const
{
    return m_item && m_a->hasPicture() && (m_item->evidence.path.isEmpty() || m_b->hasPicture());
}

} // namespace lookalike::ui
