#include "objectmatcher.h"

#include "modelregistry.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/features2d.hpp>

namespace lookalike {

ObjectMatcher::Options ObjectMatcher::optionsFrom(const ModelSpec& spec)
{
    Options o;
    o.ratio = float(spec.threshold(QStringLiteral("ratio"), o.ratio));
    o.ransacPixels = spec.threshold(QStringLiteral("ransac_px"), o.ransacPixels);
    o.minInliers = int(spec.threshold(QStringLiteral("min_inliers"), o.minInliers));
    return o;
}

ObjectMatcher::Result ObjectMatcher::match(const LocalFeatures& query,
                                           const LocalFeatures& candidate, const Options& options)
{
    Result result;
    if (query.size() < 8 || candidate.size() < 8 || query.dimension != candidate.dimension)
        return result;
    const cv::Mat q(query.size(), query.dimension, CV_32F,
                    const_cast<float*>(query.descriptors.data()));
    const cv::Mat c(candidate.size(), candidate.dimension, CV_32F,
                    const_cast<float*>(candidate.descriptors.data()));
    std::vector<std::vector<cv::DMatch>> knn;
    cv::BFMatcher(cv::NORM_L2).knnMatch(q, c, knn, 2);
    std::vector<cv::Point2f> from, to;
    for (const std::vector<cv::DMatch>& m : knn) {
        if (m.size() == 2 && m[0].distance < options.ratio * m[1].distance) {
            from.emplace_back(query.xy[size_t(2 * m[0].queryIdx)],
                              query.xy[size_t(2 * m[0].queryIdx + 1)]);
            to.emplace_back(candidate.xy[size_t(2 * m[0].trainIdx)],
                            candidate.xy[size_t(2 * m[0].trainIdx + 1)]);
        }
    }
    result.matches = int(from.size());
    if (from.size() < 8)
        return result;
    std::vector<uchar> mask;
    try {
        const cv::Mat h =
            cv::findHomography(from, to, cv::RANSAC, options.ransacPixels, mask, 2000, 0.995);
        if (!h.empty())
            result.inliers = cv::countNonZero(mask);
    } catch (const cv::Exception&) {
        result.inliers = 0; // a degenerate configuration: no geometric agreement
    }
    return result;
}

} // namespace lookalike
