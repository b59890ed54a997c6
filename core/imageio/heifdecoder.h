#pragma once
// HEIC/HEIF and AVIF through libheif: the primary image (never a thumbnail or another image
// of a multi-image file), with its transformations (irot, imir, clap) applied, plus the EXIF
// orientation when the file has no rotation or mirror of its own (HEIF writers that store
// the orientation only in EXIF, such as heif-enc 1.15); alpha composited over white.
// Thread-safe: one libheif context per call.
#include "expected.h"
#include "loadedimage.h"
#include <QByteArray>

namespace lookalike {

class HeifDecoder {
public:
    // `bytes` is the whole file; `format` its sniffed name ("heic", "avif", "heif").
    // maxPixels is checked on the declared size before any pixel is decoded; the image is
    // reduced to workingMaxSide after decoding (libheif decodes at full size only).
    static Expected<LoadedImage> decode(const QByteArray& bytes, const QString& format,
                                        const QString& nameForMessages, qint64 maxPixels,
                                        int workingMaxSide);
    // The XMP packet of the primary image (its "application/rdf+xml" block), or empty.
    static QByteArray xmpPacket(const QByteArray& bytes);
};

} // namespace lookalike
