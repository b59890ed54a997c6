#include "localfeatureextractor.h"

#include "modelregistry.h"
#include "objectcodebook.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <opencv2/features2d.hpp>
#include <opencv2/imgproc.hpp>

namespace lookalike {

struct LocalFeatureExtractor::Impl {
    const ObjectCodebook& codebook;
    Options options;
    cv::Ptr<cv::SIFT> sift;

    // Keypoints strongest first with their RootSIFT rows; sets the working size.
    void detect(const QImage& image, std::vector<cv::KeyPoint>& keypoints, cv::Mat& descriptors,
                cv::Size& size) const;
};

LocalFeatureExtractor::Options LocalFeatureExtractor::optionsFrom(const ModelSpec& spec)
{
    Options o;
    o.maxSide = spec.inputWidth > 0 ? spec.inputWidth : o.maxSide;
    o.maxFeatures = int(spec.threshold(QStringLiteral("features"), o.maxFeatures));
    o.storedKeypoints = int(spec.threshold(QStringLiteral("stored_keypoints"), o.storedKeypoints));
    return o;
}

LocalFeatureExtractor::LocalFeatureExtractor(const ObjectCodebook& codebook, const Options& options)
    : d(std::make_unique<Impl>(Impl{codebook, options, cv::SIFT::create(options.maxFeatures)}))
{
}

LocalFeatureExtractor::~LocalFeatureExtractor() = default;

void LocalFeatureExtractor::Impl::detect(const QImage& image, std::vector<cv::KeyPoint>& keypoints,
                                         cv::Mat& descriptors, cv::Size& size) const
{
    const QImage grey = image.format() == QImage::Format_Grayscale8
                            ? image
                            : image.convertToFormat(QImage::Format_Grayscale8);
    const cv::Mat view(grey.height(), grey.width(), CV_8UC1, const_cast<uchar*>(grey.constBits()),
                       size_t(grey.bytesPerLine()));
    cv::Mat work = view;
    const double scale = double(options.maxSide) / std::max(view.cols, view.rows);
    if (scale < 1.0)
        cv::resize(view, work, cv::Size(), scale, scale, cv::INTER_AREA);
    size = work.size();
    std::vector<cv::KeyPoint> found;
    cv::Mat raw;
    sift->detectAndCompute(work, cv::noArray(), found, raw);
    std::vector<int> order(found.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return found[size_t(a)].response > found[size_t(b)].response;
    });
    keypoints.clear();
    descriptors.create(int(order.size()), 128, CV_32F);
    for (size_t i = 0; i < order.size(); ++i) {
        keypoints.push_back(found[size_t(order[i])]);
        const float* in = raw.ptr<float>(order[i]);
        float* out = descriptors.ptr<float>(int(i));
        double l1 = 1e-7;
        for (int j = 0; j < 128; ++j)
            l1 += in[j];
        for (int j = 0; j < 128; ++j)
            out[j] = float(std::sqrt(in[j] / l1));
    }
}

std::vector<float> LocalFeatureExtractor::rootSift(const QImage& image)
{
    std::vector<cv::KeyPoint> keypoints;
    cv::Mat descriptors;
    cv::Size size;
    d->detect(image, keypoints, descriptors, size);
    return std::vector<float>(descriptors.ptr<float>(),
                              descriptors.ptr<float>() + descriptors.total());
}

Expected<ObjectDescriptor> LocalFeatureExtractor::describe(const QImage& image, bool keepAll)
{
    if (image.isNull())
        return Error{QStringLiteral("empty image")};
    std::vector<cv::KeyPoint> keypoints;
    cv::Mat descriptors;
    cv::Size size;
    try {
        d->detect(image, keypoints, descriptors, size);
    } catch (const cv::Exception& e) {
        return Error{
            QStringLiteral("local features failed: %1").arg(QString::fromStdString(e.msg))};
    }
    const int n = int(keypoints.size());
    const int r = d->codebook.reducedDimension();
    std::vector<float> reduced(size_t(n) * r);
    if (n > 0)
        d->codebook.reduce(descriptors.ptr<float>(), n, reduced.data());
    ObjectDescriptor out;
    out.vlad = d->codebook.vlad(reduced.data(), n);
    const int kept = keepAll ? n : std::min(n, d->options.storedKeypoints);
    out.keypoints.width = size.width;
    out.keypoints.height = size.height;
    out.keypoints.dimension = r;
    out.keypoints.xy.resize(size_t(kept) * 2);
    for (int i = 0; i < kept; ++i) {
        out.keypoints.xy[size_t(2 * i)] = keypoints[size_t(i)].pt.x;
        out.keypoints.xy[size_t(2 * i + 1)] = keypoints[size_t(i)].pt.y;
    }
    out.keypoints.descriptors.assign(reduced.begin(), reduced.begin() + ptrdiff_t(kept) * r);
    return out;
}

} // namespace lookalike
