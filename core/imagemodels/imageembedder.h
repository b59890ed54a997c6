#pragma once
// Learned whole-photo embeddings from an ONNX image model of the manifest (task
// "image-embedding": SqueezeNet 1.1, MobileNetV2-7, ResNet50-v1-7, ...).
#include "expected.h"
#include <QImage>
#include <QString>
#include <memory>
#include <vector>

namespace lookalike {

struct ModelSpec;

// One photo in, one L2-normalised vector out: the photo is resized as the manifest says
// ("stretch" or "center-crop") to the model's input, normalised per channel
// ((pixel - mean[c]) * scale[c], colour order from the manifest), run at batch 1, and the
// tensor named by the manifest's embedding_output (e.g. the global average pool, not the
// classifier) is flattened and L2-normalised.
//
// Not thread-safe: one ImageEmbedder (one cv::dnn::Net) per worker thread.
class ImageEmbedder {
public:
    // `spec` must come from ModelRegistry::model() (file present and verified). A file that
    // OpenCV cannot import gives a message naming the operator it failed on and the model
    // to use instead (spec.instead), e.g. "mobilenetv2-12 uses Clip with min/max given as
    // inputs, which OpenCV 4.6 cannot run: use mobilenetv2-7".
    static Expected<std::unique_ptr<ImageEmbedder>> create(const ModelSpec& spec);
    ~ImageEmbedder();

    // `image`: any QImage (converted to RGB888 if needed), in display orientation.
    // Returns dimension() floats of unit length.
    Expected<std::vector<float>> embed(const QImage& image);
    int dimension() const;
    QString modelId() const;

    // The sentence create() gives for an OpenCV import error `what` of model `spec`.
    // Exposed for tests.
    static QString explainImportError(const ModelSpec& spec, const QString& what);

private:
    struct Impl;
    explicit ImageEmbedder(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace lookalike
