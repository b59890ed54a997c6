#pragma once
// Writes camera RAW files for tests and benchmarks: a DNG (TIFF with the DNG tags) holding
// a 16-bit RGGB Bayer mosaic made from an ordinary photo, with or without an embedded
// preview, in any orientation. LibRaw reads them like a camera's DNG. Thread-safe (no state).
#include "expected.h"
#include <QImage>
#include <QSize>
#include <QString>

namespace lookalike {

class DngWriter {
public:
    enum class Preview { None, Jpeg, Rgb }; // Jpeg: a baseline JPEG stream, as cameras write

    struct Options {
        QSize sensorSize; // mosaic size; empty: the photo's size (oriented back)
        Preview preview = Preview::Jpeg;
        int previewMaxSide = 0; // long side of the preview; <= 0: the photo's size
        int orientation = 1;    // EXIF orientation to record (1..8)
        QString model = QStringLiteral("Lookalike Test Camera");
    };

    // Writes `upright` (the picture as it should look) to `path`. The mosaic and the preview
    // are stored turned back from `orientation`, so a reader that applies it sees `upright`.
    static Status write(const QImage& upright, const QString& path, const Options& options);
};

} // namespace lookalike
