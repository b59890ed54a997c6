#pragma once
// Edited copies of a photo that a near-duplicate search must still find (the near-duplicate
// benchmark and tests share them): resized, recompressed, converted, cropped, brightness and
// contrast changed, a small overlay stamped on, and pixels stored turned with an EXIF
// orientation that turns them back ("exif6"). Thread-safe: pure functions.
#include <QImage>
#include <QString>
#include <vector>

namespace lookalike {

struct PhotoVariant {
    QString name;   // "half", "jpeg30", "crop10"...
    QImage image;   // decoded pixels of the variant
    QByteArray file; // the variant as a file (its encoding), for tests that index files
    QString suffix;  // "jpg", "png", "webp"
};

class PhotoVariants {
public:
    // Every variant of `photo` (RGB888 or any format Qt converts).
    static std::vector<PhotoVariant> make(const QImage& photo);
    // `image` encoded as `format` ("jpg", "png", "webp") at `quality` (-1: default).
    static QByteArray encode(const QImage& image, const char* format, int quality = -1);
    // `image` with brightness shifted by `brightness` (fraction of 255) and contrast scaled by
    // 1 + contrast around mid-grey.
    static QImage adjusted(const QImage& image, double brightness, double contrast);
    // `jpeg` with its EXIF orientation set (Exiv2); empty when it cannot be written.
    static QByteArray withOrientation(const QByteArray& jpeg, int orientation);
    // A small text-like overlay (white strokes, no box) in the bottom-right corner, about
    // 25% x 4% of the photo.
    static QImage stamped(const QImage& image);
};

} // namespace lookalike
