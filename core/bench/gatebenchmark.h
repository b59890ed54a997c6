#pragma once
// What the face gate does on real photos (GateSamples), as `lookalike-cli bench gate` prints
// it: false faces per 1,000 photos without people that were not trained on, LFW main faces
// kept, face counts of crowd and multi-face photos kept, and the gate's cost per face.
#include "expected.h"
#include "gatesamples.h"
#include <QJsonObject>

namespace lookalike {

class GateBenchmark {
public:
    // Before the gate the pipeline dropped crops whose embedding's raw norm was below this
    // (the manifest's former "min_raw_norm"): the "before" figures apply it.
    static constexpr double kFormerMinRawNorm = 1.6;

    // The figures, from photos as they are (training variants are skipped).
    static QJsonObject report(const GateSamples& samples, const FacePipeline& pipeline);
    // Milliseconds per face for the gate alone (features and classifier), single thread.
    static double gateMillisPerFace(const GateSamples& samples, const FaceGate& gate);

    // Every detection for models/facegate/train.py: FILE is CSV (one row per detection: set,
    // path, variant, held_out, main, box, score, raw_norm, probability, not_face) and FILE.npy
    // float32 rows x (136 + d): the 68 aligned landmarks (x, y in the embedder's input
    // pixels), then the embedding. Rows in the order of the photos, so the same photos give
    // the same bytes.
    static Status writeFeatures(const GateSamples& samples, const QString& file);
};

} // namespace lookalike
