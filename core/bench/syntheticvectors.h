#pragma once
// Synthetic face embeddings for tests and benchmarks: clustered unit vectors shaped like a
// real library (several photos per person, lookalikes across people). Deterministic for a
// given spec and seed on one standard library.
#include <QtGlobal>
#include <vector>

namespace lookalike {

struct SyntheticSpec {
    qint64 count = 56000;
    int dimension = 512;
    // Photos per person, uniform in [meanIdentitySize / 2, meanIdentitySize * 3 / 2].
    int meanIdentitySize = 10;
    // Cosine between two photos of one person, drawn per person in [intraMin, intraMax].
    float intraMin = 0.5f;
    float intraMax = 0.8f;
    // People share a low-dimensional "appearance" space (age, gender, build, ...), which
    // is what makes lookalikes: two person centres have cosine latentWeight * cos(z1, z2)
    // with z in latentDimension dimensions. Different-person cosines then spread around 0
    // with a standard deviation near 0.08, as ArcFace impostor scores do.
    // latentDimension = 0 gives unrelated people (cosines 0 +- 1/sqrt(dimension)).
    int latentDimension = 16;
    float latentWeight = 0.4f;
    qint64 firstId = 1; // row ids are firstId + i * idStep
    qint64 idStep = 1;
    quint64 seed = 42;
};

struct SyntheticVectors {
    int dimension = 0;
    std::vector<float> data;   // count * dimension floats, row-major, L2-normalised
    std::vector<qint64> ids;   // count row ids
    std::vector<int> identity; // count person indices; rows are shuffled
    qint64 count() const { return qint64(ids.size()); }
    const float* row(qint64 i) const { return data.data() + i * dimension; }
};

SyntheticVectors makeSyntheticVectors(const SyntheticSpec& spec);

// Rows picked uniformly without replacement, sorted; all rows when sampleCount >= count.
std::vector<qint64> sampleRows(qint64 count, qint64 sampleCount, quint64 seed);

} // namespace lookalike
