#pragma once
#include "expected.h"
#include <QImage>
#include <QPointF>
#include <QRectF>
#include <array>
#include <memory>

namespace lookalike {

struct ModelSpec;

// The 68-point (iBUG order) landmark model. It sees a square crop around the face, scaled
// to its input size (64x64 grey). Not thread-safe: one per thread. Throws cv::Exception.
class FaceLandmarker {
public:
    using Points = std::array<QPointF, 68>;

    static Expected<std::unique_ptr<FaceLandmarker>> create(const ModelSpec& spec);
    ~FaceLandmarker();

    // Landmarks in `rgb` pixels for the face inside `square` (`rgb` pixels; it may reach
    // past the image, which is then padded).
    Points locate(const QImage& rgb, const QRectF& square);

    // The square crop the model expects around a detector box: side = box height, same
    // centre (the convention the model was trained with).
    static QRectF squareAround(const QRectF& box);

private:
    struct Impl;
    explicit FaceLandmarker(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace lookalike
