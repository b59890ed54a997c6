#include "faceembedder.h"

#include "modelregistry.h"

#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

namespace lookalike {

struct FaceEmbedder::Impl {
    cv::dnn::Net net;
    cv::Size input;
    double mean = 0.0;
    double scale = 1.0;
    bool swapRB = false;
    int dimension = 0;

    double addEmbedding(const cv::Mat& rgb, std::vector<float>& sum);
};

FaceEmbedder::FaceEmbedder(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
FaceEmbedder::~FaceEmbedder() = default;

Expected<std::unique_ptr<FaceEmbedder>> FaceEmbedder::create(const ModelSpec& spec)
{
    if (spec.dimension <= 0 || spec.inputWidth <= 0 || spec.inputHeight <= 0)
        return Error{QStringLiteral("model %1: the manifest must give the input size and the "
                                    "embedding dimension")
                         .arg(spec.file)};
    auto impl = std::make_unique<Impl>();
    impl->net = cv::dnn::readNetFromONNX(spec.path.toStdString());
    impl->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    impl->input = cv::Size(spec.inputWidth, spec.inputHeight);
    impl->mean = spec.mean;
    impl->scale = spec.scale;
    impl->swapRB = spec.colorOrder == QLatin1String("BGR");
    impl->dimension = spec.dimension;
    return std::unique_ptr<FaceEmbedder>(new FaceEmbedder(std::move(impl)));
}

int FaceEmbedder::dimension() const
{
    return d->dimension;
}

FaceEmbedder::Embedding FaceEmbedder::embed(const QImage& aligned, bool flipAverage)
{
    const cv::Mat rgb(aligned.height(), aligned.width(), CV_8UC3,
                      const_cast<uchar*>(aligned.constBits()), size_t(aligned.bytesPerLine()));
    Embedding e;
    e.vector.assign(size_t(d->dimension), 0.f);
    e.rawNorm = d->addEmbedding(rgb, e.vector);
    if (flipAverage) {
        cv::Mat mirrored;
        cv::flip(rgb, mirrored, 1);
        e.rawNorm = (e.rawNorm + d->addEmbedding(mirrored, e.vector)) / 2;
    }
    const double norm = cv::norm(e.vector);
    const float inverse = norm > 0 ? float(1.0 / norm) : 0.f;
    for (float& v : e.vector)
        v *= inverse;
    return e;
}

// Adds the model's output for `rgb` to `sum` as a unit vector, so both views weigh the
// same; returns the output's length.
double FaceEmbedder::Impl::addEmbedding(const cv::Mat& rgb, std::vector<float>& sum)
{
    net.setInput(cv::dnn::blobFromImage(rgb, scale, input, cv::Scalar::all(mean), swapRB));
    const cv::Mat out = net.forward();
    if (int(out.total()) != dimension)
        CV_Error(cv::Error::StsBadSize, "the embedding model returned an unexpected size");
    const float* v = out.ptr<float>();
    const double norm = cv::norm(out);
    if (norm <= 0)
        return 0.0;
    for (int i = 0; i < dimension; ++i)
        sum[size_t(i)] += float(v[i] / norm);
    return norm;
}

} // namespace lookalike
