#include "photovariants.h"
#include <QBuffer>
#include <QImageWriter>
#include <QTransform>
#include "xmpregions.h"
#include <exiv2/exiv2.hpp>
#include <algorithm>
#include <cmath>

namespace lookalike {

QByteArray PhotoVariants::encode(const QImage& image, const char* format, int quality)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    if (quality >= 0)
        writer.setQuality(quality);
    writer.write(image);
    return bytes;
}

QByteArray PhotoVariants::withOrientation(const QByteArray& jpeg, int orientation)
{
    XmpRegions::initialiseExiv2();
    try {
        auto image = Exiv2::ImageFactory::open(reinterpret_cast<const Exiv2::byte*>(jpeg.constData()),
                                               long(jpeg.size()));
        image->readMetadata();
        Exiv2::ExifData exif = image->exifData();
        exif["Exif.Image.Orientation"] = uint16_t(orientation);
        image->setExifData(exif);
        image->writeMetadata();
        Exiv2::BasicIo& io = image->io();
        io.seek(0, Exiv2::BasicIo::beg);
        QByteArray out(qsizetype(io.size()), Qt::Uninitialized);
        io.read(reinterpret_cast<Exiv2::byte*>(out.data()), long(out.size()));
        return out;
    } catch (const Exiv2::AnyError&) {
        return {};
    }
}

QImage PhotoVariants::adjusted(const QImage& image, double brightness, double contrast)
{
    QImage out = image.convertToFormat(QImage::Format_RGB888);
    for (int y = 0; y < out.height(); ++y) {
        uchar* row = out.scanLine(y);
        for (int x = 0; x < out.width() * 3; ++x) {
            const double v = (row[x] - 127.5) * (1.0 + contrast) + 127.5 + brightness * 255.0;
            row[x] = uchar(std::clamp(std::lround(v), 0L, 255L));
        }
    }
    return out;
}

QImage PhotoVariants::stamped(const QImage& image)
{
    // Text-like strokes (no box behind them): white letters of 1-2 px strokes over a line
    // about 25% wide and 4% high in the bottom-right corner.
    QImage out = image.convertToFormat(QImage::Format_RGB888);
    const int w = std::max(8, out.width() / 4), h = std::max(5, out.height() * 4 / 100);
    const int x0 = out.width() - w - out.width() / 40, y0 = out.height() - h - out.height() / 40;
    for (int y = y0; y < y0 + h; ++y) {
        uchar* row = out.scanLine(y);
        for (int x = x0; x < x0 + w; ++x) {
            const int cx = (x - x0) % 6, cy = y - y0;
            const bool stroke = cx == 0 || (cx < 4 && (cy == 0 || cy == h / 2 || cy == h - 1));
            if (stroke && (x - x0) % 24 < 20) // letters, then a space
                row[3 * x] = row[3 * x + 1] = row[3 * x + 2] = 250;
        }
    }
    return out;
}

std::vector<PhotoVariant> PhotoVariants::make(const QImage& photo)
{
    const QImage rgb = photo.convertToFormat(QImage::Format_RGB888);
    std::vector<PhotoVariant> out;
    auto addEncoded = [&](const QString& name, const QImage& pixels, const char* format, int quality) {
        PhotoVariant v{name, {}, encode(pixels, format, quality), QString::fromLatin1(format)};
        v.image = QImage::fromData(v.file).convertToFormat(QImage::Format_RGB888);
        out.push_back(std::move(v));
    };
    const int w = rgb.width(), h = rgb.height();
    addEncoded(QStringLiteral("half"), rgb.scaled(w / 2, h / 2, Qt::IgnoreAspectRatio, Qt::SmoothTransformation), "jpg", 90);
    addEncoded(QStringLiteral("quarter"), rgb.scaled(w / 4, h / 4, Qt::IgnoreAspectRatio, Qt::SmoothTransformation), "jpg", 90);
    for (int q : {30, 50, 75, 95})
        addEncoded(QStringLiteral("jpeg%1").arg(q), rgb, "jpg", q);
    addEncoded(QStringLiteral("png"), rgb, "png", -1);
    if (!encode(rgb, "webp").isEmpty())
        addEncoded(QStringLiteral("webp"), rgb, "webp", 80);
    addEncoded(QStringLiteral("crop5"), rgb.copy(w / 40, h / 40, w - w / 20, h - h / 20), "jpg", 90);
    addEncoded(QStringLiteral("crop10"), rgb.copy(w / 20, h / 20, w - w / 10, h - h / 10), "jpg", 90);
    addEncoded(QStringLiteral("crop10side"), rgb.copy(w / 10, 0, w - w / 10, h), "jpg", 90);
    addEncoded(QStringLiteral("brighter15"), adjusted(rgb, 0.15, 0), "jpg", 90);
    addEncoded(QStringLiteral("darker15"), adjusted(rgb, -0.15, 0), "jpg", 90);
    addEncoded(QStringLiteral("contrast+15"), adjusted(rgb, 0, 0.15), "jpg", 90);
    addEncoded(QStringLiteral("contrast-15"), adjusted(rgb, 0, -0.15), "jpg", 90);
    addEncoded(QStringLiteral("stamp"), stamped(rgb), "jpg", 90);
    // Orientation 6: the stored pixels are shown turned 90 degrees clockwise.
    const QByteArray turned = withOrientation(
        encode(rgb.transformed(QTransform().rotate(-90)), "jpg", 90), 6);
    if (!turned.isEmpty())
        out.push_back({QStringLiteral("exif6"), rgb, turned, QStringLiteral("jpg")});
    return out;
}

} // namespace lookalike
