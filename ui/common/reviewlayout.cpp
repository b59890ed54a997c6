#include "reviewlayout.h"
#include <QLabel>
#include <QListView>
#include <QSplitter>
#include <QVBoxLayout>

namespace lookalike::ui {

void ReviewLayout::apply(QWidget* window) const
{
    list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    explanation->setTextFormat(Qt::RichText);
    explanation->setWordWrap(true);
    status->setWordWrap(true);
    status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    status->setMinimumHeight(status->fontMetrics().height() * 2 + 4);

    auto* centre = new QWidget(window);
    auto* column = new QVBoxLayout(centre);
    column->setContentsMargins(8, 0, 0, 0);
    column->addWidget(explanation);
    column->addWidget(item, 1);
    column->addWidget(actionBar);
    auto* splitter = new QSplitter(window);
    splitter->addWidget(list);
    splitter->addWidget(centre);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({list->minimumWidth() + 40, 1000});
    auto* layout = new QVBoxLayout(window);
    layout->addWidget(topBar);
    layout->addWidget(splitter, 1);
    layout->addWidget(status);
}

} // namespace lookalike::ui
