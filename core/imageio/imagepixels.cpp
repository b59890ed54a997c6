#include "imagepixels.h"

#include <QTransform>
#include <algorithm>

namespace lookalike {
namespace {

// Over white, not dropped: pixels under full transparency hold arbitrary colours (often
// black), which would give the detector false edges around cut-out portraits.
QImage compositeOverWhite(const QImage& image)
{
    const QImage premultiplied = image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    QImage out(image.size(), QImage::Format_RGB888);
    if (premultiplied.isNull() || out.isNull())
        return {};
    for (int y = 0; y < out.height(); ++y) {
        const auto* src = reinterpret_cast<const QRgb*>(premultiplied.constScanLine(y));
        uchar* dst = out.scanLine(y);
        for (int x = 0; x < out.width(); ++x, dst += 3) {
            const int white = 255 - qAlpha(src[x]);
            dst[0] = uchar(qRed(src[x]) + white);
            dst[1] = uchar(qGreen(src[x]) + white);
            dst[2] = uchar(qBlue(src[x]) + white);
        }
    }
    return out;
}

} // namespace

QImage ImagePixels::toRgb888(const QImage& image)
{
    if (image.isNull() || image.format() == QImage::Format_RGB888)
        return image;
    if (image.hasAlphaChannel())
        return compositeOverWhite(image);
    return image.convertToFormat(QImage::Format_RGB888);
}

QSize ImagePixels::reducedSize(const QSize& stored, int maxSide)
{
    const int longSide = std::max(stored.width(), stored.height());
    if (maxSide <= 0 || longSide <= maxSide)
        return stored;
    const double f = double(maxSide) / longSide;
    return {std::max(1, qRound(stored.width() * f)), std::max(1, qRound(stored.height() * f))};
}

QImage ImagePixels::reduced(const QImage& image, int maxSide)
{
    const QSize target = reducedSize(image.size(), maxSide);
    if (image.isNull() || target == image.size())
        return image;
    return image.scaled(target, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

QImage ImagePixels::oriented(const QImage& image, int exifOrientation)
{
    // EXIF 1..8: 2 mirror, 3 rotate 180, 4 flip, 5 transpose, 6 rotate 90 clockwise,
    // 7 transverse, 8 rotate 90 counter-clockwise.
    switch (exifOrientation) {
    case 2:
        return image.mirrored(true, false);
    case 3:
        return image.mirrored(true, true);
    case 4:
        return image.mirrored(false, true);
    case 5:
        return image.transformed(QTransform().rotate(90)).mirrored(true, false);
    case 6:
        return image.transformed(QTransform().rotate(90));
    case 7:
        return image.transformed(QTransform().rotate(-90)).mirrored(true, false);
    case 8:
        return image.transformed(QTransform().rotate(-90));
    default:
        return image;
    }
}

QString ImagePixels::megapixels(qint64 pixels)
{
    const double mp = pixels / 1e6;
    return mp >= 100 ? QString::number(mp, 'f', 0) : QString::number(mp, 'g', 3);
}

QString ImagePixels::sizeRefusal(const QSize& declared, qint64 maxPixels)
{
    const qint64 pixels = qint64(declared.width()) * declared.height();
    if (pixels <= maxPixels)
        return {};
    return QStringLiteral("declared size %1x%2 (%3 MP) exceeds the %4 MP limit")
        .arg(declared.width())
        .arg(declared.height())
        .arg(megapixels(pixels), megapixels(maxPixels));
}

Expected<LoadedImage> ImagePixels::fromFull(const QImage& full, const QString& format,
                                            const QString& warning, const QString& name,
                                            int workingMaxSide, std::function<QImage()> decodeAgain)
{
    LoadedImage loaded;
    loaded.format = format;
    loaded.warning = warning;
    loaded.fullSize = full.size();
    loaded.image = reduced(full, workingMaxSide);
    if (loaded.image.isNull())
        return failure(name, QStringLiteral("not enough memory to reduce the image"));
    loaded.scale = double(loaded.image.width()) / loaded.fullSize.width();
    if (loaded.image.size() == loaded.fullSize)
        loaded.fullResolution = [image = loaded.image] { return image; };
    else
        loaded.fullResolution = std::move(decodeAgain);
    return loaded;
}

} // namespace lookalike
