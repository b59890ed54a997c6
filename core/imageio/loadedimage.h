#pragma once
#include <QImage>
#include <QSize>
#include <QString>
#include <functional>

namespace lookalike {

// A decoded photo ready for detection. `image` is RGB888 in display orientation (EXIF
// applied), possibly decoded reduced: `image` pixels = full-resolution pixels * scale.
// `fullResolution` decodes the same photo at full size (oriented, RGB888) on demand; it is
// used only to cut small faces out at their real resolution.
struct LoadedImage {
    QImage image;
    QSize fullSize;      // oriented size of the file's pixels (a camera RAW's: of the
                         // embedded preview or the half-size decode, see RawDecoder)
    double scale = 1.0;  // image.width() / fullSize.width()
    QString format;      // "jpeg", "png", "heic", "dng"... as detected from content (ImageFormat)
    // A non-fatal problem to report, empty when none: the image decoded but is damaged,
    // e.g. "truncated JPEG data: the bottom of the image may be grey".
    QString warning;
    // Null QImage when the full decode fails. Safe to call from any thread.
    std::function<QImage()> fullResolution;
};

} // namespace lookalike
