#pragma once
#include "labelfilter.h"
#include <QWidget>
#include <vector>

class QLineEdit;
class QTreeView;

namespace lookalike::ui {

class FaceCatalog;
class LabelModel;

// The people list on the left: a filter box over LabelModel. Choosing a row filters the
// grid; the choice survives label list changes (an import adding people). Faces dropped on a
// label and context menus are passed on as signals: the window decides what they do.
class LabelSidebar : public QWidget {
    Q_OBJECT
public:
    explicit LabelSidebar(const FaceCatalog* catalog, QWidget* parent = nullptr);

    LabelModel* model() const { return m_model; }
    LabelFilter currentFilter() const { return m_current; }
    void setCurrentFilter(const LabelFilter& filter);
    void refresh(); // the catalog changed
    // While query results fill the grid no row is highlighted; choosing one leaves them.
    void setHighlighted(bool highlighted);
    void focusFilter();

    QWidget* view() const;

signals:
    void filterChosen(const LabelFilter& filter);
    void facesDropped(const std::vector<qint64>& faceIds, const LabelFilter& target);
    void contextMenuRequested(const LabelFilter& row, const QPoint& globalPos);

private:
    void select(const LabelFilter& filter);

    LabelModel* m_model;
    QLineEdit* m_filterEdit;
    QTreeView* m_view;
    LabelFilter m_current;
    bool m_highlighted = true;
};

} // namespace lookalike::ui
