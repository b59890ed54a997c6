#include "mapgroups.h"

#include "faceclusterer.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>

#include <algorithm>
#include <iterator>
#include <numeric>

namespace lookalike {
namespace {

// Distinct on white and on dark grey, and from the grey of "none" (after Tableau 20 and
// Kelly's colours of maximum contrast).
constexpr QRgb kPalette[] = {
    0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0xbcbd22,
    0x17becf, 0xaec7e8, 0xffbb78, 0x98df8a, 0xff9896, 0xc5b0d5, 0xc49c94, 0xf7b6d2,
    0xdbdb8d, 0x9edae5, 0x875692, 0xf38400, 0x008856, 0xe68fac, 0x0067a5, 0xf99379,
};

// Palette entries that stand apart from each other (no light shade of another's hue).
constexpr int kStrong[] = {0, 1, 2, 3, 4, 5, 6, 7, 8};

// FNV-1a over the name's UTF-16 code units: qHash(QString, seed) mixes in a key that differs
// from one run of the program to the next, which gave a person another colour at each start,
// and the SVG and PNG exports another one than the view.
quint32 nameHash(const QString& name)
{
    quint32 hash = 2166136261u;
    for (const QChar c : name)
        hash = (hash ^ c.unicode()) * 16777619u;
    return hash;
}

// Groups by size, largest first: each takes the strong colour its name hashes to, or the
// next free one; when all are taken, its hashed colour.
std::vector<QRgb> distinctColours(const QStringList& names)
{
    constexpr int strong = int(std::size(kStrong));
    std::vector<QRgb> out;
    std::vector<char> taken(strong, 0);
    for (const QString& name : names) {
        int slot = int(nameHash(name) % strong);
        for (int tries = 0; tries < strong && taken[slot]; ++tries)
            slot = (slot + 1) % strong;
        if (taken[slot]) {
            out.push_back(MapGroups::colourOf(name).rgb());
            continue;
        }
        taken[slot] = 1;
        out.push_back(QColor(kPalette[kStrong[slot]]).rgb());
    }
    return out;
}

QString groupName(const MapItemInfo& item, MapColouring colouring)
{
    switch (colouring) {
    case MapColouring::Label:
        return item.label;
    case MapColouring::Person:
        return !item.label.isEmpty() ? item.label
               : item.person > 0     ? FaceClusterer::displayName(item.person)
                                     : QString();
    case MapColouring::Folder:
        return item.path.isEmpty() ? QString() : QFileInfo(item.path).dir().dirName();
    }
    return {};
}

} // namespace

MapGroups MapGroups::build(qint64 count, const std::function<MapItemInfo(qint64)>& info,
                           MapColouring colouring)
{
    QHash<QString, int> index;
    QStringList names;
    std::vector<qint64> sizes;
    std::vector<int> raw(count, -1);
    for (qint64 i = 0; i < count; ++i) {
        const QString name = groupName(info(i), colouring);
        if (name.isEmpty())
            continue;
        auto it = index.find(name);
        if (it == index.end()) {
            it = index.insert(name, int(names.size()));
            names << name;
            sizes.push_back(0);
        }
        raw[i] = *it;
        ++sizes[*it];
    }
    std::vector<int> order(names.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return sizes[a] != sizes[b] ? sizes[a] > sizes[b] : names[a] < names[b];
    });
    std::vector<int> rank(names.size());
    MapGroups g;
    for (size_t r = 0; r < order.size(); ++r) {
        rank[order[r]] = int(r);
        g.names << names[order[r]];
        g.sizes.push_back(sizes[order[r]]);
    }
    g.group.resize(count);
    for (qint64 i = 0; i < count; ++i)
        g.group[i] = raw[i] < 0 ? -1 : rank[raw[i]];
    if (colouring == MapColouring::Folder)
        g.distinct = distinctColours(g.names);
    return g;
}

QColor MapGroups::colourOf(const QString& name)
{
    constexpr size_t n = sizeof kPalette / sizeof kPalette[0];
    return QColor(kPalette[nameHash(name) % n]);
}

QColor MapGroups::noGroupColour()
{
    return QColor(0x9a9a9a);
}

QColor MapGroups::colour(int group) const
{
    if (group < 0 || group >= names.size())
        return noGroupColour();
    return size_t(group) < distinct.size() ? QColor(distinct[size_t(group)]) : colourOf(names[group]);
}

QString MapGroups::name(MapColouring colouring)
{
    switch (colouring) {
    case MapColouring::Label:
        return QStringLiteral("label");
    case MapColouring::Person:
        return QStringLiteral("person");
    case MapColouring::Folder:
        return QStringLiteral("folder");
    }
    return {};
}

bool MapGroups::parse(const QString& text, MapColouring* colouring)
{
    for (MapColouring c : {MapColouring::Label, MapColouring::Person, MapColouring::Folder})
        if (text == name(c)) {
            *colouring = c;
            return true;
        }
    return false;
}

} // namespace lookalike
