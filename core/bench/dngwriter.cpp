#include "dngwriter.h"
#include "imagepixels.h"

#include <QBuffer>
#include <QFile>
#include <QImageWriter>
#include <QTransform>
#include <array>
#include <cmath>
#include <memory>
#include <tiffio.h>
#include <vector>

namespace lookalike {
namespace {

struct TiffClose {
    void operator()(TIFF* t) const { TIFFClose(t); }
};

// The inverse of an EXIF orientation: what turns an upright picture into stored pixels.
int inverseOrientation(int orientation)
{
    return orientation == 6 ? 8 : orientation == 8 ? 6 : orientation;
}

// sRGB 8-bit to linear 12-bit sensor values, as a camera records light.
const std::array<quint16, 256>& linearTable()
{
    static const std::array<quint16, 256> table = [] {
        std::array<quint16, 256> t{};
        for (int v = 0; v < 256; ++v) {
            const double c = v / 255.0;
            const double linear = c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
            t[size_t(v)] = quint16(std::lround(linear * 4095.0));
        }
        return t;
    }();
    return table;
}

void writeCommonTags(TIFF* tif, const DngWriter::Options& options)
{
    static const uint8_t version[4] = {1, 4, 0, 0};
    static const uint8_t backward[4] = {1, 1, 0, 0};
    // XYZ (D65) to linear sRGB: the "camera" sees sRGB primaries.
    static const float colorMatrix[9] = {3.2406f, -1.5372f, -0.4986f, -0.9689f, 1.8758f,
                                         0.0415f, 0.0557f,  -0.2040f, 1.0570f};
    static const float neutral[3] = {1.f, 1.f, 1.f};
    TIFFSetField(tif, TIFFTAG_MAKE, "Lookalike");
    TIFFSetField(tif, TIFFTAG_MODEL, options.model.toUtf8().constData());
    TIFFSetField(tif, TIFFTAG_ORIENTATION, uint16_t(options.orientation));
    TIFFSetField(tif, TIFFTAG_DNGVERSION, version);
    TIFFSetField(tif, TIFFTAG_DNGBACKWARDVERSION, backward);
    TIFFSetField(tif, TIFFTAG_UNIQUECAMERAMODEL, options.model.toUtf8().constData());
    TIFFSetField(tif, TIFFTAG_COLORMATRIX1, uint16_t(9), colorMatrix);
    TIFFSetField(tif, TIFFTAG_CALIBRATIONILLUMINANT1, uint16_t(21)); // D65
    TIFFSetField(tif, TIFFTAG_ASSHOTNEUTRAL, uint16_t(3), neutral);
}

Status writePreview(TIFF* tif, const QImage& stored, const DngWriter::Options& options)
{
    const QImage preview =
        ImagePixels::reduced(stored, options.previewMaxSide).convertToFormat(QImage::Format_RGB888);
    TIFFSetField(tif, TIFFTAG_SUBFILETYPE, uint32_t(FILETYPE_REDUCEDIMAGE));
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, uint32_t(preview.width()));
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, uint32_t(preview.height()));
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, uint16_t(8));
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, uint16_t(3));
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, uint16_t(PLANARCONFIG_CONTIG));
    if (options.preview == DngWriter::Preview::Jpeg) {
        // One strip holding a whole JPEG stream, as camera DNGs store their previews.
        QByteArray jpeg;
        QBuffer buffer(&jpeg);
        buffer.open(QIODevice::WriteOnly);
        QImageWriter writer(&buffer, "jpeg");
        writer.setQuality(90);
        if (!writer.write(preview))
            return Error{QStringLiteral("cannot encode the preview: %1").arg(writer.errorString())};
        TIFFSetField(tif, TIFFTAG_COMPRESSION, uint16_t(COMPRESSION_JPEG));
        TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, uint16_t(PHOTOMETRIC_YCBCR));
        TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, uint32_t(preview.height()));
        if (TIFFWriteRawStrip(tif, 0, jpeg.data(), jpeg.size()) < 0)
            return Error{QStringLiteral("cannot write the preview")};
        return success();
    }
    TIFFSetField(tif, TIFFTAG_COMPRESSION, uint16_t(COMPRESSION_NONE));
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, uint16_t(PHOTOMETRIC_RGB));
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, uint32_t(64));
    for (int y = 0; y < preview.height(); ++y)
        if (TIFFWriteScanline(tif, const_cast<uchar*>(preview.constScanLine(y)), uint32_t(y)) < 0)
            return Error{QStringLiteral("cannot write the preview")};
    return success();
}

// The sensor mosaic, sampled row by row from `stored` (nearest pixel), so a 50 MP file
// never needs a 50 MP image in memory.
Status writeMosaic(TIFF* tif, const QImage& stored, const QSize& sensor)
{
    static const uint16_t patternDim[2] = {2, 2};
    static const uint8_t rggb[4] = {0, 1, 1, 2};
    static const float black[1] = {0.f};
    static const uint32_t white[1] = {4095};
    TIFFSetField(tif, TIFFTAG_SUBFILETYPE, uint32_t(0));
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, uint32_t(sensor.width()));
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, uint32_t(sensor.height()));
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, uint16_t(16));
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, uint16_t(1));
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, uint16_t(PLANARCONFIG_CONTIG));
    TIFFSetField(tif, TIFFTAG_COMPRESSION, uint16_t(COMPRESSION_NONE));
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, uint16_t(32803)); // colour filter array
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, uint32_t(16));
    TIFFSetField(tif, TIFFTAG_CFAREPEATPATTERNDIM, patternDim);
    TIFFSetField(tif, TIFFTAG_CFAPATTERN, uint16_t(4), rggb);
    TIFFSetField(tif, TIFFTAG_BLACKLEVEL, uint16_t(1), black);
    TIFFSetField(tif, TIFFTAG_WHITELEVEL, uint16_t(1), white);
    const auto& linear = linearTable();
    const QImage rgb = stored.convertToFormat(QImage::Format_RGB888);
    std::vector<uint16_t> row(size_t(sensor.width()));
    for (int y = 0; y < sensor.height(); ++y) {
        const uchar* src = rgb.constScanLine(int(qint64(y) * rgb.height() / sensor.height()));
        for (int x = 0; x < sensor.width(); ++x) {
            const uchar* px = src + 3 * (qint64(x) * rgb.width() / sensor.width());
            const int channel = (y & 1) == 0 ? ((x & 1) == 0 ? 0 : 1) : ((x & 1) == 0 ? 1 : 2);
            row[size_t(x)] = linear[px[channel]];
        }
        if (TIFFWriteScanline(tif, row.data(), uint32_t(y)) < 0)
            return Error{QStringLiteral("cannot write the sensor data")};
    }
    return success();
}

} // namespace

Status DngWriter::write(const QImage& upright, const QString& path, const Options& options)
{
    if (upright.isNull())
        return Error{QStringLiteral("no picture to write")};
    const QImage stored = ImagePixels::oriented(upright, inverseOrientation(options.orientation));
    const QSize sensor = options.sensorSize.isEmpty() ? stored.size() : options.sensorSize;
    std::unique_ptr<TIFF, TiffClose> tif(TIFFOpen(QFile::encodeName(path).constData(), "w"));
    if (!tif)
        return Error{QStringLiteral("cannot create %1").arg(path)};
    writeCommonTags(tif.get(), options);
    if (options.preview != Preview::None) {
        uint64_t subIfd[1] = {0};
        TIFFSetField(tif.get(), TIFFTAG_SUBIFD, uint16_t(1), subIfd);
        if (Status s = writePreview(tif.get(), stored, options); !s)
            return s;
        if (!TIFFWriteDirectory(tif.get()))
            return Error{QStringLiteral("cannot write the preview directory")};
    }
    if (Status s = writeMosaic(tif.get(), stored, sensor); !s)
        return s;
    if (!TIFFWriteDirectory(tif.get()))
        return Error{QStringLiteral("cannot write the sensor directory")};
    return success();
}

} // namespace lookalike
