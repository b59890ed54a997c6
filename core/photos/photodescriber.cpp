#include "photodescriber.h"
#include <QLoggingCategory>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <algorithm>
#include <bit>
#include <cmath>

Q_LOGGING_CATEGORY(lcPhotos, "lookalike.core.photos")

namespace lookalike {

namespace {

constexpr int kHashSide = 64;
constexpr int kLowSide = 16;
constexpr int kLookSide = 128; // the look vector is computed on a 128x128 (aspect ignored)
// Look vector blocks: HSV 8x3x3 bins over the whole photo and a 2x2 grid (5 * 72), gradient
// orientation 8 bins on the 2x2 grid (32), rotation-invariant uniform LBP 10 bins on the grid (40).
constexpr int kHsvBins = 72;
constexpr int kGradBins = 8;
constexpr int kLbpBins = 10;
static_assert(5 * kHsvBins + 4 * kGradBins + 4 * kLbpBins == PhotoDescriptor::kLookDimension);

// A view of an RGB888 QImage as a cv::Mat (no copy).
cv::Mat rgbView(const QImage& rgb)
{
    return cv::Mat(rgb.height(), rgb.width(), CV_8UC3, const_cast<uchar*>(rgb.constBits()),
                   size_t(rgb.bytesPerLine()));
}

void dctHash(const cv::Mat& grey, std::array<std::uint8_t, PhotoDescriptor::kHashBytes>& out)
{
    cv::Mat small, f, freq;
    cv::resize(grey, small, cv::Size(kHashSide, kHashSide), 0, 0, cv::INTER_AREA);
    small.convertTo(f, CV_32F);
    cv::dct(f, freq);
    cv::Mat low = freq(cv::Rect(0, 0, kLowSide, kLowSide)).clone();
    std::vector<float> values(low.begin<float>(), low.end<float>());
    std::vector<float> sorted = values;
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    const float median = sorted[sorted.size() / 2];
    out.fill(0);
    for (size_t i = 0; i < values.size(); ++i)
        if (values[i] > median)
            out[i / 8] |= std::uint8_t(1u << (i % 8));
}

// Appends `hist` L1-normalised, square-rooted (Hellinger) and scaled by `weight`.
void appendBlock(std::vector<float>& out, const std::vector<float>& hist, float weight)
{
    double sum = 0;
    for (float v : hist)
        sum += v;
    for (float v : hist)
        out.push_back(sum > 0 ? weight * float(std::sqrt(v / sum)) : 0.f);
}

std::vector<float> hsvHistogram(const cv::Mat& hsv, const cv::Rect& cell)
{
    std::vector<float> hist(kHsvBins, 0.f);
    for (int y = cell.y; y < cell.y + cell.height; ++y) {
        const cv::Vec3b* row = hsv.ptr<cv::Vec3b>(y);
        for (int x = cell.x; x < cell.x + cell.width; ++x) {
            const int h = std::min(7, row[x][0] * 8 / 180);
            const int s = std::min(2, row[x][1] * 3 / 256);
            const int v = std::min(2, row[x][2] * 3 / 256);
            hist[size_t((h * 3 + s) * 3 + v)] += 1.f;
        }
    }
    return hist;
}

std::vector<float> gradientHistogram(const cv::Mat& magnitude, const cv::Mat& angle,
                                     const cv::Rect& cell)
{
    std::vector<float> hist(kGradBins, 0.f);
    for (int y = cell.y; y < cell.y + cell.height; ++y)
        for (int x = cell.x; x < cell.x + cell.width; ++x) {
            const float a = std::fmod(angle.at<float>(y, x), 180.f); // unsigned orientation
            hist[size_t(std::min(kGradBins - 1, int(a * kGradBins / 180.f)))] += magnitude.at<float>(y, x);
        }
    return hist;
}

// Rotation-invariant uniform LBP (8 neighbours, radius 1): 0..8 uniform patterns by their
// count of set bits, 9 for the rest.
std::vector<float> lbpHistogram(const cv::Mat& grey, const cv::Rect& cell)
{
    static const int dx[8] = {-1, 0, 1, 1, 1, 0, -1, -1};
    static const int dy[8] = {-1, -1, -1, 0, 1, 1, 1, 0};
    std::vector<float> hist(kLbpBins, 0.f);
    const int x0 = std::max(cell.x, 1), y0 = std::max(cell.y, 1);
    const int x1 = std::min(cell.x + cell.width, grey.cols - 1);
    const int y1 = std::min(cell.y + cell.height, grey.rows - 1);
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            const uchar c = grey.at<uchar>(y, x);
            unsigned code = 0;
            for (int k = 0; k < 8; ++k)
                code |= unsigned(grey.at<uchar>(y + dy[k], x + dx[k]) >= c) << k;
            const unsigned rotated = (code >> 1) | ((code & 1u) << 7);
            const int transitions = std::popcount(code ^ rotated);
            hist[size_t(transitions <= 2 ? std::popcount(code) : 9)] += 1.f;
        }
    return hist;
}

std::vector<float> lookVector(const cv::Mat& rgb)
{
    cv::Mat small, hsv, grey, gx, gy, magnitude, angle;
    cv::resize(rgb, small, cv::Size(kLookSide, kLookSide), 0, 0, cv::INTER_AREA);
    cv::cvtColor(small, hsv, cv::COLOR_RGB2HSV);
    cv::cvtColor(small, grey, cv::COLOR_RGB2GRAY);
    cv::Sobel(grey, gx, CV_32F, 1, 0);
    cv::Sobel(grey, gy, CV_32F, 0, 1);
    cv::cartToPolar(gx, gy, magnitude, angle, true);
    const int half = kLookSide / 2;
    const cv::Rect whole(0, 0, kLookSide, kLookSide);
    const cv::Rect cells[4] = {{0, 0, half, half}, {half, 0, half, half},
                               {0, half, half, half}, {half, half, half, half}};
    std::vector<float> out;
    out.reserve(PhotoDescriptor::kLookDimension);
    appendBlock(out, hsvHistogram(hsv, whole), 1.0f);
    for (const cv::Rect& c : cells)
        appendBlock(out, hsvHistogram(hsv, c), 0.7f);
    for (const cv::Rect& c : cells)
        appendBlock(out, gradientHistogram(magnitude, angle, c), 0.5f);
    for (const cv::Rect& c : cells)
        appendBlock(out, lbpHistogram(grey, c), 0.5f);
    double norm = 0;
    for (float v : out)
        norm += double(v) * v;
    const float scale = norm > 0 ? float(1.0 / std::sqrt(norm)) : 0.f;
    for (float& v : out)
        v *= scale;
    return out;
}

float ncc(const cv::Mat& a, const cv::Mat& b)
{
    cv::Mat result;
    cv::matchTemplate(a, b, result, cv::TM_CCOEFF_NORMED);
    return result.at<float>(0, 0);
}

// Best correlation of `whole` against sub-rectangles of `outer` (both kThumbSide square,
// float) scaled back to full size: `whole` as a crop of `outer`.
float bestCrop(const cv::Mat& outer, const cv::Mat& whole)
{
    const int side = PhotoDescriptor::kThumbSide;
    float best = -1.f;
    for (int w = side; w >= side * 80 / 100; w -= 2)
        for (int h = side; h >= side * 80 / 100; h -= 2)
            for (int x = 0; x + w <= side; ++x)
                for (int y = 0; y + h <= side; ++y) {
                    cv::Mat part;
                    cv::resize(outer(cv::Rect(x, y, w, h)), part, cv::Size(side, side), 0, 0,
                               cv::INTER_LINEAR);
                    best = std::max(best, ncc(part, whole));
                }
    return best;
}

} // namespace

Expected<PhotoDescriptor> PhotoDescriber::describe(const QImage& image)
{
    if (image.isNull() || image.width() < 8 || image.height() < 8)
        return Error{QStringLiteral("the image is too small to describe")};
    const QImage rgb = image.format() == QImage::Format_RGB888
                           ? image
                           : image.convertToFormat(QImage::Format_RGB888);
    try {
        PhotoDescriptor d;
        const cv::Mat view = rgbView(rgb);
        cv::Mat grey, thumb;
        cv::cvtColor(view, grey, cv::COLOR_RGB2GRAY);
        dctHash(grey, d.hash);
        const int w = grey.cols, h = grey.rows, w9 = w * 9 / 10, h9 = h * 9 / 10;
        const int w95 = w * 95 / 100, h95 = h * 95 / 100;
        const cv::Rect windows[PhotoDescriptor::kWindows] = {
            {(w - w95) / 2, (h - h95) / 2, w95, h95}, {(w - w9) / 2, (h - h9) / 2, w9, h9},
            {0, 0, w9, h}, {w - w9, 0, w9, h}, {0, 0, w, h9}, {0, h - h9, w, h9}};
        d.windows.resize(size_t(PhotoDescriptor::kWindows * PhotoDescriptor::kHashBytes));
        for (int i = 0; i < PhotoDescriptor::kWindows; ++i) {
            std::array<std::uint8_t, PhotoDescriptor::kHashBytes> code;
            dctHash(grey(windows[i]), code);
            std::copy(code.begin(), code.end(), d.windows.begin() + i * PhotoDescriptor::kHashBytes);
        }
        cv::resize(grey, thumb, cv::Size(PhotoDescriptor::kThumbSide, PhotoDescriptor::kThumbSide),
                   0, 0, cv::INTER_AREA);
        d.thumbnail.assign(thumb.begin<uchar>(), thumb.end<uchar>());
        d.look = lookVector(view);
        return d;
    } catch (const cv::Exception& e) {
        qCWarning(lcPhotos) << "describe:" << e.what();
        return Error{QStringLiteral("cannot describe the photo: %1").arg(QString::fromUtf8(e.what()))};
    }
}

int PhotoDescriber::hammingDistance(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b)
{
    int bits = 0;
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        bits += std::popcount(unsigned(a[i] ^ b[i]));
    return bits;
}

float PhotoDescriber::thumbnailSimilarity(std::span<const std::uint8_t> a,
                                          std::span<const std::uint8_t> b)
{
    const int side = PhotoDescriptor::kThumbSide;
    if (a.size() != size_t(side * side) || b.size() != a.size())
        return -1.f;
    cv::Mat ma, mb;
    cv::Mat(side, side, CV_8U, const_cast<std::uint8_t*>(a.data())).convertTo(ma, CV_32F);
    cv::Mat(side, side, CV_8U, const_cast<std::uint8_t*>(b.data())).convertTo(mb, CV_32F);
    return std::max({ncc(ma, mb), bestCrop(ma, mb), bestCrop(mb, ma)});
}

int PhotoDescriber::cropDistance(const PhotoDescriptor& a, const PhotoDescriptor& b)
{
    int best = hammingDistance(a.hash, b.hash);
    const size_t n = PhotoDescriptor::kHashBytes;
    for (size_t i = 0; i + n <= b.windows.size(); i += n)
        best = std::min(best, hammingDistance(a.hash, std::span(b.windows).subspan(i, n)));
    for (size_t i = 0; i + n <= a.windows.size(); i += n)
        best = std::min(best, hammingDistance(b.hash, std::span(a.windows).subspan(i, n)));
    return best;
}

bool PhotoDescriber::nearDuplicates(const PhotoDescriptor& a, const PhotoDescriptor& b)
{
    return cropDistance(a, b) <= kNearBits;
}

} // namespace lookalike
