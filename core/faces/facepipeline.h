#pragma once
#include "expected.h"
#include "face.h"
#include "facegate.h"
#include "loadedimage.h"
#include <QImage>
#include <memory>

namespace lookalike {

class ModelRegistry;

// Detect -> 68 landmarks -> 5-point similarity alignment to the 112x112 ArcFace
// template -> 512-d embedding, L2-normalised. Owns one cv::dnn::Net per model.
// Not thread-safe: create one per worker thread. Callers set cv::setNumThreads(1).
class FacePipeline {
public:
    struct Options {
        int minFacePixels = 40;       // smallest face (full-resolution px) to look for
        double scoreThreshold = -1.0; // < 0: the manifest's default
        bool flipAverage = true;      // embed the mirrored crop too and average
        bool useGate = true;          // judge detections with the manifest's face gate, if any
    };

    static Expected<std::unique_ptr<FacePipeline>> create(const ModelRegistry& registry,
                                                          const Options& options);
    static Expected<std::unique_ptr<FacePipeline>> create(const ModelRegistry& registry)
    {
        return create(registry, Options{});
    }
    ~FacePipeline();

    // All detections in the photo, largest first, each with the face gate's verdict
    // (DetectedFace::notFace): callers keep or record the ones judged not a face. Errors (an
    // OpenCV exception) come back as a message; an image without faces is an empty vector.
    Expected<std::vector<DetectedFace>> process(const LoadedImage& photo);
    // Landmarks and embedding for a face known to be inside `square` (relative 0..1 to the
    // photo; for a person marking a face the detector missed, or a face-centred photo).
    // No detection and no quality gate; score is 1.
    Expected<DetectedFace> describeRegion(const LoadedImage& photo, const QRectF& square);

    QString embeddingModelId() const; // e.g. "fr_feature"
    int dimension() const;            // 512
    // Detector inputs (tiles over all pyramid levels) the last process() ran.
    int lastTileCount() const;
    // The gate (null when the manifest has none: every detection is then a face).
    const FaceGate* gate() const;
    // What the gate reads about `face`, found in a photo of `photoSize` (any scale of the
    // oriented photo): its landmarks aligned to the embedder's template.
    FaceGate::Input gateInput(const DetectedFace& face, QSizeF photoSize) const;

    // The 112x112 RGB crop the embedder sees, for thumbnails. `photo` any scale of the
    // oriented photo; landmarks relative 0..1. The static form reads the default manifest
    // once; it returns a null image when there is none.
    static QImage alignedCrop(const QImage& photo, const std::array<QPointF, 68>& landmarks);
    QImage crop(const QImage& photo, const std::array<QPointF, 68>& landmarks) const;

private:
    struct Impl;
    explicit FacePipeline(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace lookalike
