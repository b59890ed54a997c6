#include "facepipeline.h"

#include "facealigner.h"
#include "facedetector.h"
#include "faceembedder.h"
#include "facelandmarker.h"
#include "modelregistry.h"

#include <QLoggingCategory>
#include <algorithm>
#include <opencv2/core.hpp>

Q_LOGGING_CATEGORY(lcVision, "lookalike.core.vision", QtInfoMsg)

namespace lookalike {

namespace {

FaceDetector::Settings detectorSettings(const ModelSpec& spec, const FacePipeline::Options& o)
{
    FaceDetector::Settings s;
    s.scoreThreshold =
        o.scoreThreshold >= 0 ? o.scoreThreshold : spec.threshold(QStringLiteral("score"), 0.7);
    s.tileScoreThreshold =
        std::max(s.scoreThreshold, spec.threshold(QStringLiteral("tile_score"), 0.8));
    s.nmsThreshold = spec.threshold(QStringLiteral("nms"), s.nmsThreshold);
    s.containmentThreshold = spec.threshold(QStringLiteral("containment"), s.containmentThreshold);
    s.tileFacePixels = spec.threshold(QStringLiteral("tile_face_px"), s.tileFacePixels);
    s.levelStep = spec.threshold(QStringLiteral("level_step"), s.levelStep);
    return s;
}

QRectF relative(const QRectF& r, QSizeF size)
{
    return QRectF(r.x() / size.width(), r.y() / size.height(), r.width() / size.width(),
                  r.height() / size.height());
}

// The photo a face's landmarks and crop come from: the detection image (photo.image as
// RGB888), or for faces that are small in a reduced decode, the full-resolution photo
// (decoded once, on first need).
class CropSource {
public:
    explicit CropSource(const LoadedImage& photo)
        : m_photo(photo), m_image(photo.image.convertToFormat(QImage::Format_RGB888))
    {
    }

    const QImage& image() const { return m_image; }

    // The image to crop the face in `square` (pixels of image()) from; `square` is converted
    // to that image's pixels. Faces at least `smallFace` pixels wide come from image().
    const QImage& imageFor(QRectF& square, double smallFace)
    {
        if (m_photo.scale >= 1.0 || !m_photo.fullResolution || square.width() >= smallFace)
            return m_image;
        if (!m_fullTried) {
            m_fullTried = true;
            m_full = m_photo.fullResolution().convertToFormat(QImage::Format_RGB888);
        }
        if (m_full.isNull())
            return m_image;
        const double k = double(m_full.width()) / m_image.width();
        square = QRectF(square.topLeft() * k, square.size() * k);
        return m_full;
    }

private:
    const LoadedImage& m_photo;
    QImage m_image;
    QImage m_full;
    bool m_fullTried = false;
};

// The aligned crop of a face with `landmarks` relative 0..1 to `photo`.
QImage alignTo(const FaceAligner& aligner, const QImage& photo,
               const std::array<QPointF, 68>& landmarks)
{
    FaceAligner::Points points;
    for (size_t i = 0; i < points.size(); ++i)
        points[i] = QPointF(landmarks[i].x() * photo.width(), landmarks[i].y() * photo.height());
    return aligner.align(photo.convertToFormat(QImage::Format_RGB888), points);
}

} // namespace

struct FacePipeline::Impl {
    ModelSpec embedderSpec;
    Options options;
    std::optional<FaceGate> gate;
    std::unique_ptr<FaceDetector> detector;
    std::unique_ptr<FaceLandmarker> landmarker;
    std::optional<FaceAligner> aligner;
    std::unique_ptr<FaceEmbedder> embedder;

    Status load(const ModelSpec& detect, const ModelSpec& landmarks, const ModelSpec& embed);
    FaceGate::Input gateInput(const DetectedFace& face, QSizeF size) const;
    std::vector<DetectedFace> process(const LoadedImage& photo);
    DetectedFace describe(const QRectF& square, CropSource& source);
};

FacePipeline::FacePipeline(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
FacePipeline::~FacePipeline() = default;

Expected<std::unique_ptr<FacePipeline>> FacePipeline::create(const ModelRegistry& registry,
                                                             const Options& options)
{
    const auto spec = [&](const char* task) {
        return registry.model(registry.idForTask(QLatin1String(task)));
    };
    const Expected<ModelSpec> detect = spec("face-detection");
    const Expected<ModelSpec> landmarks = spec("face-landmarks");
    const Expected<ModelSpec> embed = spec("face-embedding");
    for (const auto* s : {&detect, &landmarks, &embed}) {
        if (!*s)
            return Error{s->error()};
    }
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    // The gate is optional: a manifest without one keeps every detection.
    if (const QString gateId = registry.idForTask(QStringLiteral("face-gate"));
        options.useGate && !gateId.isEmpty()) {
        const Expected<ModelSpec> gateSpec = registry.model(gateId);
        if (!gateSpec)
            return Error{gateSpec.error()};
        Expected<FaceGate> gate = FaceGate::load(*gateSpec);
        if (!gate)
            return Error{gate.error()};
        impl->gate = std::move(*gate);
    }
    try {
        const Status loaded = impl->load(*detect, *landmarks, *embed);
        if (!loaded)
            return Error{loaded.error()};
    } catch (const cv::Exception& e) {
        return Error{QStringLiteral("cannot load the face models: %1").arg(e.what())};
    }
    return std::unique_ptr<FacePipeline>(new FacePipeline(std::move(impl)));
}

// Throws cv::Exception when OpenCV cannot read a model.
Status FacePipeline::Impl::load(const ModelSpec& detect, const ModelSpec& landmarks,
                                const ModelSpec& embed)
{
    auto madeDetector = FaceDetector::create(detect, detectorSettings(detect, options));
    auto madeLandmarker = FaceLandmarker::create(landmarks);
    auto madeAligner = FaceAligner::create(embed);
    auto madeEmbedder = FaceEmbedder::create(embed);
    if (!madeDetector)
        return Error{madeDetector.error()};
    if (!madeLandmarker)
        return Error{madeLandmarker.error()};
    if (!madeAligner)
        return Error{madeAligner.error()};
    if (!madeEmbedder)
        return Error{madeEmbedder.error()};
    detector = std::move(*madeDetector);
    landmarker = std::move(*madeLandmarker);
    aligner = std::move(*madeAligner);
    embedder = std::move(*madeEmbedder);
    embedderSpec = embed;
    return success();
}

Expected<std::vector<DetectedFace>> FacePipeline::process(const LoadedImage& photo)
{
    if (photo.image.isNull())
        return Error{QStringLiteral("no image to look for faces in")};
    try {
        return d->process(photo);
    } catch (const cv::Exception& e) {
        qCWarning(lcVision) << "face pipeline failed:" << e.what();
        return Error{QStringLiteral("face detection failed: %1").arg(e.what())};
    }
}

Expected<DetectedFace> FacePipeline::describeRegion(const LoadedImage& photo, const QRectF& square)
{
    if (photo.image.isNull())
        return Error{QStringLiteral("no image to describe a face in")};
    try {
        CropSource source(photo);
        const QSizeF size = source.image().size();
        const QRectF pixels(square.x() * size.width(), square.y() * size.height(),
                            square.width() * size.width(), square.height() * size.height());
        return d->describe(pixels, source);
    } catch (const cv::Exception& e) {
        return Error{QStringLiteral("face description failed: %1").arg(e.what())};
    }
}

std::vector<DetectedFace> FacePipeline::Impl::process(const LoadedImage& photo)
{
    const double minFace = options.minFacePixels * std::min(photo.scale, 1.0);
    CropSource source(photo);
    std::vector<DetectedFace> faces;
    for (const FaceDetector::Detection& detection : detector->detect(source.image(), minFace)) {
        DetectedFace face = describe(FaceLandmarker::squareAround(detection.box), source);
        face.score = detection.score;
        if (gate) {
            const FaceGate::Input input = gateInput(face, source.image().size());
            face.faceProbability = float(gate->probability(input));
            face.notFace = !gate->accepts(face.faceProbability);
        }
        faces.push_back(std::move(face));
    }
    std::sort(faces.begin(), faces.end(), [](const DetectedFace& a, const DetectedFace& b) {
        return a.box.width() * a.box.height() > b.box.width() * b.box.height();
    });
    return faces;
}

// The face in `square` (pixels of source.image()).
DetectedFace FacePipeline::Impl::describe(const QRectF& square, CropSource& source)
{
    QRectF cropSquare = square;
    const QImage& crop = source.imageFor(cropSquare, aligner->outputSize().width());
    const FaceLandmarker::Points points = landmarker->locate(crop, cropSquare);
    FaceEmbedder::Embedding embedding =
        embedder->embed(aligner->align(crop, points), options.flipAverage);
    DetectedFace face;
    face.rawNorm = embedding.rawNorm;
    face.box = relative(square, source.image().size()).intersected(QRectF(0, 0, 1, 1));
    face.score = 1.f;
    for (size_t i = 0; i < points.size(); ++i)
        face.landmarks[i] = QPointF(points[i].x() / crop.width(), points[i].y() / crop.height());
    face.embedding = std::move(embedding.vector);
    return face;
}

QString FacePipeline::embeddingModelId() const
{
    return d->embedderSpec.id;
}

int FacePipeline::dimension() const
{
    return d->embedder->dimension();
}

int FacePipeline::lastTileCount() const
{
    return d->detector->lastTileCount();
}

const FaceGate* FacePipeline::gate() const
{
    return d->gate ? &*d->gate : nullptr;
}

FaceGate::Input FacePipeline::gateInput(const DetectedFace& face, QSizeF photoSize) const
{
    return d->gateInput(face, photoSize);
}

// The similarity fit is the same at any scale of the photo, so the aligned landmarks are too.
FaceGate::Input FacePipeline::Impl::gateInput(const DetectedFace& face, QSizeF size) const
{
    FaceAligner::Points points;
    for (size_t i = 0; i < points.size(); ++i)
        points[i] =
            QPointF(face.landmarks[i].x() * size.width(), face.landmarks[i].y() * size.height());
    const QTransform toCrop = aligner->transformFor(points);
    FaceGate::Input input;
    input.score = face.score;
    for (size_t i = 0; i < points.size(); ++i)
        input.alignedLandmarks[i] = toCrop.map(points[i]);
    input.rawNorm = face.rawNorm;
    input.embedding = face.embedding;
    return input;
}

QImage FacePipeline::alignedCrop(const QImage& photo, const std::array<QPointF, 68>& landmarks)
{
    static const std::optional<FaceAligner> aligner = []() -> std::optional<FaceAligner> {
        const Expected<ModelRegistry> registry = ModelRegistry::load();
        if (!registry)
            return std::nullopt;
        auto made = FaceAligner::create(
            registry->spec(registry->idForTask(QStringLiteral("face-embedding"))));
        return made ? std::optional<FaceAligner>(*made) : std::nullopt;
    }();
    if (!aligner || photo.isNull())
        return {};
    return alignTo(*aligner, photo, landmarks);
}

QImage FacePipeline::crop(const QImage& photo, const std::array<QPointF, 68>& landmarks) const
{
    return photo.isNull() ? QImage() : alignTo(*d->aligner, photo, landmarks);
}

} // namespace lookalike
