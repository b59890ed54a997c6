#include "facedetector.h"

#include "modelregistry.h"

#include <algorithm>
#include <cmath>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

namespace lookalike {

namespace {

// Tiles overlap by this much more than the largest face a level looks for, so a face whose
// box comes out a little larger still fits wholly inside one tile.
constexpr double kOverlapMargin = 1.15;

// Tiles are spread evenly so the first starts at 0 and the last ends at `length`; any two
// neighbours overlap by at least `overlap` (same unit as `length`).
std::vector<double> tileStarts(double length, double tile, double overlap)
{
    if (length <= tile)
        return {0.0};
    const int count = int(std::ceil((length - overlap) / (tile - overlap)));
    const double step = (length - tile) / std::max(count - 1, 1);
    std::vector<double> starts;
    for (int i = 0; i < count; ++i)
        starts.push_back(i * step);
    return starts;
}

double iou(const QRectF& a, const QRectF& b)
{
    const QRectF overlap = a.intersected(b);
    const double inter = overlap.width() * overlap.height();
    const double uni = a.width() * a.height() + b.width() * b.height() - inter;
    return uni > 0 ? inter / uni : 0.0;
}

// Share of the smaller box covered by the other: catches a face found again as a part.
double containment(const QRectF& a, const QRectF& b)
{
    const QRectF overlap = a.intersected(b);
    const double smaller = std::min(a.width() * a.height(), b.width() * b.height());
    return smaller > 0 ? overlap.width() * overlap.height() / smaller : 0.0;
}

} // namespace

struct FaceDetector::Impl {
    cv::dnn::Net net;
    Settings settings;
    cv::Size input;
    double mean = 0.0;
    double scale = 1.0;
    bool swapRB = false;
    std::vector<cv::String> outputs;
    int tileCount = 0;

    struct Level {
        cv::Mat image; // the photo resized to this level
        double sx = 1.0, sy = 1.0;
        double maxFace = 0.0; // model pixels; 0 = any size
        int index = 0;
    };

    double levelScale(const Tile& tile) const { return input.width / tile.rect.width(); }
    Level makeLevel(const cv::Mat& image, const Tile& tile) const;
    cv::Mat tileInput(const Level& level, const QRectF& rect, cv::Point& origin) const;
    void runTile(const Level& level, const Tile& tile, std::vector<Detection>& out);
    bool accept(const Level& level, const cv::Point& origin, const cv::Rect2f& box,
                float score) const;
    std::vector<Detection> suppress(std::vector<Detection> candidates) const;
};

FaceDetector::FaceDetector(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
FaceDetector::~FaceDetector() = default;

Expected<std::unique_ptr<FaceDetector>> FaceDetector::create(const ModelSpec& spec,
                                                             const Settings& settings)
{
    auto impl = std::make_unique<Impl>();
    impl->net = cv::dnn::readNetFromONNX(spec.path.toStdString());
    impl->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    impl->settings = settings;
    impl->input = cv::Size(spec.inputWidth, spec.inputHeight);
    impl->mean = spec.mean;
    impl->scale = spec.scale;
    impl->swapRB = spec.colorOrder == QLatin1String("BGR");
    for (const QString& name : spec.outputs)
        impl->outputs.push_back(name.toStdString());
    if (impl->outputs.size() != 2 || impl->input.area() == 0)
        return Error{QStringLiteral("model %1: the manifest must give the input size and the "
                                    "outputs [boxes, scores]")
                         .arg(spec.file)};
    return std::unique_ptr<FaceDetector>(new FaceDetector(std::move(impl)));
}

int FaceDetector::lastTileCount() const
{
    return d->tileCount;
}

// Level 0 letterboxes the whole image into one input. Finer levels follow geometrically
// (ratio <= levelStep) until a face of minFacePixels gets tileFacePixels model pixels; their
// tiles overlap by the largest face the level is responsible for, so every such face lies
// wholly inside at least one tile.
std::vector<FaceDetector::Tile> FaceDetector::planTiles(QSize size, double minFacePixels) const
{
    const double aspect = double(d->input.width) / d->input.height;
    const double fullWidth = std::max<double>(size.width(), size.height() * aspect);
    std::vector<Tile> tiles{{QRectF(0, 0, fullWidth, fullWidth / aspect), 0, 0.0}};
    const double s0 = d->input.width / fullWidth;
    const double finest =
        std::min(d->settings.tileFacePixels / std::max(minFacePixels, 1.0), std::max(s0, 2.0));
    if (finest <= s0 * 1.2)
        return tiles;
    const int levels = int(std::ceil(std::log(finest / s0) / std::log(d->settings.levelStep)));
    const double ratio = std::pow(finest / s0, 1.0 / levels);
    for (int k = 1; k <= levels; ++k) {
        const double s = s0 * std::pow(ratio, k);
        const double overlap =
            std::min(d->settings.tileFacePixels * ratio * kOverlapMargin, d->input.height * 0.5);
        const double tw = d->input.width / s, th = d->input.height / s;
        for (double y : tileStarts(size.height(), th, overlap / s)) {
            for (double x : tileStarts(size.width(), tw, overlap / s))
                tiles.push_back({QRectF(x, y, tw, th), k, overlap});
        }
    }
    return tiles;
}

std::vector<FaceDetector::Detection> FaceDetector::detect(const QImage& rgb, double minFacePixels)
{
    d->tileCount = 0;
    if (rgb.isNull())
        return {};
    const cv::Mat image(rgb.height(), rgb.width(), CV_8UC3, const_cast<uchar*>(rgb.constBits()),
                        size_t(rgb.bytesPerLine()));
    const std::vector<Tile> tiles = planTiles(rgb.size(), minFacePixels);
    std::vector<Detection> candidates;
    Impl::Level level;
    for (const Tile& tile : tiles) {
        if (level.image.empty() || tile.level != level.index)
            level = d->makeLevel(image, tile);
        d->runTile(level, tile, candidates);
        ++d->tileCount;
    }
    return d->suppress(std::move(candidates));
}

FaceDetector::Impl::Level FaceDetector::Impl::makeLevel(const cv::Mat& image,
                                                        const Tile& tile) const
{
    const double s = levelScale(tile);
    const cv::Size size(std::max(1, int(std::lround(image.cols * s))),
                        std::max(1, int(std::lround(image.rows * s))));
    Level level;
    cv::resize(image, level.image, size, 0, 0, s < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
    level.sx = double(size.width) / image.cols;
    level.sy = double(size.height) / image.rows;
    level.maxFace = tile.maxFace;
    level.index = tile.level;
    return level;
}

// The model input for `rect` (image pixels): the level's pixels, padded with mid-grey (the
// value the normalisation maps to zero) where the tile reaches past the image.
cv::Mat FaceDetector::Impl::tileInput(const Level& level, const QRectF& rect,
                                      cv::Point& origin) const
{
    origin =
        cv::Point(int(std::lround(rect.x() * level.sx)), int(std::lround(rect.y() * level.sy)));
    const cv::Rect wanted(origin, input);
    const cv::Rect inside = wanted & cv::Rect(0, 0, level.image.cols, level.image.rows);
    if (inside == wanted)
        return level.image(wanted);
    cv::Mat padded(input, CV_8UC3, cv::Scalar::all(mean));
    level.image(inside).copyTo(padded(inside - origin));
    return padded;
}

void FaceDetector::Impl::runTile(const Level& level, const Tile& tile, std::vector<Detection>& out)
{
    cv::Point origin;
    const cv::Mat pixels = tileInput(level, tile.rect, origin);
    net.setInput(cv::dnn::blobFromImage(pixels, scale, cv::Size(), cv::Scalar::all(mean), swapRB));
    std::vector<cv::Mat> blobs;
    net.forward(blobs, outputs);
    const int anchors = int(blobs[1].total() / 2);
    const float* boxes = blobs[0].ptr<float>();
    const float* scores = blobs[1].ptr<float>();
    std::vector<Detection> found;
    for (int i = 0; i < anchors; ++i) {
        const float score = scores[2 * i + 1];
        const float* b = boxes + 4 * i;
        const cv::Rect2f box(b[0] * input.width, b[1] * input.height, (b[2] - b[0]) * input.width,
                             (b[3] - b[1]) * input.height);
        if (!accept(level, origin, box, score))
            continue;
        found.push_back({QRectF((origin.x + box.x) / level.sx, (origin.y + box.y) / level.sy,
                                box.width / level.sx, box.height / level.sy),
                         score, tile.level});
    }
    found = suppress(std::move(found));
    out.insert(out.end(), found.begin(), found.end());
}

// `box` in model pixels of the tile at `origin` (level pixels). On finer levels a box must
// not touch a tile edge inside the image (the neighbour tile sees the whole face) and must
// not be larger than the faces this level is responsible for.
bool FaceDetector::Impl::accept(const Level& level, const cv::Point& origin, const cv::Rect2f& box,
                                float score) const
{
    if (box.width <= 0 || box.height <= 0)
        return false;
    if (level.index == 0)
        return score >= settings.scoreThreshold;
    if (score < settings.tileScoreThreshold || std::max(box.width, box.height) > level.maxFace)
        return false;
    const float margin = 1.0f;
    const bool cutLeft = origin.x > 0 && box.x < margin;
    const bool cutTop = origin.y > 0 && box.y < margin;
    const bool cutRight =
        origin.x + input.width < level.image.cols && box.br().x > input.width - margin;
    const bool cutBottom =
        origin.y + input.height < level.image.rows && box.br().y > input.height - margin;
    return !(cutLeft || cutTop || cutRight || cutBottom);
}

std::vector<FaceDetector::Detection>
FaceDetector::Impl::suppress(std::vector<Detection> candidates) const
{
    std::sort(candidates.begin(), candidates.end(),
              [](const Detection& a, const Detection& b) { return a.score > b.score; });
    std::vector<Detection> kept;
    for (const Detection& c : candidates) {
        const bool duplicate = std::any_of(kept.begin(), kept.end(), [&](const Detection& k) {
            return iou(k.box, c.box) > settings.nmsThreshold ||
                   containment(k.box, c.box) > settings.containmentThreshold;
        });
        if (!duplicate)
            kept.push_back(c);
    }
    return kept;
}

} // namespace lookalike
