#include "maptoolbar.h"
#include "mapservice.h"
#include "mapview.h"
#include "plural.h"
#include <QAction>
#include <QActionGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace lookalike::ui {

namespace {

QToolButton* toolButton(QWidget* parent, const QString& text, const QString& tip,
                        bool checkable = false)
{
    auto* b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(tip);
    b->setCheckable(checkable);
    b->setAutoRaise(true);
    return b;
}

} // namespace

MapToolBar::MapToolBar(MapView* view, MapService* service, const QString& one, const QString& many,
                       QWidget* page)
    : QWidget(page), m_view(view), m_service(service), m_one(one), m_many(many),
      m_row(new QHBoxLayout(this)), m_status(new QLabel(this)), m_progress(new QProgressBar(this)),
      m_cancel(toolButton(this, tr("Cancel"), tr("Stop laying out the map")))
{
    auto* names = toolButton(this, tr("Names"), tr("Names on the islands"), true);
    names->setChecked(true);
    connect(names, &QToolButton::toggled, view, &MapView::setShowNames);
    auto* pan = addTool(page, tr("Pan"), tr("Drag to move the map (H); Shift+drag selects"),
                        Qt::Key_H, int(MapView::Tool::Pan));
    auto* rect = addTool(page, tr("Rectangle"),
                         tr("Drag to select the %1 in a rectangle (R); Ctrl adds").arg(many),
                         Qt::Key_R, int(MapView::Tool::Rectangle));
    auto* lasso =
        addTool(page, tr("Lasso"), tr("Drag around %1 to select them (L); Ctrl adds").arg(many),
                Qt::Key_L, int(MapView::Tool::Lasso));
    pan->defaultAction()->setChecked(true);
    auto* fit = toolButton(this, tr("Fit"), tr("Show the whole map (0)"));
    connect(fit, &QToolButton::clicked, view, &MapView::fit);
    auto* relayout =
        toolButton(this, tr("Lay out again"), tr("Lay the whole map out from scratch"));
    connect(relayout, &QToolButton::clicked, service, [service] { service->update(true); });
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    connect(m_cancel, &QToolButton::clicked, service, &MapService::cancel);
    connect(service, &MapService::progress, this,
            [this](double f) { m_progress->setValue(int(f * 1000)); });
    connect(service, &MapService::busyChanged, this, &MapToolBar::showBusy);
    connect(service, &MapService::failed, view, [view](const QString& error) {
        view->setMessage(tr("The map could not be made: %1").arg(error));
    });
    connect(service, &MapService::mapChanged, this, &MapToolBar::updateStatus);
    connect(view, &MapView::selectionChanged, this, &MapToolBar::updateStatus);

    m_row->setContentsMargins(6, 2, 6, 2);
    for (QWidget* w : std::initializer_list<QWidget*>{names, pan, rect, lasso, fit, relayout})
        m_row->addWidget(w);
    m_row->addStretch(1);
    m_row->addWidget(m_status);
    m_row->addWidget(m_progress);
    m_row->addWidget(m_cancel);
    showBusy(false);
}

QToolButton* MapToolBar::addTool(QWidget* page, const QString& text, const QString& tip, int key,
                                 int tool)
{
    auto* group = findChild<QActionGroup*>();
    if (!group)
        group = new QActionGroup(this);
    auto* b = toolButton(this, text, tip, true);
    auto* a = new QAction(text, group);
    a->setCheckable(true);
    a->setShortcut(QKeySequence(key));
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    a->setToolTip(tip);
    page->addAction(a);
    b->setDefaultAction(a);
    connect(a, &QAction::triggered, m_view, [this, tool] { m_view->setTool(MapView::Tool(tool)); });
    return b;
}

void MapToolBar::addLeading(QWidget* widget)
{
    widget->setParent(this);
    m_row->insertWidget(m_leading++, widget);
}

void MapToolBar::openLibrary(const QString& path)
{
    m_view->setMap({}, {});
    m_view->setMessage(path.isEmpty() ? QString() : tr("Opening the map…"));
    m_service->setLibrary(path);
}

void MapToolBar::updateStatus()
{
    const qint64 selected = qint64(m_view->selectedFaceIds().size());
    QString text = m_service->isBusy() ? tr("Laying out…") : plural(m_view->count(), m_one, m_many);
    if (selected > 0)
        text += tr(", %1 selected").arg(selected);
    m_status->setText(text);
}

void MapToolBar::showBusy(bool busy)
{
    m_progress->setValue(0);
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy);
    if (busy && !m_service->hasMap())
        m_view->setMessage(tr("Laying out the map…"));
    updateStatus();
}

} // namespace lookalike::ui
