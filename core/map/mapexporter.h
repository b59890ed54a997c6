#pragma once
// Writes a map for people and for other programs: SVG and PNG pictures (points coloured by
// group, the groups' names on their islands, as the view shows them) and CSV
// (item_id,path,label,x,y). Files are written to a temporary name and renamed, so a failed
// export never leaves half a file under the chosen name.
//
// PNG text needs a QGuiApplication (fonts); without one the names are left out.
#include "expected.h"
#include "mapgroups.h"
#include <QHash>
#include <QImage>
#include <QPointF>
#include <optional>
#include <vector>

namespace lookalike {

class Library;

// A map ready to draw: positions in map units and the group of every point.
struct MapPicture {
    std::vector<float> positions;  // n * 2
    MapGroups groups;              // group.size() == n
    std::optional<QPointF> marker; // a query placed on the map, map units
};

class MapExporter {
public:
    struct Options {
        int side = 2000;   // pixels (SVG user units) of the longer side
        bool names = true; // group names on their islands
        QString title;     // written in a corner when not empty
    };

    static Status writeSvg(const QString& file, const MapPicture& picture, const Options& options);
    static Status writePng(const QString& file, const MapPicture& picture, const Options& options);
    static QImage render(const MapPicture& picture, const Options& options);
    // item_id,path,label,x,y for every point; info(id) describes an item.
    static Expected<qint64> writeCsv(const QString& file, const std::vector<qint64>& ids,
                                     const std::vector<float>& positions,
                                     const QHash<qint64, MapItemInfo>& info);

    // Path, label and suggested person of every item of the library, of any kind.
    static QHash<qint64, MapItemInfo> itemInfo(Library& library);
};

} // namespace lookalike
