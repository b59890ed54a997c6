#pragma once
// Camera RAW through LibRaw: the embedded preview when its long side is at least
// kMinPreviewSide, otherwise a half-size decode of the sensor data (no interpolation, camera
// white balance, 8 bits); the camera's orientation applied either way. The sensor's declared
// size is checked against maxPixels, and LibRaw's allocations are capped, before any pixel
// is decoded; a full-size demosaic never happens, so memory stays bounded on 50+ MP files.
// Thread-safe: one LibRaw instance per call.
#include "expected.h"
#include "loadedimage.h"
#include <QByteArray>

namespace lookalike {

class RawDecoder {
public:
    static constexpr int kMinPreviewSide = 1024;

    enum class Path { Auto, Preview, HalfSize }; // Preview/HalfSize: for tests and benchmarks

    // `bytes` is the whole file; `format` its sniffed name ("dng", "nef"...). The result's
    // fullSize is the size of what was decoded (the preview, or the half-size image), and
    // its warning says when the preview was unusable and the sensor data was decoded instead.
    static Expected<LoadedImage> decode(const QByteArray& bytes, const QString& format,
                                        const QString& nameForMessages, qint64 maxPixels,
                                        int workingMaxSide, Path path = Path::Auto);
};

} // namespace lookalike
