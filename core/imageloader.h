#pragma once
#include "expected.h"
#include "loadedimage.h"
#include <QByteArray>
#include <QString>

namespace lookalike {

// Decodes photos for the pipeline. Formats are recognised by content, never by extension:
// JPEG, PNG, WEBP, BMP, TIFF (first page), GIF (first frame), PGM/PPM/PBM.
// Thread-safe: all members are static or const.
class ImageLoader {
public:
    struct Options {
        qint64 maxPixels = 120'000'000; // refuse larger declared sizes before allocating
        int workingMaxSide = 2048;      // decode reduced so the long side is at most this
    };

    // True when the first bytes of the file are those of a supported image format.
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
