#pragma once
// The window's commands for people and labels, on top of LabelEditing: Undo (Ctrl+Z), the
// "Move photos with their labels" option, renaming and merging labels, naming, merging and
// splitting suggested people ("Unnamed person N"), confirming (Y) and rejecting (N)
// suggestions, finding people again, the sidebar's context menu and faces dropped on it.
#include "labelfilter.h"
#include <QObject>
#include <QPointer>
#include <vector>

class QAction;
class QMenu;
class QPoint;
class QWidget;

namespace lookalike::ui {

class FaceCatalog;
class FaceGridView;
class FaceSelection;
class LabelEditing;
class LabelSidebar;
class MessageSink;
class Settings;

class PeopleActions : public QObject {
    Q_OBJECT
public:
    PeopleActions(LabelEditing* editing, LabelSidebar* sidebar, FaceGridView* grid, FaceCatalog* catalog,
                  Settings* settings, MessageSink* sink, QWidget* window);

    // The Edit and People menus.
    void addEditMenuTo(QMenu* menu) const;
    void addPeopleMenuTo(QMenu* menu) const;
    // What the grid's context menu offers for the selected faces here (split, confirm, reject).
    void addFaceActionsTo(QMenu* menu) const;
    // What the grid shows: a sidebar row, or query results.
    void setView(const LabelFilter& filter, bool queryResults);
    void updateEnabled();
    // Whose selection the actions act on: the grid (the default) or the map.
    void setSelection(FaceSelection* selection);

    void showSidebarMenu(const LabelFilter& row, const QPoint& globalPos);
    void facesDropped(const std::vector<qint64>& faces, const LabelFilter& target);
    void renameCurrent(); // F2 in the sidebar: rename a label, name a suggested person
    void mergeCurrent();
    void splitSelected();
    void confirmSelected();
    void rejectSelected();
    void confirmAll();

    QAction* undoAction() const { return m_undo; }
    QAction* moveFilesAction() const { return m_moveFiles; }
    QAction* renameAction() const { return m_rename; }
    QAction* mergeAction() const { return m_merge; }
    QAction* splitAction() const { return m_split; }
    QAction* confirmAction() const { return m_confirm; }
    QAction* rejectAction() const { return m_reject; }
    QAction* findPeopleAction() const { return m_findPeople; }

signals:
    // After a change the grid should show this row (the renamed label, the merged person).
    void showFilter(const LabelFilter& filter);

private:
    void catalogChanged();
    bool rowExists(const LabelFilter& filter) const;
    bool reservedName(const QString& name) const;      // "Unnamed person N": says why not
    bool peopleChangedSince(quint64 loads) const;       // and says so
    void rememberNextTile();
    void selectNextTile();
    std::vector<qint64> selectedSuggested() const;
    QStringList personChoices(int except) const;

    LabelEditing* m_editing;
    LabelSidebar* m_sidebar;
    FaceGridView* m_grid;
    FaceSelection* m_selection;
    FaceCatalog* m_catalog;
    Settings* m_settings;
    MessageSink* m_sink;
    QPointer<QWidget> m_window;
    LabelFilter m_filter;
    bool m_queryResults = false;
    qint64 m_focusFace = 0; // shown once the catalog has reloaded after a change
    int m_nextTile = -1;    // grid row to select once answered suggestions have gone

    QAction* m_undo;
    QAction* m_moveFiles;
    QAction* m_rename;
    QAction* m_merge;
    QAction* m_split;
    QAction* m_confirm;
    QAction* m_reject;
    QAction* m_confirmAll;
    QAction* m_findPeople;
};

} // namespace lookalike::ui
