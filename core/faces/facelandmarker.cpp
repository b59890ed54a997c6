#include "facelandmarker.h"

#include "modelregistry.h"

#include <algorithm>
#include <cmath>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

namespace lookalike {

namespace {

// `box` (image pixels) resampled to `size`; parts outside the image are black. Shrinking
// uses area averaging, so a large face does not alias.
cv::Mat cropResized(const cv::Mat& image, const cv::Rect2d& box, cv::Size size)
{
    const double sx = size.width / box.width, sy = size.height / box.height;
    const cv::Rect whole(0, 0, image.cols, image.rows);
    const cv::Rect inside =
        cv::Rect(cv::Point(int(std::floor(box.x)), int(std::floor(box.y))),
                 cv::Point(int(std::ceil(box.br().x)), int(std::ceil(box.br().y)))) &
        whole;
    cv::Mat out(size, image.type(), cv::Scalar::all(0));
    if (inside.empty())
        return out;
    cv::Mat shrunk;
    const cv::Size shrunkSize(std::max(1, int(std::lround(inside.width * sx))),
                              std::max(1, int(std::lround(inside.height * sy))));
    cv::resize(image(inside), shrunk, shrunkSize, 0, 0,
               sx < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
    const cv::Point at(int(std::lround((inside.x - box.x) * sx)),
                       int(std::lround((inside.y - box.y) * sy)));
    const cv::Rect target = cv::Rect(at, shrunkSize) & cv::Rect(0, 0, size.width, size.height);
    shrunk(target - at).copyTo(out(target));
    return out;
}

} // namespace

struct FaceLandmarker::Impl {
    cv::dnn::Net net;
    cv::Size input;
    double mean = 0.0;
    double scale = 1.0;
};

FaceLandmarker::FaceLandmarker(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
FaceLandmarker::~FaceLandmarker() = default;

Expected<std::unique_ptr<FaceLandmarker>> FaceLandmarker::create(const ModelSpec& spec)
{
    if (spec.channels != 1 || spec.inputWidth <= 0 || spec.inputHeight <= 0)
        return Error{QStringLiteral("model %1: the manifest must give a one-channel input size")
                         .arg(spec.file)};
    auto impl = std::make_unique<Impl>();
    impl->net = cv::dnn::readNetFromONNX(spec.path.toStdString());
    impl->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    impl->input = cv::Size(spec.inputWidth, spec.inputHeight);
    impl->mean = spec.mean;
    impl->scale = spec.scale;
    return std::unique_ptr<FaceLandmarker>(new FaceLandmarker(std::move(impl)));
}

FaceLandmarker::Points FaceLandmarker::locate(const QImage& rgb, const QRectF& square)
{
    const cv::Mat image(rgb.height(), rgb.width(), CV_8UC3, const_cast<uchar*>(rgb.constBits()),
                        size_t(rgb.bytesPerLine()));
    const cv::Rect2d box(square.x(), square.y(), square.width(), square.height());
    cv::Mat gray;
    cv::cvtColor(cropResized(image, box, d->input), gray, cv::COLOR_RGB2GRAY);
    d->net.setInput(cv::dnn::blobFromImage(gray, d->scale, cv::Size(), cv::Scalar::all(d->mean)));
    const cv::Mat out = d->net.forward();
    const float* v = out.ptr<float>();
    Points points;
    for (size_t i = 0; i < points.size(); ++i)
        points[i] = QPointF(box.x + v[2 * i] * box.width, box.y + v[2 * i + 1] * box.height);
    return points;
}

QRectF FaceLandmarker::squareAround(const QRectF& box)
{
    const double side = box.height();
    const QPointF c = box.center();
    return QRectF(c.x() - side / 2, c.y() - side / 2, side, side);
}

} // namespace lookalike
