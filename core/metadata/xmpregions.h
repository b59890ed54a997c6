#pragma once
// Face regions in XMP, read and written with exiv2: MWG regions (Xmp.mwg-rs.Regions: Type
// Face, Name, Area as normalised centre x, y, w, h, AppliedToDimensions), Microsoft Photo
// regions (Xmp.MP.RegionInfo: PersonDisplayName, Rectangle "x, y, w, h" from the top left)
// and digiKam's People tags (Xmp.digiKam.TagsList "People/.../Name").
//
// Writing only adds and renames: every region of a face Lookalike knows is given its name
// (keeping the region's own area and fields), faces without a region get one, and every
// other region and every other metadata field is kept as it was. Boxes are relative to the
// photo as displayed. Thread-safe: exiv2's XMP toolkit is initialised once with a lock.
#include "expected.h"
#include "faceregion.h"
#include <QByteArray>
#include <QSize>
#include <QString>

namespace lookalike {

class XmpRegions {
public:
    // Sets Exiv2 up for threads (XMP parser lock, log muted); every Exiv2 user calls it first.
    static void initialiseExiv2();
    // From an XMP packet (a sidecar's content, or a HEIF's XMP block). `displayed` is the
    // photo's size as shown and `orientation` its EXIF orientation: regions whose
    // AppliedToDimensions are the stored (unrotated) size are turned to match.
    static Expected<PhotoNames> fromPacket(const QByteArray& packet, const QSize& displayed,
                                           int orientation);
    // From the XMP embedded in a photo exiv2 reads (JPEG, PNG, TIFF, WebP, most RAWs),
    // given its content. Also reports the EXIF orientation it found (0 when none).
    static Expected<PhotoNames> fromBytes(const QByteArray& photo, const QSize& displayed,
                                          int* orientation);

    // The content of a sidecar holding `named` regions: `existing` updated (or a new sidecar
    // when empty). Returns `existing` unchanged when nothing had to change.
    static Expected<QByteArray> updatedSidecar(const QByteArray& existing,
                                               const std::vector<FaceRegion>& named,
                                               const QSize& displayed);
    // `jpeg` with `named` regions written into its embedded XMP (JpegXmp: every other byte
    // kept). Returns `jpeg` unchanged when nothing had to change.
    static Expected<QByteArray> updatedJpeg(const QByteArray& jpeg,
                                            const std::vector<FaceRegion>& named,
                                            const QSize& displayed);
    // Every Exif, IPTC and XMP field of a file's content as "key=value" lines, regions left
    // out, sorted: to check that writing changed nothing else.
    static Expected<QStringList> otherFields(const QByteArray& file);
    // Formats whose embedded XMP exiv2 rewrites safely.
    static bool canEmbed(const QString& format);
};

} // namespace lookalike
