#include "imageembedder.h"

#include "modelregistry.h"

#include <QLoggingCategory>
#include <QRegularExpression>
#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

Q_LOGGING_CATEGORY(lcImageModels, "lookalike.core.imagemodels", QtInfoMsg)

namespace lookalike {

namespace {

// OpenCV 4.6's ONNX importer names the failing node "Node [Clip@ai.onnx]" and an unknown
// layer type "Can't create layer ... of type \"X\"".
QString failedOperator(const QString& what)
{
    static const QRegularExpression node(QStringLiteral(R"(Node \[([A-Za-z0-9_]+)@)"));
    static const QRegularExpression type(QStringLiteral(R"(of type \"?([A-Za-z0-9_]+))"));
    for (const QRegularExpression* re : {&node, &type}) {
        const QRegularExpressionMatch m = re->match(what);
        if (m.hasMatch())
            return m.captured(1);
    }
    return {};
}

// What the operator's failure means in OpenCV 4.6, in words a person can follow.
QString describeOperator(const QString& op, const QString& what)
{
    if (op == QLatin1String("Clip") && what.contains(QLatin1String("input_size")))
        return QStringLiteral("Clip with min/max given as inputs");
    if (op == QLatin1String("LayerNormalization") || op == QLatin1String("Gelu") ||
        op == QLatin1String("Attention"))
        return QStringLiteral("%1 (a transformer layer)").arg(op);
    return op;
}

// The layer whose output is the tensor `name`: OpenCV 4.6 names a layer after its node,
// or "onnx_node_output_0!<tensor>" when the node has no name; later versions use
// "onnx_node!<node>".
std::string findLayer(cv::dnn::Net& net, const std::string& name)
{
    for (const std::string& candidate : {name, "onnx_node!" + name, "onnx_node_output_0!" + name}) {
        if (net.getLayerId(candidate) >= 0)
            return candidate;
    }
    return {};
}

// The photo resized to the input: the whole photo stretched, or the largest centred crop
// with the input's aspect ratio.
cv::Mat fitToInput(const cv::Mat& rgb, cv::Size input, const QString& mode)
{
    cv::Mat source = rgb;
    if (mode == QLatin1String("center-crop")) {
        const double aspect = double(input.width) / input.height;
        int w = rgb.cols, h = int(std::lround(rgb.cols / aspect));
        if (h > rgb.rows) {
            h = rgb.rows;
            w = std::max(1, int(std::lround(rgb.rows * aspect)));
        }
        source = rgb(cv::Rect((rgb.cols - w) / 2, (rgb.rows - h) / 2, w, h));
    }
    if (source.size() == input)
        return source;
    cv::Mat resized;
    const bool shrinking = source.cols > input.width && source.rows > input.height;
    cv::resize(source, resized, input, 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
    return resized;
}

} // namespace

struct ImageEmbedder::Impl {
    cv::dnn::Net net;
    QString modelId;
    cv::Size input;
    QList<double> mean;
    QList<double> scale;
    bool bgr = false;
    QString resizeMode;
    std::string output; // layer name to forward to; empty: the final output
    int dimension = 0;
};

ImageEmbedder::ImageEmbedder(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
ImageEmbedder::~ImageEmbedder() = default;

QString ImageEmbedder::explainImportError(const ModelSpec& spec, const QString& what)
{
    const QString op = failedOperator(what);
    const QString instead = spec.instead.isEmpty()
                                ? QStringLiteral("use a model OpenCV can load (the opset-7 files: "
                                                 "squeezenet1.1-7, mobilenetv2-7, resnet50-v1-7)")
                                : QStringLiteral("use %1").arg(spec.instead);
    if (op.isEmpty()) {
        QString first = what.section(QLatin1Char('\n'), 0, 0).trimmed();
        return QStringLiteral("%1 cannot be loaded by OpenCV %2 (%3): %4")
            .arg(spec.id, QStringLiteral(CV_VERSION), first, instead);
    }
    return QStringLiteral("%1 uses %2, which OpenCV %3 cannot run: %4")
        .arg(spec.id, describeOperator(op, what), QStringLiteral(CV_VERSION), instead);
}

Expected<std::unique_ptr<ImageEmbedder>> ImageEmbedder::create(const ModelSpec& spec)
{
    if (spec.inputWidth <= 0 || spec.inputHeight <= 0 || spec.channels != 3)
        return Error{
            QStringLiteral("model %1: the manifest must give a 3-channel input size").arg(spec.id)};
    auto impl = std::make_unique<Impl>();
    try {
        impl->net = cv::dnn::readNetFromONNX(spec.path.toStdString());
    } catch (const cv::Exception& e) {
        qCInfo(lcImageModels) << "import of" << spec.path << "failed:" << e.what();
        return Error{explainImportError(spec, QString::fromStdString(e.msg))};
    }
    impl->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    impl->modelId = spec.id;
    impl->input = cv::Size(spec.inputWidth, spec.inputHeight);
    impl->mean = spec.channelMean;
    impl->scale = spec.channelScale;
    impl->bgr = spec.colorOrder == QLatin1String("BGR");
    impl->resizeMode = spec.resize;
    impl->dimension = spec.dimension;
    if (!spec.embeddingOutput.isEmpty()) {
        impl->output = findLayer(impl->net, spec.embeddingOutput.toStdString());
        if (impl->output.empty())
            return Error{QStringLiteral("model %1 has no tensor \"%2\" (the manifest's "
                                        "embedding_output): is %3 the right file?")
                             .arg(spec.id, spec.embeddingOutput, spec.file)};
    }
    auto embedder = std::unique_ptr<ImageEmbedder>(new ImageEmbedder(std::move(impl)));
    return embedder;
}

int ImageEmbedder::dimension() const
{
    return d->dimension;
}

QString ImageEmbedder::modelId() const
{
    return d->modelId;
}

Expected<std::vector<float>> ImageEmbedder::embed(const QImage& image)
{
    if (image.isNull() || image.width() < 1 || image.height() < 1)
        return Error{QStringLiteral("%1: empty image").arg(d->modelId)};
    const QImage rgbImage = image.format() == QImage::Format_RGB888
                                ? image
                                : image.convertToFormat(QImage::Format_RGB888);
    const cv::Mat rgb(rgbImage.height(), rgbImage.width(), CV_8UC3,
                      const_cast<uchar*>(rgbImage.constBits()), size_t(rgbImage.bytesPerLine()));
    try {
        const cv::Mat fitted = fitToInput(rgb, d->input, d->resizeMode);
        // Planar NCHW in the model's channel order, (pixel - mean[c]) * scale[c].
        const int plane = d->input.width * d->input.height;
        cv::Mat blob(std::vector<int>{1, 3, d->input.height, d->input.width}, CV_32F);
        for (int c = 0; c < 3; ++c) {
            const int source = d->bgr ? 2 - c : c;
            const float mean = float(d->mean.value(c)), scale = float(d->scale.value(c));
            float* out = blob.ptr<float>() + c * plane;
            for (int y = 0; y < fitted.rows; ++y) {
                const uchar* row = fitted.ptr<uchar>(y);
                for (int x = 0; x < fitted.cols; ++x)
                    *out++ = (float(row[3 * x + source]) - mean) * scale;
            }
        }
        d->net.setInput(blob);
        const cv::Mat out = d->output.empty() ? d->net.forward() : d->net.forward(d->output);
        if (d->dimension > 0 && int(out.total()) != d->dimension)
            return Error{QStringLiteral("%1 returned %2 values, the manifest says %3")
                             .arg(d->modelId)
                             .arg(out.total())
                             .arg(d->dimension)};
        const cv::Mat flat = out.reshape(1, 1);
        std::vector<float> v(flat.ptr<float>(), flat.ptr<float>() + flat.total());
        const double norm = cv::norm(flat);
        const float inverse = norm > 0 ? float(1.0 / norm) : 0.f;
        for (float& x : v)
            x *= inverse;
        return v;
    } catch (const cv::Exception& e) {
        return Error{QStringLiteral("%1 failed on this photo: %2")
                         .arg(d->modelId, QString::fromStdString(e.msg))};
    }
}

} // namespace lookalike
