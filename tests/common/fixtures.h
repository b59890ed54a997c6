#pragma once
// Small synthetic fixtures for unit tests: fake faces with deterministic unit embeddings.
#include "face.h"
#include "library.h"
#include <QRandomGenerator>
#include <cmath>

namespace lookalike::test {

inline std::vector<float> unitVector(quint32 seed, int dimension = 512)
{
    QRandomGenerator rng(seed);
    std::vector<float> v(static_cast<size_t>(dimension));
    double norm = 0;
    for (float& x : v) {
        x = float(rng.generateDouble() * 2.0 - 1.0);
        norm += double(x) * x;
    }
    for (float& x : v)
        x = float(x / std::sqrt(norm));
    return v;
}

inline DetectedFace fakeFace(quint32 seed, double x = 0.1, int dimension = 512)
{
    DetectedFace f;
    f.box = QRectF(x, 0.2, 0.3, 0.4);
    f.score = 0.9f;
    for (size_t i = 0; i < f.landmarks.size(); ++i)
        f.landmarks[i] = QPointF(x + 0.001 * double(i), 0.3);
    f.embedding = unitVector(seed, dimension);
    return f;
}

inline ImageResult fakeImage(const QString& path, int faces, quint32 seed, const QString& label = {})
{
    ImageResult r;
    r.path = path;
    r.size = 1000 + seed;
    r.mtimeMs = 1700000000000 + seed;
    r.hash = QStringLiteral("hash%1").arg(seed);
    r.width = 640;
    r.height = 480;
    r.format = QStringLiteral("jpeg");
    r.label = label;
    for (int i = 0; i < faces; ++i)
        r.faces.push_back(fakeFace(seed * 100 + quint32(i), 0.1 + 0.3 * i));
    return r;
}

} // namespace lookalike::test
