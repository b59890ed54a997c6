#pragma once
// The small learnt part of same-object search: a PCA that shortens RootSIFT descriptors and
// a codebook of visual words over the shortened descriptors, used to aggregate a photo's
// local features into one VLAD vector that FAISS searches by inner product.
#include "expected.h"
#include <QByteArray>
#include <QString>
#include <algorithm>
#include <span>
#include <vector>

namespace lookalike {

class ObjectCodebook {
public:
    struct TrainOptions {
        int reducedDimension = 32; // PCA output per descriptor
        int clusters = 64;         // visual words; the VLAD has clusters * reducedDimension values
        int iterations = 25;       // k-means rounds
        quint32 seed = 1;
    };

    // Reads the file written by toBytes() (models/object-codebook.bin through the registry).
    static Expected<ObjectCodebook> load(const QString& path);
    static Expected<ObjectCodebook> fromBytes(const QByteArray& bytes);
    // Little-endian: magic, version, dimensions, then the PCA mean and rows and the centroids
    // as float32. The same codebook always gives the same bytes.
    QByteArray toBytes() const;

    // Learns PCA and k-means from `n` RootSIFT descriptors (n * 128 floats, row-major).
    // Deterministic: the same descriptors and options give the same codebook, bit for bit
    // on a given build (own k-means with a fixed-seed generator, single-threaded).
    static Expected<ObjectCodebook> train(const std::vector<float>& rootSift, qint64 n,
                                          const TrainOptions& options);

    int descriptorDimension() const { return m_inputDimension; }
    int reducedDimension() const { return m_reducedDimension; }
    int clusters() const { return m_clusters; }
    int vladDimension() const { return m_clusters * m_reducedDimension; }

    // n descriptors (n * descriptorDimension()) to n * reducedDimension() values.
    void reduce(const float* rootSift, qint64 n, float* out) const;
    // The VLAD of n reduced descriptors: per word the sum of residuals to its centroid,
    // each word's block L2-normalised, signed square root, then the whole L2-normalised
    // (zero vector when n == 0). vladDimension() floats.
    std::vector<float> vlad(const float* reduced, qint64 n) const;
    // Does `vlad` describe anything? Empty or zero (a photo without keypoints): no VLAD to
    // compare with, rather than one that resembles nothing.
    static bool hasContent(std::span<const float> vlad)
    {
        return std::any_of(vlad.begin(), vlad.end(), [](float x) { return x != 0.f; });
    }

private:
    int m_inputDimension = 0;
    int m_reducedDimension = 0;
    int m_clusters = 0;
    std::vector<float> m_mean;       // inputDimension
    std::vector<float> m_components; // reducedDimension * inputDimension, rows = components
    std::vector<float> m_centroids;  // clusters * reducedDimension
};

} // namespace lookalike
