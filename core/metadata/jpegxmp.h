#pragma once
// The XMP packet of a JPEG file, read and replaced at the byte level: the XMP APP1 segment
// ("http://ns.adobe.com/xap/1.0/") is swapped for a new one (or inserted after the leading
// APP0/APP1 segments) and every other byte of the file is kept as it was, so EXIF, IPTC,
// ICC profiles and the pixels are untouched (exiv2's own JPEG writer drops some EXIF tags).
// Thread-safe (pure functions).
#include "expected.h"
#include <QByteArray>

namespace lookalike {

class JpegXmp {
public:
    // The packet, or empty when the file has none (or is not a JPEG).
    static QByteArray packet(const QByteArray& jpeg);
    // `jpeg` with its XMP packet replaced by `packet` (at most one segment's worth).
    static Expected<QByteArray> withPacket(const QByteArray& jpeg, const QByteArray& packet);
};

} // namespace lookalike
