#pragma once
// Faces named in photo metadata (XMP regions).
#include <QRectF>
#include <QString>
#include <QStringList>
#include <vector>

namespace lookalike {

// One named face from MWG (Xmp.mwg-rs.Regions) or Microsoft (Xmp.MP.RegionInfo) regions.
struct FaceRegion {
    QString name; // may be empty (a face marked without a name)
    QRectF box;   // relative 0..1 to the photo as displayed (orientation applied), top-left
};

// What a photo's metadata says about the people in it.
struct PhotoNames {
    std::vector<FaceRegion> regions; // MWG and Microsoft regions, the same face once
    QStringList people;              // digiKam "People/..." tags: the last part of each
    QString source;                  // the file the names were read from (photo or sidecar)

    bool empty() const { return regions.empty() && people.isEmpty(); }
};

} // namespace lookalike
