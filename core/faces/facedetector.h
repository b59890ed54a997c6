#pragma once
#include "expected.h"
#include <QImage>
#include <QRectF>
#include <QSize>
#include <memory>
#include <vector>

namespace lookalike {

struct ModelSpec;

// Runs the face-detection model over a pyramid of overlapping tiles so that faces from
// the whole photo down to `minFacePixels` are found although the model sees only its
// fixed input size (320x240). Not thread-safe: one per thread. Throws cv::Exception.
class FaceDetector {
public:
    struct Detection {
        QRectF box; // image pixels, as the model drew it (not squared)
        float score = 0.f;
        int level = 0; // pyramid level, 0 = the whole photo in one view
    };
    // One model input: `rect` (image pixels, the model's aspect ratio) may reach past the
    // image's right and bottom edges, which are padded.
    struct Tile {
        QRectF rect;
        int level = 0;
        double maxFace = 0.0; // largest box side (model pixels) kept from it; 0 = any
    };
    // The pipeline fills these from the manifest's detector thresholds.
    struct Settings {
        double scoreThreshold = 0.7;       // level 0
        double tileScoreThreshold = 0.8;   // finer levels, which see more clutter up close
        double nmsThreshold = 0.4;         // IoU
        double containmentThreshold = 0.6; // share of the smaller box inside a better one
        double tileFacePixels = 20; // model pixels the smallest face gets at the finest level
        double levelStep = 3.0;     // largest scale ratio between pyramid levels
    };

    static Expected<std::unique_ptr<FaceDetector>> create(const ModelSpec& spec,
                                                          const Settings& settings);
    ~FaceDetector();

    // Faces in `rgb` (RGB888) whose box is at least about `minFacePixels` image pixels high,
    // best first.
    std::vector<Detection> detect(const QImage& rgb, double minFacePixels);
    int lastTileCount() const;

    // The tiles detect() runs for an image of `size`: level 0 first.
    std::vector<Tile> planTiles(QSize size, double minFacePixels) const;

private:
    struct Impl;
    explicit FaceDetector(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace lookalike
