#pragma once
#include "expected.h"
#include "loadedimage.h"
#include <QByteArray>
#include <QString>

namespace lookalike {

// Decodes photos for the pipeline. Formats are recognised by content, never by extension:
// JPEG, PNG, WEBP, BMP, TIFF (first page), GIF (first frame), PGM/PPM/PBM.
// Output is always QImage::Format_RGB888 in display orientation (EXIF applied); alpha is
// composited over white. Errors read "<name>: <reason>".
// Thread-safe: all members are static or const. The first decode raises Qt's process-wide
// QImageReader::allocationLimit() to what maxPixels needs (never lowers it) and installs a
// message handler (chained to the previous one) that turns the warnings Qt's image plugins
// print on the decoding thread into error reasons instead of log noise.
class ImageLoader {
public:
    struct Options {
        qint64 maxPixels = 120'000'000; // refuse larger declared sizes before allocating
        int workingMaxSide = 2048;      // decode reduced so the long side is at most this;
                                        // <= 0 decodes at full size
    };

    // How many leading bytes sniffFormat() needs.
    static constexpr int sniffBytes = 32;

    // True when `path` is a regular file whose first bytes are those of a supported format.
    static bool looksLikeImage(const QString& path);
    // The format name from the first bytes ("jpeg", "png", ...) or empty.
    static QString sniffFormat(const QByteArray& head);

    // Decode `bytes` (the whole file, already read). `nameForMessages` only names the file
    // in error messages.
    static Expected<LoadedImage> decode(const QByteArray& bytes, const QString& nameForMessages,
                                        const Options& options);
    static Expected<LoadedImage> load(const QString& path, const Options& options);
    static Expected<LoadedImage> load(const QString& path) { return load(path, Options{}); }
};

} // namespace lookalike
