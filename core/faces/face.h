#pragma once
#include <QPointF>
#include <QRectF>
#include <array>
#include <vector>

namespace lookalike {

// One face found in a photo. Coordinates are relative 0..1 to the oriented photo
// (x to the width, y to the height), so they hold at any decode scale.
struct DetectedFace {
    QRectF box;                          // relative 0..1
    float score = 0.f;                   // detector confidence 0..1
    std::array<QPointF, 68> landmarks{}; // relative 0..1, iBUG 68-point order
    std::vector<float> embedding;        // size = embedder dimension (512), L2-normalised
    double rawNorm = 0.0;                // length of the embedder's raw output (FaceEmbedder)
    // The face gate's verdict (FaceGate): probability 0..1 that this is a human face, and
    // whether the gate judged it not a face (a pet, food, a pattern). Faces the pipeline was
    // told are faces (describeRegion) and pipelines without a gate keep 1 and false.
    float faceProbability = 1.f;
    bool notFace = false;
};

// Area of a relative box in full-resolution pixels, used for "largest face first".
inline double faceArea(const DetectedFace& f, double width, double height)
{
    return f.box.width() * width * f.box.height() * height;
}

} // namespace lookalike
