#pragma once
// File > Export of a map as an SVG or PNG picture, for the faces' and the photos' map: its
// two menu actions (enabled while there is a map), then asks where (MessageSink, suggesting
// `<library>-<suffix>.svg` in the last folder), writes on the thread pool (MapExporter) what
// the view shows (points in their groups' colours, the names when shown, the query marker),
// and reports: a message for the status bar, or the error through the sink. GUI thread only.
#include "mapgroups.h"
#include <QObject>

class QAction;
class QMenu;

namespace lookalike::ui {

class MapService;
class MapView;
class MessageSink;
class Settings;

class MapExportJob : public QObject {
    Q_OBJECT
public:
    struct Map {
        MapService* service;
        MapView* view;
        const MapGroups* groups; // the groups the view shows; owned by the page
    };
    // `suffix` ends the suggested file name ("map", "photo-map"); `svgText` and `pngText`
    // are the actions' texts.
    MapExportJob(const Map& map, MessageSink* sink, Settings* settings, const QString& suffix,
                 const QString& svgText, const QString& pngText, QObject* parent);

    void addActionsTo(QMenu* menu) const;
    // Asks where and starts writing; nothing when there is no map or the person cancelled.
    void start(bool svg);
    bool isBusy() const { return m_running > 0; }

signals:
    void message(const QString& text); // "Saved FILE"

private:
    Map m_map;
    MessageSink* m_sink;
    Settings* m_settings;
    QString m_suffix;
    QAction* m_svg;
    QAction* m_png;
    int m_running = 0;
};

} // namespace lookalike::ui
