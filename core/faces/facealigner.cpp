#include "facealigner.h"

#include "modelregistry.h"

#include <cmath>
#include <opencv2/imgproc.hpp>

namespace lookalike {

namespace {

QPointF mean(const QPointF* points, int count)
{
    QPointF sum;
    for (int i = 0; i < count; ++i)
        sum += points[i];
    return sum / count;
}

// Least-squares similarity mapping `from` onto `to` (Umeyama without reflection, closed form
// in 2-D): q = [a -b; b a] p + t.
QTransform similarity(const std::array<QPointF, 5>& from, const QList<QPointF>& to)
{
    const QPointF mf = mean(from.data(), 5), mt = mean(to.constData(), 5);
    double dot = 0, cross = 0, norm = 0;
    for (int i = 0; i < 5; ++i) {
        const QPointF p = from[i] - mf, q = to[i] - mt;
        dot += p.x() * q.x() + p.y() * q.y();
        cross += p.x() * q.y() - p.y() * q.x();
        norm += p.x() * p.x() + p.y() * p.y();
    }
    const double a = norm > 0 ? dot / norm : 1.0, b = norm > 0 ? cross / norm : 0.0;
    const double tx = mt.x() - (a * mf.x() - b * mf.y());
    const double ty = mt.y() - (b * mf.x() + a * mf.y());
    return QTransform(a, b, -b, a, tx, ty);
}

// A face much larger than the `crop` is first shrunk with area averaging around the face, so
// the bilinear warp does not alias; `t` (image -> crop) becomes shrunk image -> crop.
cv::Mat shrunkSource(const cv::Mat& image, QSize crop, QTransform& t)
{
    const double scale = std::hypot(t.m11(), t.m12());
    if (scale >= 0.5)
        return image;
    const QRectF area = t.inverted().mapRect(QRectF(QPointF(0, 0), QSizeF(crop)));
    const cv::Rect roi = cv::Rect(int(area.x()) - 1, int(area.y()) - 1, int(area.width()) + 3,
                                  int(area.height()) + 3) &
                         cv::Rect(0, 0, image.cols, image.rows);
    if (roi.empty())
        return image;
    cv::Mat shrunk;
    cv::resize(image(roi), shrunk, cv::Size(), scale * 2, scale * 2, cv::INTER_AREA);
    const double fx = double(shrunk.cols) / roi.width, fy = double(shrunk.rows) / roi.height;
    // Pixel centres: shrunk = (image - roi + 0.5) * f - 0.5.
    t = QTransform::fromTranslate(0.5, 0.5) * QTransform::fromScale(1 / fx, 1 / fy) *
        QTransform::fromTranslate(roi.x - 0.5, roi.y - 0.5) * t;
    return shrunk;
}

} // namespace

FaceAligner::FaceAligner(QList<QPointF> templatePoints, QSize size)
    : m_template(std::move(templatePoints)), m_size(size)
{
}

Expected<FaceAligner> FaceAligner::create(const ModelSpec& spec)
{
    if (spec.templatePoints.size() != 5 || spec.inputWidth <= 0 || spec.inputHeight <= 0)
        return Error{QStringLiteral("model %1: the manifest must give the input size and five "
                                    "alignment template points")
                         .arg(spec.file)};
    return FaceAligner(spec.templatePoints, QSize(spec.inputWidth, spec.inputHeight));
}

std::array<QPointF, 5> FaceAligner::fivePoints(const Points& landmarks)
{
    return {mean(&landmarks[36], 6), mean(&landmarks[42], 6), landmarks[30], landmarks[48],
            landmarks[54]};
}

QTransform FaceAligner::transformFor(const Points& landmarks) const
{
    return similarity(fivePoints(landmarks), m_template);
}

QImage FaceAligner::align(const QImage& rgb, const Points& landmarks) const
{
    const cv::Mat image(rgb.height(), rgb.width(), CV_8UC3, const_cast<uchar*>(rgb.constBits()),
                        size_t(rgb.bytesPerLine()));
    QTransform t = transformFor(landmarks);
    const cv::Mat source = shrunkSource(image, m_size, t);
    QImage out(m_size, QImage::Format_RGB888);
    cv::Mat dst(out.height(), out.width(), CV_8UC3, out.bits(), size_t(out.bytesPerLine()));
    const cv::Matx23d m(t.m11(), t.m21(), t.dx(), t.m12(), t.m22(), t.dy());
    cv::warpAffine(source, dst, m, dst.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
    return out;
}

} // namespace lookalike
