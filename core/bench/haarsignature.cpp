#include "haarsignature.h"
#include <algorithm>
#include <cmath>
#include <numeric>

namespace lookalike {

namespace {

constexpr int kSide = 128;
constexpr int kKept = 40;
constexpr double kWeights[6][3] = {{5.00, 19.21, 34.37}, {0.83, 1.26, 0.36}, {1.01, 0.44, 0.45},
                                   {0.52, 0.53, 0.14},   {0.47, 0.28, 0.18}, {0.30, 0.14, 0.27}};

// One row or column, in place: averages in the first half, details in the second, per level.
void haar1d(double* a, int stride)
{
    std::vector<double> t(kSide);
    double c = 1.0;
    for (int h = kSide; h > 1; h /= 2) {
        c *= 0.7071;
        for (int k = 0; k < h / 2; ++k) {
            t[size_t(h / 2 + k)] = (a[(2 * k) * stride] - a[(2 * k + 1) * stride]) * c;
            t[size_t(k)] = a[(2 * k) * stride] + a[(2 * k + 1) * stride];
        }
        for (int k = 0; k < h; ++k)
            a[k * stride] = t[size_t(k)];
    }
    a[0] *= c;
}

int bin(int index)
{
    const int i = std::abs(index);
    return std::min(std::max(i / kSide, i % kSide), 5);
}

} // namespace

HaarSignature HaarSignature::of(const QImage& image)
{
    const QImage small = image.scaled(kSide, kSide, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
                             .convertToFormat(QImage::Format_RGB888);
    std::array<std::vector<double>, 3> ch;
    for (auto& c : ch)
        c.resize(kSide * kSide);
    for (int y = 0; y < kSide; ++y) {
        const uchar* row = small.constScanLine(y);
        for (int x = 0; x < kSide; ++x) {
            const double r = row[3 * x], g = row[3 * x + 1], b = row[3 * x + 2];
            const size_t i = size_t(y * kSide + x);
            ch[0][i] = 0.299 * r + 0.587 * g + 0.114 * b;
            ch[1][i] = 0.596 * r - 0.275 * g - 0.321 * b;
            ch[2][i] = 0.212 * r - 0.523 * g + 0.311 * b;
        }
    }
    HaarSignature s;
    for (int c = 0; c < 3; ++c) {
        double* a = ch[size_t(c)].data();
        for (int y = 0; y < kSide; ++y)
            haar1d(a + y * kSide, 1);
        for (int x = 0; x < kSide; ++x)
            haar1d(a + x, kSide);
        a[0] /= 256.0 * 128.0;
        s.average[size_t(c)] = a[0];
        std::vector<int> order(kSide * kSide - 1);
        std::iota(order.begin(), order.end(), 1);
        std::partial_sort(order.begin(), order.begin() + kKept, order.end(),
                          [&](int p, int q) { return std::abs(a[p]) > std::abs(a[q]); });
        for (int k = 0; k < kKept; ++k)
            s.coefficients[size_t(c)].push_back(a[order[size_t(k)]] > 0 ? order[size_t(k)] : -order[size_t(k)]);
        std::sort(s.coefficients[size_t(c)].begin(), s.coefficients[size_t(c)].end());
    }
    return s;
}

double HaarSignature::score(const HaarSignature& query, const HaarSignature& target)
{
    double score = 0;
    for (size_t c = 0; c < 3; ++c) {
        score += kWeights[0][c] * std::abs(query.average[c] - target.average[c]);
        const auto& t = target.coefficients[c];
        for (int idx : query.coefficients[c])
            if (std::binary_search(t.begin(), t.end(), idx))
                score -= kWeights[bin(idx)][c];
    }
    return score;
}

} // namespace lookalike
