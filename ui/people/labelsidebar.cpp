#include "labelsidebar.h"
#include "labelmodel.h"
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTreeView>
#include <QVBoxLayout>

namespace lookalike::ui {

LabelSidebar::LabelSidebar(const FaceCatalog* catalog, QWidget* parent)
    : QWidget(parent), m_model(new LabelModel(catalog, this)), m_filterEdit(new QLineEdit(this)),
      m_view(new QTreeView(this))
{
    m_filterEdit->setPlaceholderText(tr("Filter people (Ctrl+F)"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setAcceptDrops(false); // dropped photos go to the window (a query)
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(LabelModel::NameColumn, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(LabelModel::CountColumn, QHeaderView::ResizeToContents);
    m_view->setAccessibleName(tr("People"));
    // Faces dragged from the grid are dropped on a person to file them there.
    m_view->setAcceptDrops(true);
    m_view->setDragDropMode(QAbstractItemView::DropOnly);
    m_view->setDropIndicatorShown(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_model, &LabelModel::facesDropped, this, &LabelSidebar::facesDropped);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        const QModelIndex index = m_view->indexAt(pos);
        if (!index.isValid())
            return;
        const LabelFilter filter = m_model->filterAt(index.row());
        if (!(filter == m_current && m_highlighted))
            m_view->setCurrentIndex(index); // chooses it, as a left click would
        emit contextMenuRequested(filter, m_view->viewport()->mapToGlobal(pos));
    });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_filterEdit);
    layout->addWidget(m_view);

    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_model->setFilterText(text.trimmed());
        select(m_current);
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!current.isValid())
                    return;
                const LabelFilter chosen = m_model->filterAt(current.row());
                if (chosen == m_current && m_highlighted)
                    return;
                m_current = chosen;
                emit filterChosen(chosen);
            });
    // Clicking the current row again (e.g. to leave query results) chooses it again.
    connect(m_view, &QTreeView::clicked, this, [this](const QModelIndex& index) {
        if (m_model->filterAt(index.row()) == m_current && !m_highlighted)
            emit filterChosen(m_current);
    });
    select(m_current);
}

void LabelSidebar::setCurrentFilter(const LabelFilter& filter)
{
    m_current = filter;
    select(filter);
}

void LabelSidebar::refresh()
{
    {
        // Rows removed under the current one move it to a neighbour: that is no choice of
        // the user's, and select() puts it back where it belongs.
        const QSignalBlocker blocker(m_view->selectionModel());
        m_model->refresh();
    }
    select(m_current);
}

void LabelSidebar::setHighlighted(bool highlighted)
{
    m_highlighted = highlighted;
    select(m_current);
}

QWidget* LabelSidebar::view() const
{
    return m_view;
}

void LabelSidebar::focusFilter()
{
    m_filterEdit->setFocus(Qt::ShortcutFocusReason);
    m_filterEdit->selectAll();
}

void LabelSidebar::select(const LabelFilter& filter)
{
    const int row = m_model->rowOf(filter);
    const QSignalBlocker blocker(m_view->selectionModel());
    if (row < 0 || !m_highlighted) {
        // No current row either, so that a click on any row chooses it.
        m_view->selectionModel()->setCurrentIndex({}, QItemSelectionModel::Clear);
        return;
    }
    const QModelIndex index = m_model->index(row, 0);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
    m_view->viewport()->update();
}

} // namespace lookalike::ui
