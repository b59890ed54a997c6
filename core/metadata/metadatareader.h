#pragma once
// Reads the names of the people in a photo from its metadata: the photo's sidecars
// ("photo.jpg.xmp", then "photo.xmp", the names digiKam, darktable and Lightroom use, and
// those of its RAW twin) before the XMP embedded in the photo (exiv2; libheif for HEIC and
// AVIF, which exiv2 0.27 does not read). The first source that names anyone wins.
// Thread-safe.
#include "expected.h"
#include "faceregion.h"
#include <QByteArray>
#include <QSize>
#include <QStringList>

namespace lookalike {

class MetadataReader {
public:
    // The sidecar names of `path`: "<path>.xmp" then "<path without suffix>.xmp".
    static QStringList sidecarsOf(const QString& path);

    // `bytes` is the photo's content (already read), `format` its sniffed format,
    // `displayed` its size as shown. Unreadable metadata is not an error: a damaged sidecar
    // comes back in *warning, a format exiv2 does not read simply has no names.
    static PhotoNames read(const QString& path, const QByteArray& bytes, const QString& format,
                           const QString& twin, const QSize& displayed, QString* warning);
};

} // namespace lookalike
