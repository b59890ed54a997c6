#include "gatesamples.h"

#include "imageloader.h"
#include "modelregistry.h"
#include "threadbudget.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTransform>
#include <mutex>
#include <thread>

namespace lookalike {

namespace {

const QStringList kVariants = {QStringLiteral("mirror"), QStringLiteral("rot15"),
                               QStringLiteral("rot-15"), QStringLiteral("small"),
                               QStringLiteral("dark"),   QStringLiteral("blur")};

// Much harder copies, for --hard-copies: faces as blurred as a crowd's, darker, smaller.
const QStringList kHardVariants = {QStringLiteral("blur2"), QStringLiteral("darkblur"),
                                   QStringLiteral("smallblur")};

unsigned char firstHashByte(const QString& text)
{
    return uchar(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha1).at(0));
}

// Image files under `folder`, sorted, relative to it.
QStringList imagesUnder(const QString& folder)
{
    QStringList out;
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (ImageLoader::looksLikeImage(path))
            out << QDir(folder).relativeFilePath(path);
    }
    out.sort();
    return out;
}

void addSet(std::vector<GateSamples::Photo>& out, const QString& set, const QString& folder,
            const QStringList& relatives, bool training, bool hardOnly = false)
{
    for (const QString& relative : relatives) {
        GateSamples::Photo photo{set,
                                 QDir(folder).filePath(relative),
                                 relative,
                                 GateSamples::heldOut(set, relative),
                                 {}};
        if (hardOnly) {
            if (!photo.heldOut) {
                photo.variant = kHardVariants[firstHashByte(relative) % kHardVariants.size()];
                out.push_back(photo);
            }
            continue;
        }
        out.push_back(photo);
        if (!training || photo.heldOut)
            continue;
        if (set == QLatin1String("noface")) {
            for (const QString& variant : kVariants) {
                photo.variant = variant;
                out.push_back(photo);
            }
        } else if (set == QLatin1String("lfw")) {
            photo.variant = kVariants[firstHashByte(relative) % kVariants.size()];
            out.push_back(photo);
        }
    }
}

// A harder copy of the photo for training: the gate must not learn that faces are sharp,
// bright, upright and large.
LoadedImage variantOf(const LoadedImage& in, const QString& variant)
{
    QImage image = in.image.convertToFormat(QImage::Format_RGB888);
    const QSize size = image.size();
    if (variant == QLatin1String("mirror")) {
        image = image.mirrored(true, false);
    } else if (variant.startsWith(QLatin1String("rot"))) {
        const double degrees = variant.mid(3).toDouble();
        image = image.transformed(QTransform().rotate(degrees), Qt::SmoothTransformation);
    } else if (variant == QLatin1String("small")) {
        image = image.scaled(size / 2, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    } else if (variant == QLatin1String("blur") || variant == QLatin1String("blur2") ||
               variant == QLatin1String("darkblur") || variant == QLatin1String("smallblur")) {
        const double k = variant == QLatin1String("blur2") ? 0.15 : 0.3;
        const QSize to = variant == QLatin1String("smallblur") ? size * 0.6 : size;
        image = image.scaled(size * k, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
                    .scaled(to, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    }
    if (variant == QLatin1String("dark") || variant == QLatin1String("darkblur")) {
        image = image.convertToFormat(QImage::Format_RGB888);
        for (int y = 0; y < image.height(); ++y) {
            uchar* line = image.scanLine(y);
            for (int x = 0; x < image.width() * 3; ++x)
                line[x] = uchar(line[x] * 2 / 5);
        }
    }
    LoadedImage out;
    out.image = image.convertToFormat(QImage::Format_RGB888);
    out.fullSize = out.image.size();
    out.format = in.format;
    return out;
}

// The LFW main face: the largest detection whose box holds the photo's centre.
void markMain(std::vector<GateSamples::Detection>& found)
{
    for (GateSamples::Detection& d : found)
        if (d.face.box.contains(QPointF(0.5, 0.5))) {
            d.main = true; // largest first
            return;
        }
}

} // namespace

bool GateSamples::heldOut(const QString& set, const QString& relative)
{
    if (set == QLatin1String("noface"))
        return firstHashByte(relative) % 2 == 0;
    if (set == QLatin1String("lfw"))
        return firstHashByte(relative.section(QLatin1Char('/'), 0, 0)) % 4 == 0;
    return true;
}

std::vector<GateSamples::Photo> GateSamples::hardCopies(const QString& dataDir, int lfwLimit)
{
    std::vector<Photo> out;
    const QString lfw = QDir(dataDir).filePath(QStringLiteral("faces/lfw-devtrain/images"));
    QStringList photos = imagesUnder(lfw);
    if (lfwLimit > 0 && lfwLimit < photos.size()) {
        QStringList spread;
        for (int i = 0; i < lfwLimit; ++i)
            spread << photos[int(qint64(i) * photos.size() / lfwLimit)];
        photos = spread;
    }
    addSet(out, QStringLiteral("lfw"), lfw, photos, true, true);
    return out;
}

std::vector<GateSamples::Photo> GateSamples::list(const QString& dataDir, int lfwLimit,
                                                  bool training)
{
    std::vector<Photo> out;
    const QDir data(dataDir);
    const QString noface = data.filePath(QStringLiteral("images/noface-dev"));
    addSet(out, QStringLiteral("noface"), noface, imagesUnder(noface), training);
    const QString lfw = data.filePath(QStringLiteral("faces/lfw-devtrain/images"));
    QStringList lfwPhotos = imagesUnder(lfw);
    if (lfwLimit > 0 && lfwLimit < lfwPhotos.size()) {
        QStringList spread;
        for (int i = 0; i < lfwLimit; ++i)
            spread << lfwPhotos[int(qint64(i) * lfwPhotos.size() / lfwLimit)];
        lfwPhotos = spread;
    }
    addSet(out, QStringLiteral("lfw"), lfw, lfwPhotos, training);
    for (const char* folder : {"tricky/multiface", "faces/bbt", "faces/deepface/tests/unit/dataset",
                               "faces/face_recognition"}) {
        const QString path = data.filePath(QLatin1String(folder));
        QStringList relatives;
        for (const QString& r : imagesUnder(path))
            relatives << QLatin1String(folder) + QLatin1Char('/') + r;
        addSet(out, QStringLiteral("crowds"), dataDir, relatives, false);
    }
    const QString wallpapers = QStringLiteral("/usr/share/backgrounds");
    addSet(out, QStringLiteral("wallpaper"), wallpapers, imagesUnder(wallpapers), false);
    return out;
}

Expected<GateSamples> GateSamples::collect(const ModelRegistry& registry, std::vector<Photo> photos,
                                           const Options& options)
{
    QElapsedTimer clock;
    clock.start();
    const int threads = std::max(1, options.threads);
    ThreadBudget::forWorkers(threads);
    std::vector<std::unique_ptr<FacePipeline>> pipelines;
    for (int i = 0; i < threads; ++i) {
        auto pipeline = FacePipeline::create(registry, options.pipeline);
        if (!pipeline)
            return Error{pipeline.error()};
        pipelines.push_back(std::move(*pipeline));
    }
    GateSamples out;
    out.photos = std::move(photos);
    const size_t n = out.photos.size();
    std::vector<std::vector<Detection>> found(n);
    out.sizes.assign(n, QSizeF());
    std::vector<char> failed(n, 0);
    std::atomic<size_t> next{0};
    std::atomic<int> done{0};
    auto work = [&](FacePipeline* pipeline) {
        for (size_t i = next++; i < n; i = next++) {
            if (options.cancel && *options.cancel)
                return;
            const Photo& photo = out.photos[i];
            auto loaded = ImageLoader::load(photo.path);
            if (loaded && !photo.variant.isEmpty())
                *loaded = variantOf(*loaded, photo.variant);
            auto faces = loaded ? pipeline->process(*loaded)
                                : Expected<std::vector<DetectedFace>>(Error{loaded.error()});
            if (!faces) {
                failed[i] = 1;
            } else {
                out.sizes[i] = QSizeF(loaded->fullSize);
                for (DetectedFace& face : *faces)
                    found[i].push_back({int(i), false, std::move(face), {}});
                if (photo.set == QLatin1String("lfw"))
                    markMain(found[i]);
            }
            if (options.progress)
                options.progress(++done, int(n));
        }
    };
    std::vector<std::thread> workers;
    for (auto& pipeline : pipelines)
        workers.emplace_back(work, pipeline.get());
    for (std::thread& t : workers)
        t.join();
    for (size_t i = 0; i < n; ++i) {
        if (failed[i])
            out.failed.push_back(int(i));
        for (Detection& d : found[i])
            out.detections.push_back(std::move(d));
    }
    // What the gate reads, once the detections no longer move (the input points into them).
    for (Detection& d : out.detections)
        d.input = pipelines.front()->gateInput(d.face, out.sizes[size_t(d.photo)]);
    out.seconds = clock.elapsed() / 1000.0;
    return out;
}

} // namespace lookalike
