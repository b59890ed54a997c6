#pragma once
// What colours the points of a map: each item belongs to at most one group, by its label,
// its person (the label, or the suggested person of an unlabelled face) or its folder. The
// view, the exports and the CLI colour and name the islands the same way.
#include <QColor>
#include <QStringList>
#include <functional>
#include <vector>

namespace lookalike {

enum class MapColouring { Label, Person, Folder };

// What a map needs to know about one item.
struct MapItemInfo {
    QString path;   // its photo
    QString label;  // empty: unlabelled
    int person = 0; // suggested person of an unlabelled face (FaceClusterer), 0: none
};

struct MapGroups {
    std::vector<int> group;    // per point: index into names, -1 for none
    QStringList names;         // by size, largest first
    std::vector<qint64> sizes; // points per group, as names
    // Folder colouring: a colour per group, as names. A map by folder has few groups, whose
    // hashed colours collided or came out as a light and a dark shade of one hue (photos of
    // five folders in two hues): the largest folders take distinct strong colours, each
    // its hashed one when still free. Empty otherwise (colourOf the name).
    std::vector<QRgb> distinct;

    // info(i) describes point i of `count`.
    static MapGroups build(qint64 count, const std::function<MapItemInfo(qint64)>& info,
                           MapColouring colouring);
    // The group's colour: from a qualitative palette by a hash of its name, so that a
    // person keeps a colour when others come and go, and from one run to the next (folders:
    // see distinct). Grey for -1.
    QColor colour(int group) const;
    static QColor colourOf(const QString& name);
    static QColor noGroupColour();

    static QString name(MapColouring colouring); // "label", "person", "folder"
    static bool parse(const QString& text, MapColouring* colouring);
};

} // namespace lookalike
