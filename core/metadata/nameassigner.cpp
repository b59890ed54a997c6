#include "nameassigner.h"
#include "facepipeline.h"
#include "regionmatcher.h"

#include <algorithm>

namespace lookalike {
namespace {

// The square (in pixels) around a relative box, relative again; empty when it leaves too
// little of the photo to describe.
QRectF squareAround(const QRectF& box, const QSize& size)
{
    const double w = box.width() * size.width(), h = box.height() * size.height();
    const double side = std::max(w, h);
    if (side < 16)
        return {};
    const QPointF c(box.center().x() * size.width(), box.center().y() * size.height());
    const QRectF px(c.x() - side / 2, c.y() - side / 2, side, side);
    return QRectF(px.x() / size.width(), px.y() / size.height(), px.width() / size.width(),
                  px.height() / size.height());
}

} // namespace

std::vector<QString> NameAssigner::assign(const PhotoNames& names, const LoadedImage& photo,
                                          FacePipeline& pipeline, std::vector<DetectedFace>& faces)
{
    std::vector<QString> out(faces.size());
    std::vector<QRectF> boxes, regions;
    for (const DetectedFace& f : faces)
        boxes.push_back(f.box);
    for (const FaceRegion& r : names.regions)
        regions.push_back(r.box);
    const std::vector<int> faceOf = RegionMatcher::match(boxes, regions);
    for (size_t r = 0; r < names.regions.size(); ++r) {
        const QString& name = names.regions[r].name;
        if (faceOf[r] >= 0) {
            out[size_t(faceOf[r])] = name;
            continue;
        }
        if (name.isEmpty())
            continue;
        const QRectF square = squareAround(names.regions[r].box, photo.fullSize);
        if (square.isEmpty() || !QRectF(0, 0, 1, 1).intersects(square))
            continue;
        auto described = pipeline.describeRegion(photo, square);
        if (!described)
            continue;
        faces.push_back(std::move(*described));
        out.push_back(name);
    }
    if (names.regions.empty() && names.people.size() == 1 && faces.size() == 1)
        out[0] = names.people.front();
    return out;
}

} // namespace lookalike
