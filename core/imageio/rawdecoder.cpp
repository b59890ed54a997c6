#include "rawdecoder.h"
#include "imageformat.h"
#include "imageloader.h"
#include "imagepixels.h"

#include <QStringList>
#include <libraw/libraw.h>
#include <memory>

namespace lookalike {
namespace {

struct ProcessedFree {
    void operator()(libraw_processed_image_t* p) const { LibRaw::dcraw_clear_mem(p); }
};
using Processed = std::unique_ptr<libraw_processed_image_t, ProcessedFree>;

// LibRaw's flip (dcraw's code) as an EXIF orientation.
int exifOrientation(int flip)
{
    static constexpr int fromFlip[8] = {1, 2, 4, 3, 5, 8, 6, 7};
    return flip >= 0 && flip < 8 ? fromFlip[flip] : 1;
}

// LibRaw reports damaged data through a callback (by default it prints to stderr).
struct DataErrors {
    QStringList messages;
    static void collect(void* self, const char*, const int offset)
    {
        auto* errors = static_cast<DataErrors*>(self);
        if (errors->messages.size() < 5)
            errors->messages << (offset < 0
                                     ? QStringLiteral("unexpected end of file")
                                     : QStringLiteral("corrupt data near byte %1").arg(offset));
    }
};

QString librawReason(int code)
{
    return QString::fromUtf8(libraw_strerror(code)).toLower();
}

// A LibRaw bitmap (8-bit RGB or grey) as an RGB888 QImage.
QImage bitmap(const libraw_processed_image_t& p)
{
    if (p.type != LIBRAW_IMAGE_BITMAP || p.bits != 8 || (p.colors != 3 && p.colors != 1))
        return {};
    const int bytesPerLine = p.width * p.colors;
    if (qint64(bytesPerLine) * p.height > qint64(p.data_size))
        return {};
    const QImage view(p.data, p.width, p.height, bytesPerLine,
                      p.colors == 3 ? QImage::Format_RGB888 : QImage::Format_Grayscale8);
    return ImagePixels::toRgb888(view).copy();
}

struct Decoded {
    QImage image; // upright, full size of what was decoded
    QString warning;
};

Expected<QImage> preview(LibRaw& raw, const QString& name, int orientation)
{
    if (const int rc = raw.unpack_thumb(); rc != LIBRAW_SUCCESS)
        return Error{QStringLiteral("embedded preview unreadable: %1").arg(librawReason(rc))};
    int rc = LIBRAW_SUCCESS;
    Processed thumb(raw.dcraw_make_mem_thumb(&rc));
    if (!thumb)
        return Error{QStringLiteral("embedded preview unreadable: %1").arg(librawReason(rc))};
    QImage image;
    if (thumb->type == LIBRAW_IMAGE_JPEG) {
        const QByteArray jpeg(reinterpret_cast<const char*>(thumb->data), thumb->data_size);
        ImageLoader::Options options;
        options.workingMaxSide = 0;
        auto decoded = ImageLoader::decodeEmbedded(jpeg, name, options);
        if (!decoded)
            return Error{QStringLiteral("embedded preview unreadable: %1").arg(decoded.error())};
        image = decoded->image;
    } else {
        image = bitmap(*thumb);
    }
    if (image.isNull())
        return Error{QStringLiteral("embedded preview in an unsupported form")};
    return ImagePixels::oriented(image, orientation);
}

Expected<QImage> halfSize(LibRaw& raw, const QString& what, const DataErrors& errors)
{
    raw.imgdata.params.half_size = 1;
    raw.imgdata.params.use_camera_wb = 1;
    raw.imgdata.params.output_bps = 8;
    int rc = raw.unpack();
    if (rc == LIBRAW_SUCCESS)
        rc = raw.dcraw_process();
    if (rc != LIBRAW_SUCCESS)
        return Error{QStringLiteral("could not decode the %1 sensor data: %2")
                         .arg(what, errors.messages.isEmpty() ? librawReason(rc)
                                                              : errors.messages.join(u"; "))};
    Processed image(raw.dcraw_make_mem_image(&rc));
    if (!image)
        return Error{
            QStringLiteral("could not convert the %1 image: %2").arg(what, librawReason(rc))};
    QImage out = bitmap(*image); // LibRaw has applied the orientation
    if (out.isNull())
        return Error{QStringLiteral("not enough memory for the %1 image").arg(what)};
    return out;
}

Expected<Decoded> decodeRaw(const QByteArray& bytes, const QString& format, const QString& name,
                            qint64 maxPixels, RawDecoder::Path path)
{
    const QString what = ImageFormat::displayName(format);
    auto raw = std::make_unique<LibRaw>();
    DataErrors errors;
    raw->set_dataerror_handler(&DataErrors::collect, &errors);
    // Caps what LibRaw allocates for the sensor data: 8 bytes per pixel covers 4-colour
    // layouts; the declared size is checked below before anything is unpacked.
    raw->imgdata.params.max_raw_memory_mb =
        unsigned(std::clamp<qint64>((maxPixels * 8 >> 20) + 1, 64, 4096));
    int rc = raw->open_buffer(const_cast<char*>(bytes.constData()), size_t(bytes.size()));
    if (rc != LIBRAW_SUCCESS)
        return Error{QStringLiteral("not a readable %1 file: %2").arg(what, librawReason(rc))};
    const libraw_image_sizes_t& sizes = raw->imgdata.sizes;
    const QSize sensor(sizes.raw_width, sizes.raw_height);
    if (const QString refusal = ImagePixels::sizeRefusal(sensor, maxPixels); !refusal.isEmpty())
        return Error{refusal};
    const int orientation = exifOrientation(sizes.flip);
    const libraw_thumbnail_t& thumb = raw->imgdata.thumbnail;
    const bool previewLargeEnough =
        std::max(thumb.twidth, thumb.theight) >= RawDecoder::kMinPreviewSide;
    Decoded out;
    if (path == RawDecoder::Path::Preview ||
        (path == RawDecoder::Path::Auto && previewLargeEnough)) {
        if (const QString refusal =
                ImagePixels::sizeRefusal(QSize(thumb.twidth, thumb.theight), maxPixels);
            !refusal.isEmpty())
            return Error{QStringLiteral("embedded preview: %1").arg(refusal)};
        auto image = preview(*raw, name, orientation);
        if (image) {
            out.image = *image;
            return out;
        }
        if (path == RawDecoder::Path::Preview)
            return Error{image.error()};
        out.warning = image.error() + QStringLiteral("; decoded the sensor data instead");
    }
    auto image = halfSize(*raw, what, errors);
    if (!image)
        return Error{image.error()};
    out.image = *image;
    if (!errors.messages.isEmpty() && out.warning.isEmpty())
        out.warning = QStringLiteral("damaged %1 data (%2): parts of the image may be wrong")
                          .arg(what, errors.messages.join(u"; "));
    return out;
}

} // namespace

Expected<LoadedImage> RawDecoder::decode(const QByteArray& bytes, const QString& format,
                                         const QString& name, qint64 maxPixels, int workingMaxSide,
                                         Path path)
{
    auto decoded = decodeRaw(bytes, format, name, maxPixels, path);
    if (!decoded)
        return ImagePixels::failure(name, decoded.error());
    return ImagePixels::fromFull(decoded->image, format, decoded->warning, name, workingMaxSide,
                                 [bytes, format, name, maxPixels, path] {
                                     auto again = decodeRaw(bytes, format, name, maxPixels, path);
                                     return again ? again->image : QImage();
                                 });
}

} // namespace lookalike
