#include "photomap.h"

#include "database.h"
#include "library.h"
#include "photodescriber.h"

#include <QFileInfo>

#include <algorithm>
#include <numeric>

namespace lookalike {
namespace {

QString lookModel()
{
    return QString::fromLatin1(PhotoDescriber::kLookModel);
}

// Photo item id -> image id.
QHash<qint64, qint64> imageOfItem(Library& library)
{
    QHash<qint64, qint64> out;
    Statement q = library.database().prepare("SELECT id, image_id FROM items WHERE kind = 1");
    while (q.next())
        out.insert(q.integer(0), q.integer(1));
    return out;
}

// The map's points renamed from item ids to image ids, ascending again.
Expected<MapUpdater::Result> byImage(Library& library, Expected<MapUpdater::Result> result)
{
    if (!result || result->ids.empty())
        return result;
    const QHash<qint64, qint64> image = imageOfItem(library);
    std::vector<qint64> ids(result->ids.size());
    std::transform(result->ids.begin(), result->ids.end(), ids.begin(),
                   [&](qint64 item) { return image.value(item, -1); });
    std::vector<size_t> order(ids.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ids[a] < ids[b]; });
    std::vector<qint64> sortedIds;
    std::vector<float> positions;
    sortedIds.reserve(ids.size());
    positions.reserve(ids.size() * 2);
    for (size_t i : order) {
        if (ids[i] < 0)
            continue; // removed while the map was read
        sortedIds.push_back(ids[i]);
        positions.push_back(result->positions[2 * i]);
        positions.push_back(result->positions[2 * i + 1]);
    }
    result->ids = std::move(sortedIds);
    result->positions = std::move(positions);
    return result;
}

} // namespace

Expected<MapUpdater::Result> PhotoMap::update(Library& library, MapUpdater::Options options)
{
    options.kind = ItemKind::Image;
    return byImage(library, MapUpdater::update(library, lookModel(), options));
}

Expected<MapUpdater::Result> PhotoMap::cached(Library& library, const MapLayout::Options& layout)
{
    return byImage(library, MapUpdater::cached(library, lookModel(), layout, ItemKind::Image));
}

QHash<qint64, MapItemInfo> PhotoMap::itemInfo(Library& library)
{
    QHash<qint64, MapItemInfo> out;
    Statement q = library.database().prepare(
        "SELECT images.id, images.path FROM images WHERE EXISTS "
        "(SELECT 1 FROM items WHERE items.kind = 1 AND items.image_id = images.id)");
    while (q.next()) {
        const QString path = q.text(1);
        out.insert(q.integer(0), MapItemInfo{path, QFileInfo(path).path()});
    }
    return out;
}

} // namespace lookalike
