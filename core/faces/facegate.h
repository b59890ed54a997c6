#pragma once
#include "expected.h"
#include <QPointF>
#include <QString>
#include <array>
#include <span>
#include <vector>

namespace lookalike {

struct ModelSpec;

// The face gate: after a detection has been landmarked, aligned and embedded, tells a human
// face from what the detector mistook for one (a dog, a plate of food, leaves, a hand). A
// logistic regression over what the pipeline computed anyway:
//   - the detector score (0..1),
//   - how far the five alignment points land from the embedder's template (RMS, template px),
//   - how far the 68 landmarks, aligned the same way, land from a mean human face shape,
//   - the embedding's raw norm (low for crops the embedder cannot read as a face),
//   - the embedding itself (512 values, unit length).
// The weights, the mean shape and the threshold come from a small JSON file (task
// "face-gate" in the manifest) written by models/facegate/train.py. Thread-safe (const).
class FaceGate {
public:
    // What the gate reads about one face. Landmarks are in the aligned crop's pixels (the
    // embedder's input, 112x112 for ArcFace): FaceAligner::transformFor(landmarks) applied.
    struct Input {
        double score = 0;
        std::array<QPointF, 68> alignedLandmarks{};
        double rawNorm = 0;
        std::span<const float> embedding;
    };
    static constexpr int kScalarFeatures = 4; // score, alignment, shape, raw norm

    static Expected<FaceGate> load(const ModelSpec& spec);

    // The scalar features, in the order of the model's weights: score, log(1 + alignment
    // residual), log(1 + shape residual), raw norm.
    std::array<double, kScalarFeatures> scalars(const Input& input) const;
    // Probability 0..1 that the crop is a human face.
    double probability(const Input& input) const;
    // A face when probability >= threshold().
    bool accepts(double probability) const { return probability >= m_threshold; }
    double threshold() const { return m_threshold; }
    QString id() const { return m_id; }
    int dimension() const { return int(m_embeddingWeights.size()); }

private:
    FaceGate() = default;

    QString m_id;
    std::array<QPointF, 5> m_template{};   // alignment points, aligned-crop pixels
    std::array<QPointF, 68> m_meanShape{}; // mean aligned human landmarks, same pixels
    // Weights on the raw features (the training script folds its standardisation in).
    std::array<double, kScalarFeatures> m_scalarWeights{};
    std::vector<double> m_embeddingWeights; // one per embedding value
    double m_bias = 0;
    double m_threshold = 0.5;
};

} // namespace lookalike
