#pragma once
// Pixel helpers every decoder of the image loader shares (Qt's, libheif's, LibRaw's), so
// that their output and their refusals read the same. Thread-safe: pure functions.
#include "expected.h"
#include "loadedimage.h"
#include <QImage>
#include <QSize>
#include <QString>

namespace lookalike {

class ImagePixels {
public:
    // RGB888, alpha composited over white. Null in, null out (also when memory runs out).
    static QImage toRgb888(const QImage& image);
    // `stored` shrunk so its long side is maxSide (aspect kept), or `stored` when it fits or
    // maxSide <= 0.
    static QSize reducedSize(const QSize& stored, int maxSide);
    // `image` smoothly scaled down to reducedSize(), or `image` when it fits.
    static QImage reduced(const QImage& image, int maxSide);
    // `image` turned upright for an EXIF orientation (1..8; anything else: unchanged).
    static QImage oriented(const QImage& image, int exifOrientation);
    // True when an EXIF orientation swaps width and height (5..8).
    static bool transposes(int exifOrientation)
    {
        return exifOrientation >= 5 && exifOrientation <= 8;
    }
    // Empty when `declared` is within maxPixels, else the refusal to report.
    static QString sizeRefusal(const QSize& declared, qint64 maxPixels);
    // "12.3" for 12,300,000 pixels.
    static QString megapixels(qint64 pixels);
    // A LoadedImage of a photo decoded at `full` size (upright, RGB888), reduced to
    // workingMaxSide; fullResolution gives `full` back through `decodeAgain` (decoders that
    // cannot decode reduced keep only the reduced image, and decode again when asked).
    static Expected<LoadedImage> fromFull(const QImage& full, const QString& format,
                                          const QString& warning, const QString& name,
                                          int workingMaxSide, std::function<QImage()> decodeAgain);
    // The loader's error: "<name>: <reason>".
    static Error failure(const QString& name, const QString& reason)
    {
        return Error{name + QStringLiteral(": ") + reason};
    }
};

} // namespace lookalike
