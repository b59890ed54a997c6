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
};

// Area of a relative box in full-resolution pixels, used for "largest face first".
inline double faceArea(const DetectedFace& f, double width, double height)
{
    return f.box.width() * width * f.box.height() * height;
}

} // namespace lookalike
