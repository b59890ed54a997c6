#include "objectcodebook.h"

#include <QDataStream>
#include <QFile>
#include <QIODevice>
#include <algorithm>
#include <cmath>
#include <limits>
#include <opencv2/core.hpp>
#include <random>

namespace lookalike {

namespace {

constexpr quint32 kMagic = 0x424f4b4c; // "LKOB"
constexpr quint32 kVersion = 1;

// A uniform double in [0, 1) from mt19937 alone, the same with every standard library
// (std::uniform_real_distribution is not specified bit for bit).
double uniform(std::mt19937& rng)
{
    return double(rng()) / 4294967296.0;
}

double squaredDistance(const float* a, const float* b, int d)
{
    double s = 0;
    for (int j = 0; j < d; ++j) {
        const double t = double(a[j]) - b[j];
        s += t * t;
    }
    return s;
}

int nearest(const float* x, const std::vector<float>& centroids, int k, int d)
{
    int best = 0;
    double bestDistance = std::numeric_limits<double>::max();
    for (int c = 0; c < k; ++c) {
        const double dist = squaredDistance(x, centroids.data() + size_t(c) * d, d);
        if (dist < bestDistance) {
            bestDistance = dist;
            best = c;
        }
    }
    return best;
}

// k-means++ seeding then Lloyd rounds; an emptied cluster takes the point farthest from its
// centroid. Sums in double, in point order: deterministic.
std::vector<float> kmeans(const std::vector<float>& x, qint64 n, int d, int k, int iterations,
                          quint32 seed)
{
    std::mt19937 rng(seed);
    std::vector<float> centroids(size_t(k) * d);
    std::vector<double> closest(size_t(n), std::numeric_limits<double>::max());
    qint64 pick = qint64(uniform(rng) * double(n));
    for (int c = 0; c < k; ++c) {
        std::copy_n(x.data() + size_t(pick) * d, d, centroids.data() + size_t(c) * d);
        double total = 0;
        for (qint64 i = 0; i < n; ++i) {
            closest[size_t(i)] =
                std::min(closest[size_t(i)], squaredDistance(x.data() + size_t(i) * d,
                                                             centroids.data() + size_t(c) * d, d));
            total += closest[size_t(i)];
        }
        double target = uniform(rng) * total;
        for (pick = 0; pick < n - 1 && target >= closest[size_t(pick)]; ++pick)
            target -= closest[size_t(pick)];
    }
    std::vector<int> assignment(static_cast<size_t>(n));
    for (int round = 0; round < iterations; ++round) {
        std::vector<double> sums(size_t(k) * d, 0.0);
        std::vector<qint64> counts(size_t(k), 0);
        for (qint64 i = 0; i < n; ++i) {
            const float* xi = x.data() + size_t(i) * d;
            const int c = nearest(xi, centroids, k, d);
            assignment[size_t(i)] = c;
            ++counts[size_t(c)];
            for (int j = 0; j < d; ++j)
                sums[size_t(c) * d + j] += xi[j];
        }
        for (int c = 0; c < k; ++c) {
            if (counts[size_t(c)] == 0) { // reseed with the worst-served point
                qint64 worst = 0;
                double worstDistance = -1;
                for (qint64 i = 0; i < n; ++i) {
                    const double dist =
                        squaredDistance(x.data() + size_t(i) * d,
                                        centroids.data() + size_t(assignment[size_t(i)]) * d, d);
                    if (dist > worstDistance) {
                        worstDistance = dist;
                        worst = i;
                    }
                }
                std::copy_n(x.data() + size_t(worst) * d, d, centroids.data() + size_t(c) * d);
                continue;
            }
            for (int j = 0; j < d; ++j)
                centroids[size_t(c) * d + j] = float(sums[size_t(c) * d + j] / counts[size_t(c)]);
        }
    }
    return centroids;
}

} // namespace

Expected<ObjectCodebook> ObjectCodebook::load(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{
            QStringLiteral("cannot read the object codebook %1: %2").arg(path, file.errorString())};
    return fromBytes(file.readAll());
}

Expected<ObjectCodebook> ObjectCodebook::fromBytes(const QByteArray& bytes)
{
    QDataStream in(bytes);
    in.setByteOrder(QDataStream::LittleEndian);
    in.setFloatingPointPrecision(QDataStream::SinglePrecision);
    quint32 magic = 0, version = 0, input = 0, reduced = 0, clusters = 0;
    in >> magic >> version >> input >> reduced >> clusters;
    const qint64 floats = qint64(input) + qint64(reduced) * input + qint64(clusters) * reduced;
    if (in.status() != QDataStream::Ok || magic != kMagic || version != kVersion || input == 0 ||
        reduced == 0 || reduced > input || clusters == 0 || clusters > 4096 ||
        bytes.size() != 20 + floats * 4)
        return Error{QStringLiteral("not an object codebook (or a damaged one)")};
    ObjectCodebook book;
    book.m_inputDimension = int(input);
    book.m_reducedDimension = int(reduced);
    book.m_clusters = int(clusters);
    book.m_mean.resize(input);
    book.m_components.resize(size_t(reduced) * input);
    book.m_centroids.resize(size_t(clusters) * reduced);
    for (std::vector<float>* part : {&book.m_mean, &book.m_components, &book.m_centroids})
        for (float& v : *part)
            in >> v;
    return book;
}

QByteArray ObjectCodebook::toBytes() const
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setByteOrder(QDataStream::LittleEndian);
    out.setFloatingPointPrecision(QDataStream::SinglePrecision);
    out << kMagic << kVersion << quint32(m_inputDimension) << quint32(m_reducedDimension)
        << quint32(m_clusters);
    for (const std::vector<float>* part : {&m_mean, &m_components, &m_centroids})
        for (float v : *part)
            out << v;
    return bytes;
}

Expected<ObjectCodebook> ObjectCodebook::train(const std::vector<float>& rootSift, qint64 n,
                                               const TrainOptions& options)
{
    constexpr int d = 128;
    if (n < qint64(options.clusters) * 10 || qint64(rootSift.size()) != n * d)
        return Error{QStringLiteral("too few descriptors to train a codebook of %1 words: %2")
                         .arg(options.clusters)
                         .arg(n)};
    ObjectCodebook book;
    book.m_inputDimension = d;
    book.m_reducedDimension = options.reducedDimension;
    book.m_clusters = options.clusters;

    // PCA from the covariance in double; each component's sign fixed so that its largest
    // entry is positive (eigenvectors are defined up to sign).
    std::vector<double> mean(d, 0.0);
    for (qint64 i = 0; i < n; ++i)
        for (int j = 0; j < d; ++j)
            mean[size_t(j)] += rootSift[size_t(i) * d + j];
    for (double& m : mean)
        m /= double(n);
    cv::Mat covariance = cv::Mat::zeros(d, d, CV_64F);
    std::vector<double> centred(d);
    for (qint64 i = 0; i < n; ++i) {
        for (int j = 0; j < d; ++j)
            centred[size_t(j)] = rootSift[size_t(i) * d + j] - mean[size_t(j)];
        for (int a = 0; a < d; ++a) {
            double* row = covariance.ptr<double>(a);
            for (int b = a; b < d; ++b)
                row[b] += centred[size_t(a)] * centred[size_t(b)];
        }
    }
    for (int a = 0; a < d; ++a)
        for (int b = 0; b < a; ++b)
            covariance.at<double>(a, b) = covariance.at<double>(b, a);
    cv::Mat eigenvalues, eigenvectors;
    cv::eigen(covariance, eigenvalues, eigenvectors); // rows, largest eigenvalue first
    book.m_mean.assign(mean.begin(), mean.end());
    book.m_components.resize(size_t(options.reducedDimension) * d);
    for (int r = 0; r < options.reducedDimension; ++r) {
        const double* v = eigenvectors.ptr<double>(r);
        int largest = 0;
        for (int j = 1; j < d; ++j)
            if (std::abs(v[j]) > std::abs(v[largest]))
                largest = j;
        const double sign = v[largest] < 0 ? -1.0 : 1.0;
        for (int j = 0; j < d; ++j)
            book.m_components[size_t(r) * d + j] = float(sign * v[j]);
    }
    std::vector<float> reduced(size_t(n) * options.reducedDimension);
    book.reduce(rootSift.data(), n, reduced.data());
    book.m_centroids = kmeans(reduced, n, options.reducedDimension, options.clusters,
                              options.iterations, options.seed);
    return book;
}

void ObjectCodebook::reduce(const float* rootSift, qint64 n, float* out) const
{
    const int d = m_inputDimension, r = m_reducedDimension;
    const cv::Mat x(int(n), d, CV_32F, const_cast<float*>(rootSift));
    const cv::Mat mean(1, d, CV_32F, const_cast<float*>(m_mean.data()));
    const cv::Mat components(r, d, CV_32F, const_cast<float*>(m_components.data()));
    cv::Mat result(int(n), r, CV_32F, out);
    cv::Mat centred;
    cv::subtract(x, cv::repeat(mean, int(n), 1), centred);
    cv::gemm(centred, components, 1.0, cv::noArray(), 0.0, result, cv::GEMM_2_T);
}

std::vector<float> ObjectCodebook::vlad(const float* reduced, qint64 n) const
{
    const int d = m_reducedDimension, k = m_clusters;
    std::vector<float> v(size_t(k) * d, 0.f);
    for (qint64 i = 0; i < n; ++i) {
        const float* x = reduced + size_t(i) * d;
        const int c = nearest(x, m_centroids, k, d);
        float* block = v.data() + size_t(c) * d;
        const float* centre = m_centroids.data() + size_t(c) * d;
        for (int j = 0; j < d; ++j)
            block[j] += x[j] - centre[j];
    }
    for (int c = 0; c < k; ++c) { // intra-normalisation
        float* block = v.data() + size_t(c) * d;
        double norm = 0;
        for (int j = 0; j < d; ++j)
            norm += double(block[j]) * block[j];
        if (norm > 0)
            for (int j = 0; j < d; ++j)
                block[j] = float(block[j] / std::sqrt(norm));
    }
    double norm = 0;
    for (float& x : v) {
        x = x >= 0 ? std::sqrt(x) : -std::sqrt(-x);
        norm += double(x) * x;
    }
    if (norm > 0)
        for (float& x : v)
            x = float(x / std::sqrt(norm));
    return v;
}

} // namespace lookalike
