#pragma once
// View > Map: the map of the library (MapView) with its tool bar (colour by label, person or
// folder; names on the islands; pan, rectangle and lasso tools; fit), the progress of a
// layout with Cancel, File > Export of the map as SVG or PNG, and the wiring of the
// window's face and people actions to the map's selection. The map follows the library:
// new and removed faces bring it up to date while it is shown, label changes recolour it,
// a query photo appears as a marker among its nearest faces.
#include "labelfilter.h"
#include "mappagebase.h"

class QAction;
class QComboBox;
class QMenu;

namespace lookalike::ui {

class FaceActions;
class FaceCatalog;
class PeopleActions;
class QuerySession;

class MapPage : public MapPageBase {
    Q_OBJECT
public:
    MapPage(FaceCatalog* catalog, ThumbnailCache* thumbnails, QuerySession* session,
            Settings* settings, MessageSink* sink, QWidget* parent = nullptr);

    // The window's actions on selected faces: offered in the map's context menu, their
    // shortcuts active on the map, and fed with the map's selection while it is shown.
    void setActions(FaceActions* faces, PeopleActions* people);
    // Shown (true) or hidden: the actions follow the map's selection only while shown.
    void setActive(bool active, const LabelFilter& gridFilter, bool queryShown);
    // Faces outside the sidebar's row are drawn faint.
    void setHighlight(const LabelFilter& filter);
    void addExportActionsTo(QMenu* menu) const;
    void exportMap(bool svg); // asks where, then writes in the background

    MapColouring colouring() const;
    void setColouring(MapColouring colouring);

private:
    void refreshGroups() override;
    void updateMarker() override;
    QString describe(qint64 faceId) const override;
    void mapShown() override;
    void catalogChanged();
    void selectionChanged();
    void contextMenu(const QPoint& pos);

    FaceCatalog* m_catalog;
    QuerySession* m_session;
    FaceActions* m_faceActions = nullptr;
    PeopleActions* m_people = nullptr;
    QComboBox* m_colourBy;
    LabelFilter m_highlight;
};

} // namespace lookalike::ui
