#pragma once
#include "expected.h"
#include <QImage>
#include <QList>
#include <QPointF>
#include <QSize>
#include <QTransform>
#include <array>

namespace lookalike {

struct ModelSpec;

// Warps a face to the embedder's template: the five points taken from the 68 landmarks
// (eye centres, nose tip, mouth corners) are mapped onto the manifest's template points by
// the least-squares similarity transform (rotation, uniform scale, shift). Thread-safe.
class FaceAligner {
public:
    using Points = std::array<QPointF, 68>;

    // From a face-embedding spec: its input size and template points.
    static Expected<FaceAligner> create(const ModelSpec& spec);

    // The five alignment points from 68 iBUG landmarks, same coordinates.
    static std::array<QPointF, 5> fivePoints(const Points& landmarks);
    // Image pixels -> crop pixels for a face with these landmarks (image pixels).
    QTransform transformFor(const Points& landmarks) const;
    // The aligned crop (RGB888, the embedder's input size) of the face in `rgb` (RGB888).
    QImage align(const QImage& rgb, const Points& landmarks) const;

    QSize outputSize() const { return m_size; }

private:
    FaceAligner(QList<QPointF> templatePoints, QSize size);
    QList<QPointF> m_template;
    QSize m_size;
};

} // namespace lookalike
