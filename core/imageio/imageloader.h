#pragma once
#include "expected.h"
#include "loadedimage.h"
#include <QByteArray>
#include <QString>

namespace lookalike {

// Decodes photos for the pipeline: the one loader the indexer, thumbnails, the photo viewer
// and queries share. Formats are recognised by content, never by extension (ImageFormat):
// JPEG, PNG, WEBP, BMP, TIFF (first page), GIF (first frame), PGM/PPM/PBM through Qt;
// HEIC/HEIF and AVIF through libheif (HeifDecoder); camera RAW through LibRaw (RawDecoder).
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

    // How many leading bytes sniffFormat() needs (TIFF-based RAWs are told from TIFF
    // images only with more, see ImageFormat; both are images).
    static constexpr int sniffBytes = 64;

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

    // A JPEG, PNG or TIFF preview embedded in another file (a RAW): decoded through Qt like
    // a photo, but its own EXIF orientation is ignored (the container's applies).
    static Expected<LoadedImage> decodeEmbedded(const QByteArray& bytes, const QString& name,
                                                const Options& options);

private:
    static Expected<LoadedImage> decodeWithQt(const QByteArray& bytes, const QString& format,
                                              const QString& name, const Options& options,
                                              bool upright);
};

} // namespace lookalike
