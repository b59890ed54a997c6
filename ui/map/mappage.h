#pragma once
// View > Map: the map of the library (MapView) with its tool bar (colour by label, person or
// folder; names on the islands; pan, rectangle and lasso tools; fit), the progress of a
// layout with Cancel, File > Export of the map as SVG or PNG, and the wiring of the
// window's face and people actions to the map's selection. The map follows the library:
// new and removed faces bring it up to date while it is shown, label changes recolour it,
// a query photo appears as a marker among its nearest faces.
#include "labelfilter.h"
#include "mapgroups.h"
#include <QTimer>
#include <QWidget>

class QAction;
class QComboBox;
class QMenu;

namespace lookalike::ui {

class FaceActions;
class FaceCatalog;
class MapExportJob;
class MapService;
class MapToolBar;
class MapView;
class MessageSink;
class PeopleActions;
class QuerySession;
class Settings;
class ThumbnailCache;

class MapPage : public QWidget {
    Q_OBJECT
public:
    MapPage(FaceCatalog* catalog, ThumbnailCache* thumbnails, QuerySession* session,
            Settings* settings, MessageSink* sink, QWidget* parent = nullptr);

    // The window's actions on selected faces: offered in the map's context menu, their
    // shortcuts active on the map, and fed with the map's selection while it is shown.
    void setActions(FaceActions* faces, PeopleActions* people);
    void setLibrary(const QString& path);
    // Shown (true) or hidden: the actions follow the map's selection only while shown.
    void setActive(bool active, const LabelFilter& gridFilter, bool queryShown);
    bool isActive() const { return m_active; }
    // Faces outside the sidebar's row are drawn faint.
    void setHighlight(const LabelFilter& filter);
    void addExportActionsTo(QMenu* menu) const;
    void exportMap(bool svg); // asks where, then writes in the background

    MapView* view() const { return m_view; }
    MapService* service() const { return m_service; }
    MapColouring colouring() const;
    void setColouring(MapColouring colouring);
    bool isBusy() const; // laying out or exporting

signals:
    void message(const QString& text); // for the status bar

private:
    void createToolBar();
    void mapChanged();
    void catalogChanged();
    void refreshGroups();
    void updateMarker();
    void selectionChanged();
    void contextMenu(const QPoint& pos);
    QString describe(qint64 faceId) const;

    FaceCatalog* m_catalog;
    ThumbnailCache* m_thumbnails;
    QuerySession* m_session;
    Settings* m_settings;
    MessageSink* m_sink;
    MapView* m_view;
    MapService* m_service;
    FaceActions* m_faceActions = nullptr;
    PeopleActions* m_people = nullptr;
    QComboBox* m_colourBy;
    MapToolBar* m_toolBar;
    MapExportJob* m_export;
    QTimer m_refresh; // faces came or went: bring the map up to date, once they settle
    QString m_libraryPath;
    LabelFilter m_highlight;
    bool m_active = false;
    bool m_stale = false; // faces changed while hidden
    MapGroups m_groups;
};

} // namespace lookalike::ui
