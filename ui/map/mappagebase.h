#pragma once
// What the faces' map (MapPage) and the photos' (PhotoMapPage) share: the view under its tool
// bar, the map service of their kind, File > Export, and the life cycle that keeps the map
// in step with the library: opening a library, bringing the map up to date when items came
// or went (at once while shown, once a burst of changes settles; when shown next otherwise),
// and showing a new map (points, groups, the query marker, "Placed N new ..." in the status
// bar). A page says how its items are grouped, described and marked.
#include "mapgroups.h"
#include "mapupdater.h"
#include <QTimer>
#include <QWidget>

namespace lookalike::ui {

class MapExportJob;
class MapService;
class MapToolBar;
class MapView;
class MessageSink;
class Settings;
class ThumbnailCache;

class MapPageBase : public QWidget {
    Q_OBJECT
public:
    void setLibrary(const QString& path);
    bool isActive() const { return m_active; }

    MapView* view() const { return m_view; }
    MapService* service() const { return m_service; }
    // File > Export: the map as SVG or PNG.
    MapExportJob* exportJob() const { return m_export; }
    bool isBusy() const; // laying out or exporting

signals:
    void message(const QString& text); // for the status bar

protected:
    // The words a page uses for its items, e.g. "face", "faces", "new face", "new faces",
    // "No faces to show yet."; the export's file suffix and menu texts.
    struct Words {
        QString one, many, newOne, newMany, empty;
        QString exportSuffix, exportSvg, exportPng;
    };
    MapPageBase(ItemKind kind, ThumbnailCache* thumbnails, Settings* settings, MessageSink* sink,
                const Words& words, QWidget* parent);

    // Shown: a map made stale meanwhile is brought up to date; the view takes the focus.
    void activate();
    void deactivate() { m_active = false; }
    // Items came or went: the map is brought up to date once they settle (now if shown,
    // when shown next otherwise).
    void markStale();
    bool hasLibrary() const { return !m_libraryPath.isEmpty(); }
    MapToolBar* toolBar() const { return m_toolBar; }
    const MapGroups& groups() const { return m_groups; }

    // The groups (colours, names on the islands) of the map's items: built and handed to
    // the view with setGroups().
    virtual void refreshGroups() = 0;
    virtual void updateMarker() = 0; // the query's photo among its nearest items
    virtual QString describe(qint64 id) const = 0; // the hover card's text
    // After a new map is shown: what a page adds (highlight, actions, changes meanwhile).
    virtual void mapShown() {}
    void setGroups(MapGroups groups);

private:
    void mapChanged();

    Words m_words;
    MapView* m_view;
    MapService* m_service;
    MapToolBar* m_toolBar;
    MapExportJob* m_export;
    QTimer m_refresh; // items came or went: bring the map up to date, once they settle
    QString m_libraryPath;
    MapGroups m_groups;
    bool m_active = false;
    bool m_stale = false; // items changed while hidden
};

} // namespace lookalike::ui
