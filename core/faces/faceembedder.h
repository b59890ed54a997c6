#pragma once
#include "expected.h"
#include <QImage>
#include <memory>
#include <vector>

namespace lookalike {

struct ModelSpec;

// The face-embedding model: an aligned crop in, an L2-normalised vector out. Not
// thread-safe: one per thread. Throws cv::Exception.
class FaceEmbedder {
public:
    struct Embedding {
        std::vector<float> vector; // dimension() floats, unit length
        // Length of the model's raw output (mean over the passes). Low for crops that are
        // not a face or too blurred to recognise: a quality signal.
        double rawNorm = 0.0;
    };

    static Expected<std::unique_ptr<FaceEmbedder>> create(const ModelSpec& spec);
    ~FaceEmbedder();

    // `aligned`: RGB888 of the model's input size (FaceAligner's output). With
    // `flipAverage` the mirrored crop is embedded too and the two unit vectors summed.
    Embedding embed(const QImage& aligned, bool flipAverage);
    int dimension() const;

private:
    struct Impl;
    explicit FaceEmbedder(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace lookalike
