#include "thumbnailjob.h"
#include "imageloader.h"
#include "photocatalog.h"
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QImageReader>
#include <QPainter>
#include <QSaveFile>
#include <algorithm>
#include <cmath>

namespace lookalike::ui {

namespace {

// The working size to decode a photo at so that every wanted face is at least ~1.5x the
// disk thumbnail; small photos are decoded at full size.
int workingSideFor(const std::vector<const FaceRecord*>& faces)
{
    double side = 512;
    for (const FaceRecord* f : faces) {
        const double longSide = std::max(f->imageWidth, f->imageHeight);
        if (longSide <= 0 || f->box.width() <= 0)
            return 0;
        const double facePx = f->box.width() * f->imageWidth;
        side = std::max(side, longSide * std::min(1.0, 1.5 * ThumbnailJob::kDiskSide / facePx));
    }
    return int(std::ceil(side));
}

QImage readDisk(const QString& path)
{
    QImageReader reader(path);
    return reader.read();
}

void writeDisk(const QString& path, const QImage& image)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && image.save(&file, "JPG", 90))
        file.commit();
}

QImage scaled(const QImage& image, int side)
{
    if (image.isNull() || image.width() == side)
        return image;
    return image.scaled(side, side, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

// A whole photo's thumbnail at `side` px on its long side (never enlarged).
QImage fitted(const QImage& image, int side)
{
    if (image.isNull() || std::max(image.width(), image.height()) <= side)
        return image;
    return image.scaled(side, side, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

QString cacheFile(const QString& diskDir, const QString& key)
{
    const QString hex = QString::fromLatin1(
        QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1).toHex());
    return diskDir + QLatin1Char('/') + hex.left(2) + QLatin1Char('/') + hex +
           QStringLiteral(".jpg");
}

} // namespace

QString ThumbnailJob::photoDiskPath(const QString& diskDir, const QString& path, qint64 fileSize,
                                    qint64 mtimeMs)
{
    return cacheFile(diskDir,
                     QStringLiteral("photo-v1|%1|%2|%3").arg(path).arg(fileSize).arg(mtimeMs));
}

QString ThumbnailJob::diskPath(const QString& diskDir, const FaceRecord& face, qint64 fileSize,
                               qint64 mtimeMs)
{
    const QString key = QStringLiteral("v1|%1|%2|%3|%4|%5,%6,%7,%8")
                            .arg(face.path)
                            .arg(fileSize)
                            .arg(mtimeMs)
                            .arg(face.id)
                            .arg(face.box.x(), 0, 'f', 5)
                            .arg(face.box.y(), 0, 'f', 5)
                            .arg(face.box.width(), 0, 'f', 5)
                            .arg(face.box.height(), 0, 'f', 5);
    return cacheFile(diskDir, key);
}

QImage ThumbnailJob::render(const QImage& photo, const FaceRecord& face,
                            const std::optional<FaceAligner>& aligner)
{
    QImage out(kDiskSide, kDiskSide, QImage::Format_RGB32);
    out.fill(QColor(40, 40, 40));
    QPainter painter(&out);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    const double w = photo.width(), h = photo.height();
    const bool hasLandmarks = face.landmarks[30] != QPointF();
    if (aligner && hasLandmarks) {
        FaceAligner::Points points;
        for (size_t i = 0; i < points.size(); ++i)
            points[i] = QPointF(face.landmarks[i].x() * w, face.landmarks[i].y() * h);
        const QSize crop = aligner->outputSize();
        painter.setTransform(aligner->transformFor(points) *
                             QTransform::fromScale(double(kDiskSide) / crop.width(),
                                                   double(kDiskSide) / crop.height()));
    } else {
        // No alignment: the detector box grown by 20%, square.
        const QRectF box(face.box.x() * w, face.box.y() * h, face.box.width() * w,
                         face.box.height() * h);
        const double side = std::max(box.width(), box.height()) * 1.2;
        const QRectF square(box.center() - QPointF(side / 2, side / 2), QSizeF(side, side));
        painter.setTransform(QTransform::fromTranslate(-square.x(), -square.y()) *
                             QTransform::fromScale(kDiskSide / side, kDiskSide / side));
    }
    painter.drawImage(QPointF(0, 0), photo);
    return out;
}

std::vector<ThumbnailResult> ThumbnailJob::runPhotos(const Params& params,
                                                     const std::vector<qint64>& ids)
{
    std::vector<ThumbnailResult> out;
    auto library = Library::open(params.libraryPath, Library::Mode::ReadOnly);
    if (!library) {
        for (qint64 id : ids)
            out.push_back({id, {}, false, library.error()});
        return out;
    }
    const std::vector<PhotoInfo> photos = PhotoCatalog::photos(**library, ids);
    for (const PhotoInfo& photo : photos) {
        const QFileInfo info(photo.path);
        const QString cached =
            params.diskDir.isEmpty()
                ? QString()
                : photoDiskPath(params.diskDir, photo.path, info.size(),
                                info.lastModified().toMSecsSinceEpoch());
        if (!cached.isEmpty())
            if (const QImage image = readDisk(cached); !image.isNull()) {
                out.push_back({photo.id, fitted(image, params.side), true, {}});
                continue;
            }
        ImageLoader::Options options;
        options.workingMaxSide = 2 * kDiskSide; // decoded reduced, then scaled smoothly
        auto decoded = ImageLoader::load(photo.path, options);
        if (!decoded) {
            out.push_back({photo.id, {}, false, decoded.error()});
            continue;
        }
        const QImage image = fitted(decoded->image, kDiskSide);
        if (!cached.isEmpty())
            writeDisk(cached, image);
        out.push_back({photo.id, fitted(image, params.side), false, {}});
    }
    for (qint64 id : ids)
        if (std::none_of(out.begin(), out.end(), [id](const auto& r) { return r.faceId == id; }))
            out.push_back({id, {}, false, QStringLiteral("no photo %1 in the library").arg(id)});
    return out;
}

std::vector<ThumbnailResult> ThumbnailJob::run(const Params& params, const std::vector<qint64>& ids)
{
    if (params.photos)
        return runPhotos(params, ids);
    std::vector<ThumbnailResult> out;
    auto fail = [&out](qint64 id, const QString& error) { out.push_back({id, {}, false, error}); };
    auto library = Library::open(params.libraryPath, Library::Mode::ReadOnly);
    if (!library) {
        for (qint64 id : ids)
            fail(id, library.error());
        return out;
    }
    const std::vector<FaceRecord> faces = (*library)->faces(ids);
    QHash<QString, std::vector<const FaceRecord*>> byPhoto; // decode each photo once
    QStringList order;
    for (const FaceRecord& face : faces) {
        const QFileInfo info(face.path);
        const QString cached = params.diskDir.isEmpty()
                                   ? QString()
                                   : diskPath(params.diskDir, face, info.size(),
                                              info.lastModified().toMSecsSinceEpoch());
        if (!cached.isEmpty()) {
            const QImage image = readDisk(cached);
            if (!image.isNull()) {
                out.push_back({face.id, scaled(image, params.side), true, {}});
                continue;
            }
        }
        if (!byPhoto.contains(face.path))
            order << face.path;
        byPhoto[face.path].push_back(&face);
    }
    for (const QString& path : order) {
        const std::vector<const FaceRecord*>& group = byPhoto[path];
        ImageLoader::Options options;
        options.workingMaxSide = workingSideFor(group);
        auto photo = ImageLoader::load(path, options);
        for (const FaceRecord* face : group) {
            if (!photo) {
                fail(face->id, photo.error());
                continue;
            }
            const QImage image = render(photo->image, *face, params.aligner);
            if (!params.diskDir.isEmpty()) {
                const QFileInfo info(path);
                writeDisk(diskPath(params.diskDir, *face, info.size(),
                                   info.lastModified().toMSecsSinceEpoch()),
                          image);
            }
            out.push_back({face->id, scaled(image, params.side), false, {}});
        }
    }
    for (qint64 id : ids) {
        if (std::none_of(out.begin(), out.end(), [id](const auto& r) { return r.faceId == id; }))
            fail(id, QStringLiteral("no face %1 in the library").arg(id));
    }
    return out;
}

} // namespace lookalike::ui
