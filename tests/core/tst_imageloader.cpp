// ImageLoader: synthetic fixtures written into a temp folder (every format, wrong names,
// EXIF orientation, decompression bombs, damaged files), then the shared tricky photos.
#include "imageloader.h"
#include "testdata.h"

#include <QBuffer>
#include <QDirIterator>
#include <QImageReader>
#include <QImageWriter>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QtConcurrent>
#include <QtTest>
#include <algorithm>
#include <initializer_list>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

using lookalike::ImageLoader;
using lookalike::LoadedImage;

namespace {

const QRgb kRed = qRgb(220, 30, 30);
const QRgb kBlue = qRgb(30, 30, 220);

QByteArray bytes(std::initializer_list<int> values)
{
    QByteArray out;
    for (int v : values)
        out.append(char(v));
    return out;
}

void appendBe32(QByteArray& out, quint32 v)
{
    out += bytes({int(v >> 24), int(v >> 16 & 0xFF), int(v >> 8 & 0xFF), int(v & 0xFF)});
}

void appendLe(QByteArray& out, quint32 v, int size)
{
    for (int i = 0; i < size; ++i)
        out.append(char(v >> (8 * i) & 0xFF));
}

quint32 crc32(const QByteArray& data)
{
    quint32 c = 0xFFFFFFFF;
    for (uchar b : data) {
        c ^= b;
        for (int k = 0; k < 8; ++k)
            c = (c >> 1) ^ (0xEDB88320 & (0u - (c & 1)));
    }
    return ~c;
}

void appendPngChunk(QByteArray& out, const char* type, const QByteArray& data)
{
    appendBe32(out, quint32(data.size()));
    const QByteArray body = QByteArray(type, 4) + data;
    out += body;
    appendBe32(out, crc32(body));
}

// A PNG declaring width x height 8-bit grey, with a few KB of zero rows: a decompression
// bomb as far as any header-trusting decoder is concerned.
QByteArray pngBomb(quint32 width, quint32 height)
{
    QByteArray out = bytes({0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    QByteArray ihdr;
    appendBe32(ihdr, width);
    appendBe32(ihdr, height);
    ihdr += bytes({8, 0, 0, 0, 0});
    appendPngChunk(out, "IHDR", ihdr);
    appendPngChunk(out, "IDAT", qCompress(QByteArray(64 * 1024, 0), 9).mid(4));
    appendPngChunk(out, "IEND", {});
    return out;
}

// A 24-bit BMP header declaring width x height, with no pixel data.
QByteArray bmpHeader(quint32 width, quint32 height)
{
    QByteArray out("BM");
    appendLe(out, 54 + width * height * 3, 4);
    appendLe(out, 0, 4);
    appendLe(out, 54, 4);
    for (quint32 v : {40u, width, height})
        appendLe(out, v, 4);
    appendLe(out, 1, 2);
    appendLe(out, 24, 2);
    for (int i = 0; i < 6; ++i)
        appendLe(out, 0, 4);
    return out;
}

// 1x1 GIF89a whose only pixel is colour 0 (red); Qt cannot write GIF.
QByteArray tinyGif()
{
    return QByteArray("GIF89a") + bytes({1, 0, 1, 0, 0x80, 0, 0, 255, 0, 0, 0,    0, 255, 0x2C, 0,
                                         0, 0, 0, 1, 0,    1, 0, 0,   2, 2, 0x44, 1, 0,   0x3B});
}

// Uncompressed little-endian TIFF, 8-bit RGB, one page per (size, colour).
QByteArray multiPageTiff(const QList<QPair<QSize, QRgb>>& pages)
{
    QByteArray out("II*\0", 4);
    appendLe(out, 8, 4);
    for (qsizetype i = 0; i < pages.size(); ++i) {
        const auto [size, colour] = pages[i];
        const quint32 pixelBytes = size.width() * size.height() * 3;
        const quint32 bpsAt = out.size() + 2 + 9 * 12 + 4;
        const quint32 pixelsAt = bpsAt + 6;
        const quint32 nextIfd = i + 1 < pages.size() ? (pixelsAt + pixelBytes + 1) & ~1u : 0;
        appendLe(out, 9, 2);
        const quint32 entries[9][3] = {{256, 3, quint32(size.width())},
                                       {257, 3, quint32(size.height())},
                                       {258, 3, bpsAt},
                                       {259, 3, 1},
                                       {262, 3, 2},
                                       {273, 4, pixelsAt},
                                       {277, 3, 3},
                                       {278, 3, quint32(size.height())},
                                       {279, 4, pixelBytes}};
        for (const auto& e : entries) {
            appendLe(out, e[0], 2);
            appendLe(out, e[1], 2);
            appendLe(out, e[0] == 258 ? 3 : 1, 4);
            appendLe(out, e[2], 4);
        }
        appendLe(out, nextIfd, 4);
        for (int c = 0; c < 3; ++c)
            appendLe(out, 8, 2);
        for (quint32 p = 0; p < pixelBytes / 3; ++p)
            out += bytes({qRed(colour), qGreen(colour), qBlue(colour)});
        out.resize(nextIfd ? nextIfd : out.size(), '\0');
    }
    return out;
}

// `jpeg` with an APP1 Exif segment carrying only Orientation spliced in after SOI.
QByteArray withExifOrientation(const QByteArray& jpeg, int orientation)
{
    const QByteArray payload = QByteArray("Exif\0\0", 6) +
                               bytes({'M', 'M', 0, 42, 0, 0, 0,           8, 0, 1, 0x01, 0x12, 0,
                                      3,   0,   0, 0,  1, 0, orientation, 0, 0, 0, 0,    0,    0});
    const int length = payload.size() + 2;
    return jpeg.left(2) + bytes({0xFF, 0xE1, length >> 8, length & 0xFF}) + payload + jpeg.mid(2);
}

// A smooth, non-uniform picture so lossy codecs keep detail and truncation bites.
QImage pattern(int width, int height, QImage::Format format = QImage::Format_RGB32)
{
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            image.setPixel(x, y, qRgb(x * 255 / width, y * 255 / height, (x * y) % 251));
    return image.convertToFormat(format);
}

QImage halves(int width, int height, QRgb left, QRgb right)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(left);
    for (int y = 0; y < height; ++y)
        for (int x = width / 2; x < width; ++x)
            image.setPixel(x, y, right);
    return image;
}

QByteArray encode(const QImage& image, const QByteArray& format, int quality = 90)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    writer.setQuality(quality);
    if (!writer.write(image))
        qWarning() << "cannot write" << format << writer.errorString();
    return buffer.data();
}

bool near(QRgb a, QRgb b, int tolerance)
{
    return std::abs(qRed(a) - qRed(b)) <= tolerance &&
           std::abs(qGreen(a) - qGreen(b)) <= tolerance &&
           std::abs(qBlue(a) - qBlue(b)) <= tolerance;
}

qint64 peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

// Mean absolute difference per channel of two same-sized RGB888 images.
double meanDifference(const QImage& a, const QImage& b)
{
    double sum = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width() * 3; ++x)
            sum += std::abs(a.constScanLine(y)[x] - b.constScanLine(y)[x]);
    return sum / (double(a.width()) * a.height() * 3);
}

double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

// Median CPU time of this thread: wall time on a shared build machine is mostly noise.
double medianCpuMs(const std::function<void()>& work, int runs)
{
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const double start = threadCpuMs();
        work();
        ms.push_back(threadCpuMs() - start);
    }
    std::ranges::sort(ms);
    return ms[ms.size() / 2];
}

} // namespace

class TestImageLoader : public QObject {
    Q_OBJECT

private:
    QString write(const QString& name, const QByteArray& data);
    QTemporaryDir m_dir;

private slots:
    void initTestCase();
    void sniffFormat_data();
    void sniffFormat();
    void looksLikeImage();
    void decompressionBomb_data();
    void decompressionBomb();
    void maxPixelsIsAnOption();
    void decodesEveryFormat_data();
    void decodesEveryFormat();
    void ignoresTheExtension_data();
    void ignoresTheExtension();
    void exifOrientation_data();
    void exifOrientation();
    void exifOrientationWithReducedDecode();
    void tiffFirstPage();
    void outputIsRgb888_data();
    void outputIsRgb888();
    void alphaIsCompositedOverWhite();
    void reducedDecode_data();
    void reducedDecode();
    void largePhotoWithinLimit();
    void truncatedJpegDecodesWithWarning();
    void damagedFiles_data();
    void damagedFiles();
    void fileErrors();
    void unreadableFile();
    void concurrentLoads();
    // Shared photos.
    void trickyLoadsOrExplains_data();
    void trickyLoadsOrExplains();
    void trickyUpright_data();
    void trickyUpright();
    void trickyWrongExtension_data();
    void trickyWrongExtension();
    void trickyCorrupt_data();
    void trickyCorrupt();
    void trickyOddFormats_data();
    void trickyOddFormats();
    void trickyHugeReduced_data();
    void trickyHugeReduced();
    void trickyHugeTimings();
};

QString TestImageLoader::write(const QString& name, const QByteArray& data)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size())
        qFatal("cannot write fixture %s", qPrintable(path));
    return path;
}

void TestImageLoader::initTestCase()
{
    QVERIFY(m_dir.isValid());
    for (const char* format : {"jpeg", "png", "webp", "bmp", "tiff", "ppm", "pgm", "pbm"})
        QVERIFY2(QImageWriter::supportedImageFormats().contains(format), format);
}

void TestImageLoader::sniffFormat_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QString>("format");
    QTest::newRow("jpeg") << bytes({0xFF, 0xD8, 0xFF, 0xE0, 0, 16}) << "jpeg";
    QTest::newRow("png") << bytes({0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0}) << "png";
    QTest::newRow("webp") << QByteArray("RIFF\x10\0\0\0WEBPVP8 ", 16) << "webp";
    QTest::newRow("gif87a") << QByteArray("GIF87a\x01\0") << "gif";
    QTest::newRow("gif89a") << QByteArray("GIF89a\x01\0") << "gif";
    QTest::newRow("tiff le") << QByteArray("II*\0\x08\0\0\0", 8) << "tiff";
    QTest::newRow("tiff be") << QByteArray("MM\0*\0\0\0\x08", 8) << "tiff";
    QTest::newRow("bmp") << bmpHeader(10, 10) << "bmp";
    QTest::newRow("pbm ascii") << QByteArray("P1\n2 2\n0 1\n1 0\n") << "pbm";
    QTest::newRow("pbm raw") << QByteArray("P4\n# comment\n8 1\n") << "pbm";
    QTest::newRow("pgm") << QByteArray("P5 2 2 255\n") << "pgm";
    QTest::newRow("ppm") << QByteArray("P6\n2 2\n255\n") << "ppm";
    QTest::newRow("text starting BM")
        << QByteArray("BMW owners club, minutes of the meeting") << "";
    QTest::newRow("text starting P1") << QByteArray("P1 is the first priority\n") << "";
    QTest::newRow("wav") << QByteArray("RIFF\x10\0\0\0WAVEfmt ", 16) << "";
    QTest::newRow("csv") << QByteArray("name,score\nalice,1\n") << "";
    QTest::newRow("jpeg cut to 2 bytes") << bytes({0xFF, 0xD8}) << "";
    QTest::newRow("empty") << QByteArray() << "";
}

void TestImageLoader::sniffFormat()
{
    QFETCH(QByteArray, head);
    QFETCH(QString, format);
    QCOMPARE(ImageLoader::sniffFormat(head), format);
}

void TestImageLoader::looksLikeImage()
{
    QVERIFY(ImageLoader::looksLikeImage(write("png-named.txt", encode(pattern(8, 8), "png"))));
    QVERIFY(!ImageLoader::looksLikeImage(write("notes.jpg", "not an image at all")));
    QVERIFY(!ImageLoader::looksLikeImage(write("empty.png", {})));
    QVERIFY(!ImageLoader::looksLikeImage(m_dir.filePath("missing.jpg")));
    QVERIFY(!ImageLoader::looksLikeImage(m_dir.path()));
}

// Runs before any big decode so the peak RSS still shows a big allocation if one happens.
void TestImageLoader::decompressionBomb_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("reason");
    QTest::newRow("png 30000x30000")
        << pngBomb(30000, 30000) << "declared size 30000x30000 (900 MP) exceeds the 120 MP limit";
    QTest::newRow("bmp 12000x12000")
        << bmpHeader(12000, 12000) << "declared size 12000x12000 (144 MP) exceeds the 120 MP limit";
    QTest::newRow("gif 12000x12000")
        << QByteArray("GIF89a") + bytes({0xE0, 0x2E, 0xE0, 0x2E}) + tinyGif().mid(10)
        << "declared size 12000x12000 (144 MP) exceeds the 120 MP limit";
    // Qt's BMP reader already refuses sides above 16384 in the header.
    QTest::newRow("bmp 30000x30000") << bmpHeader(30000, 30000) << "not a valid BMP: ";
}

void TestImageLoader::decompressionBomb()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, reason);
    QVERIFY(data.size() < 10'000);
    const qint64 peakBefore = peakRssMb();
    const auto loaded = ImageLoader::load(write("bomb.img", data));
    QVERIFY(!loaded.ok());
    QVERIFY2(loaded.error().contains("bomb.img: " + reason), qPrintable(loaded.error()));
    QVERIFY2(peakRssMb() - peakBefore < 64, "the bomb was allocated");
}

void TestImageLoader::maxPixelsIsAnOption()
{
    const QByteArray png = encode(pattern(100, 100), "png");
    const auto refused = ImageLoader::decode(png, "small.png", {.maxPixels = 5000});
    QCOMPARE(refused.error(),
             "small.png: declared size 100x100 (0.01 MP) exceeds the 0.005 MP limit");
    QVERIFY(ImageLoader::decode(png, "small.png", {.maxPixels = 10'000}).ok());
}

void TestImageLoader::decodesEveryFormat_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("tolerance"); // per channel at the centre pixel; -1: not compared
    const QImage source = pattern(48, 32);
    for (const char* format : {"jpeg", "webp", "png", "bmp", "tiff", "ppm"})
        QTest::newRow(format) << encode(source, format) << format << source.size()
                              << (QByteArray(format) == "jpeg" || QByteArray(format) == "webp" ? 24
                                                                                               : 0);
    QTest::newRow("pgm") << encode(source.convertToFormat(QImage::Format_Grayscale8), "pgm")
                         << "pgm" << source.size() << -1;
    QTest::newRow("pbm") << encode(source.convertToFormat(QImage::Format_Mono), "pbm") << "pbm"
                         << source.size() << -1;
    QTest::newRow("gif") << tinyGif() << "gif" << QSize(1, 1) << -1;
}

void TestImageLoader::decodesEveryFormat()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, format);
    QFETCH(QSize, size);
    QFETCH(int, tolerance);
    const auto loaded = ImageLoader::decode(data, format, {});
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(loaded->format, format);
    QCOMPARE(loaded->image.format(), QImage::Format_RGB888);
    QCOMPARE(loaded->image.size(), size);
    QCOMPARE(loaded->fullSize, size);
    QCOMPARE(loaded->scale, 1.0);
    QVERIFY(loaded->warning.isEmpty());
    QCOMPARE(loaded->fullResolution().size(), size);
    const QPoint centre(size.width() / 2, size.height() / 2);
    if (tolerance >= 0)
        QVERIFY(near(loaded->image.pixel(centre), pattern(48, 32).pixel(centre), tolerance));
    if (format == "gif")
        QCOMPARE(loaded->image.pixel(0, 0), qRgb(255, 0, 0));
}

void TestImageLoader::ignoresTheExtension_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("format");
    const QImage source = pattern(40, 30);
    QTest::newRow("png named .jpg") << "png.jpg" << encode(source, "png") << "png";
    QTest::newRow("webp named .jpg") << "webp.jpg" << encode(source, "webp") << "webp";
    QTest::newRow("jpeg named .png") << "jpeg.png" << encode(source, "jpeg") << "jpeg";
    QTest::newRow("bmp named .gif") << "bmp.gif" << encode(source, "bmp") << "bmp";
    QTest::newRow("tiff without extension") << "tiff" << encode(source, "tiff") << "tiff";
}

void TestImageLoader::ignoresTheExtension()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, data);
    QFETCH(QString, format);
    const auto loaded = ImageLoader::load(write(name, data));
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(loaded->format, format);
    QCOMPARE(loaded->image.size(), QSize(40, 30));
}

void TestImageLoader::exifOrientation_data()
{
    QTest::addColumn<int>("orientation");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QRgb>("topLeft");
    QTest::addColumn<QRgb>("bottomRight");
    // Stored 64x32: left half red, right half blue.
    QTest::newRow("1 upright") << 1 << QSize(64, 32) << kRed << kBlue;
    QTest::newRow("2 mirror") << 2 << QSize(64, 32) << kBlue << kRed;
    QTest::newRow("3 rotate 180") << 3 << QSize(64, 32) << kBlue << kRed;
    QTest::newRow("4 flip") << 4 << QSize(64, 32) << kRed << kBlue;
    QTest::newRow("5 transpose") << 5 << QSize(32, 64) << kRed << kBlue;
    QTest::newRow("6 rotate 90 cw") << 6 << QSize(32, 64) << kRed << kBlue;
    QTest::newRow("7 transverse") << 7 << QSize(32, 64) << kBlue << kRed;
    QTest::newRow("8 rotate 90 ccw") << 8 << QSize(32, 64) << kBlue << kRed;
}

void TestImageLoader::exifOrientation()
{
    QFETCH(int, orientation);
    QFETCH(QSize, size);
    QFETCH(QRgb, topLeft);
    QFETCH(QRgb, bottomRight);
    const QByteArray jpeg =
        withExifOrientation(encode(halves(64, 32, kRed, kBlue), "jpeg"), orientation);
    const auto loaded = ImageLoader::decode(jpeg, "exif.jpg", {});
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(loaded->fullSize, size);
    QCOMPARE(loaded->image.size(), size);
    QVERIFY(near(loaded->image.pixel(4, 4), topLeft, 40));
    QVERIFY(near(loaded->image.pixel(size.width() - 5, size.height() - 5), bottomRight, 40));
}

// setScaledSize works in stored orientation; the result must still be upright and scaled.
void TestImageLoader::exifOrientationWithReducedDecode()
{
    const QByteArray jpeg = withExifOrientation(encode(halves(256, 128, kRed, kBlue), "jpeg"), 6);
    const auto loaded = ImageLoader::decode(jpeg, "exif.jpg", {.workingMaxSide = 64});
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(loaded->fullSize, QSize(128, 256));
    QCOMPARE(loaded->image.size(), QSize(32, 64));
    QCOMPARE(loaded->scale, 0.25);
    QVERIFY(near(loaded->image.pixel(16, 8), kRed, 40));
    const QImage full = loaded->fullResolution();
    QCOMPARE(full.size(), QSize(128, 256));
    QCOMPARE(full.format(), QImage::Format_RGB888);
    QVERIFY(near(full.pixel(64, 240), kBlue, 40));
}

void TestImageLoader::tiffFirstPage()
{
    const QByteArray tiff = multiPageTiff({{QSize(4, 3), kRed}, {QSize(5, 5), kBlue}});
    const auto loaded = ImageLoader::decode(tiff, "pages.tif", {});
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(loaded->image.size(), QSize(4, 3));
    QCOMPARE(loaded->image.pixel(1, 1), kRed);
}

void TestImageLoader::outputIsRgb888_data()
{
    QTest::addColumn<QImage>("source");
    QTest::addColumn<QByteArray>("format");
    const QImage rgb = pattern(20, 10);
    QTest::newRow("1-bit png") << rgb.convertToFormat(QImage::Format_Mono) << QByteArray("png");
    QTest::newRow("indexed png") << rgb.convertToFormat(QImage::Format_Indexed8)
                                 << QByteArray("png");
    QTest::newRow("grey png") << rgb.convertToFormat(QImage::Format_Grayscale8)
                              << QByteArray("png");
    QTest::newRow("16-bit grey png")
        << rgb.convertToFormat(QImage::Format_Grayscale16) << QByteArray("png");
    QTest::newRow("16-bit rgba png")
        << rgb.convertToFormat(QImage::Format_RGBA64) << QByteArray("png");
    QTest::newRow("16-bit grey tiff")
        << rgb.convertToFormat(QImage::Format_Grayscale16) << QByteArray("tiff");
    QTest::newRow("argb tiff") << rgb.convertToFormat(QImage::Format_ARGB32) << QByteArray("tiff");
}

void TestImageLoader::outputIsRgb888()
{
    QFETCH(QImage, source);
    QFETCH(QByteArray, format);
    const auto loaded = ImageLoader::decode(encode(source, format), "any", {});
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(loaded->image.format(), QImage::Format_RGB888);
    QCOMPARE(loaded->image.size(), source.size());
    // Opaque sources must come out with the same colours (1-bit and indexed lose some).
    const QRgb expected = source.convertToFormat(QImage::Format_RGB32).pixel(7, 3);
    QVERIFY(near(loaded->image.pixel(7, 3), expected, 1));
}

void TestImageLoader::alphaIsCompositedOverWhite()
{
    QImage source(3, 1, QImage::Format_ARGB32);
    source.setPixel(0, 0, qRgba(0, 0, 0, 0));     // fully transparent black
    source.setPixel(1, 0, qRgba(255, 0, 0, 128)); // half transparent red
    source.setPixel(2, 0, qRgba(0, 0, 255, 255)); // opaque blue
    const auto loaded = ImageLoader::decode(encode(source, "png"), "alpha.png", {});
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(loaded->image.pixel(0, 0), qRgb(255, 255, 255));
    QVERIFY(near(loaded->image.pixel(1, 0), qRgb(255, 127, 127), 1));
    QCOMPARE(loaded->image.pixel(2, 0), qRgb(0, 0, 255));
}

void TestImageLoader::reducedDecode_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QSize>("stored");
    QTest::addColumn<int>("maxSide");
    QTest::addColumn<QSize>("reduced");
    QTest::newRow("jpeg landscape")
        << QByteArray("jpeg") << QSize(3000, 2000) << 1000 << QSize(1000, 667);
    QTest::newRow("jpeg portrait")
        << QByteArray("jpeg") << QSize(1200, 1800) << 1000 << QSize(667, 1000);
    QTest::newRow("png") << QByteArray("png") << QSize(3000, 2000) << 1000 << QSize(1000, 667);
    QTest::newRow("webp") << QByteArray("webp") << QSize(1800, 1200) << 600 << QSize(600, 400);
    QTest::newRow("fits already") << QByteArray("jpeg") << QSize(800, 600) << 1000
                                  << QSize(800, 600);
    QTest::newRow("0 means full size")
        << QByteArray("jpeg") << QSize(1800, 1200) << 0 << QSize(1800, 1200);
}

void TestImageLoader::reducedDecode()
{
    QFETCH(QByteArray, format);
    QFETCH(QSize, stored);
    QFETCH(int, maxSide);
    QFETCH(QSize, reduced);
    const QByteArray data = encode(pattern(stored.width(), stored.height()), format);
    const auto loaded = ImageLoader::decode(data, "big", {.workingMaxSide = maxSide});
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(loaded->image.size(), reduced);
    QCOMPARE(loaded->fullSize, stored);
    QCOMPARE(loaded->scale, double(reduced.width()) / stored.width());
    const QImage full = loaded->fullResolution();
    QCOMPARE(full.size(), stored);
    QCOMPARE(full.format(), QImage::Format_RGB888);
}

// 40 MP is past Qt 6's default 128 MB allocation limit; it must still decode.
void TestImageLoader::largePhotoWithinLimit()
{
    QImage mono(8000, 5000, QImage::Format_Mono);
    mono.fill(1);
    const QByteArray png = encode(mono, "png");
    const auto loaded = ImageLoader::decode(png, "40mp.png", {});
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(loaded->image.size(), QSize(2048, 1280));
    QCOMPARE(loaded->fullResolution().size(), QSize(8000, 5000));
    QVERIFY(QImageReader::allocationLimit() >= 120'000'000LL * 4 / (1024 * 1024));
}

// Decision: a JPEG cut inside its scan data still decodes (libjpeg greys out the rest);
// the top of the photo is usable, so it loads and carries a warning to report.
void TestImageLoader::truncatedJpegDecodesWithWarning()
{
    const QByteArray jpeg = encode(pattern(600, 400), "jpeg");
    const auto cut = ImageLoader::decode(jpeg.left(jpeg.size() * 6 / 10), "cut.jpg", {});
    QVERIFY2(cut.ok(), qPrintable(cut.error()));
    QCOMPARE(cut->image.size(), QSize(600, 400));
    QCOMPARE(cut->warning, "truncated JPEG data: the bottom of the image may be grey");
    QVERIFY(ImageLoader::decode(jpeg, "whole.jpg", {})->warning.isEmpty());
}

void TestImageLoader::damagedFiles_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("reason");
    const QByteArray jpeg = encode(pattern(64, 64), "jpeg");
    const QByteArray png = encode(pattern(300, 300), "png");
    QByteArray noise(4096, '\0');
    for (int i = 0; i < noise.size(); ++i)
        noise[i] = char((i * 7919 + 13) % 251);
    QTest::newRow("zero bytes") << QByteArray() << "empty file (0 bytes)";
    QTest::newRow("noise") << noise << "not a recognised image format (first bytes 0d ";
    QTest::newRow("jpeg cut in header") << jpeg.left(120) << "truncated JPEG data: ";
    QTest::newRow("jpeg magic then noise") << jpeg.left(3) + noise << "not a valid JPEG: ";
    QTest::newRow("png cut in data") << png.left(png.size() / 2) << "truncated PNG data: ";
    QTest::newRow("png header only") << png.left(33) << "truncated PNG data: ";
    QTest::newRow("bmp without pixels") << bmpHeader(10, 10) << "could not decode the BMP data: ";
    QTest::newRow("gif header only") << tinyGif().left(13) << "GIF";
    QTest::newRow("webp riff only") << QByteArray("RIFF\x10\0\0\0WEBPVP8 ", 16) << "WEBP";
    QTest::newRow("tiff header only") << QByteArray("II*\0\x08\0\0\0", 8) << "TIFF";
    QTest::newRow("ppm header only") << QByteArray("P6\n20 20\n255\n") << "PPM";
}

void TestImageLoader::damagedFiles()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, reason);
    const auto loaded = ImageLoader::decode(data, "bad.jpg", {});
    QVERIFY(!loaded.ok());
    QVERIFY2(loaded.error().startsWith("bad.jpg: "), qPrintable(loaded.error()));
    QVERIFY2(loaded.error().contains(reason), qPrintable(loaded.error()));
    if (reason.endsWith(": ")) // the decoder's detail follows
        QVERIFY2(loaded.error().size() > loaded.error().indexOf(reason) + reason.size(),
                 qPrintable(loaded.error()));
}

void TestImageLoader::fileErrors()
{
    const QString missing = m_dir.filePath("missing.jpg");
    QCOMPARE(ImageLoader::load(missing).error(), missing + ": file does not exist");
    QCOMPARE(ImageLoader::load(m_dir.path()).error(), m_dir.path() + ": is a folder, not a file");
    const QString link = m_dir.filePath("dangling.jpg");
    QVERIFY(QFile::link(missing, link));
    QCOMPARE(ImageLoader::load(link).error(), link + ": broken symbolic link");
    const QString fifo = m_dir.filePath("pipe.jpg");
    QCOMPARE(mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    QCOMPARE(ImageLoader::load(fifo).error(),
             fifo + ": not a regular file (device, socket or pipe)");
    QVERIFY(!ImageLoader::looksLikeImage(fifo));
    const QString empty = write("empty.jpg", {});
    QCOMPARE(ImageLoader::load(empty).error(), empty + ": empty file (0 bytes)");
}

void TestImageLoader::unreadableFile()
{
    if (geteuid() == 0)
        QSKIP("running as root: file permissions do not deny reading");
    const QString path = write("secret.jpg", encode(pattern(8, 8), "jpeg"));
    QVERIFY(QFile::setPermissions(path, QFileDevice::WriteOwner));
    QVERIFY(!ImageLoader::looksLikeImage(path));
    QVERIFY2(ImageLoader::load(path).error().startsWith(path + ": cannot open: "),
             qPrintable(ImageLoader::load(path).error()));
}

// Good and bad files decoded at once: results and error details must not mix up.
void TestImageLoader::concurrentLoads()
{
    QStringList paths;
    for (int i = 0; i < 6; ++i) {
        const QImage image = pattern(300 + 40 * i, 200 + 20 * i);
        paths << write(QString("good%1.jpg").arg(i), encode(image, i % 2 ? "png" : "jpeg"));
    }
    paths << write("bad-header.jpg", encode(pattern(64, 64), "jpeg").left(120));
    paths << write("bad-data.png", encode(pattern(300, 300), "png").left(5000));
    QStringList work;
    for (int round = 0; round < 6; ++round)
        work << paths;
    QThreadPool pool;
    pool.setMaxThreadCount(4);
    const QList<QString> outcomes =
        QtConcurrent::blockingMapped(&pool, work, [](const QString& path) {
            const auto loaded = ImageLoader::load(path, {.workingMaxSide = 256});
            return loaded.ok() ? QString("%1x%2")
                                     .arg(loaded->fullSize.width())
                                     .arg(loaded->fullSize.height())
                               : loaded.error();
        });
    for (qsizetype i = 0; i < work.size(); ++i) {
        const int n = int(i % paths.size());
        if (n < 6)
            QCOMPARE(outcomes[i], QString("%1x%2").arg(300 + 40 * n).arg(200 + 20 * n));
        else
            QCOMPARE(outcomes[i], outcomes[n]); // same file, same words, whatever thread
    }
    QVERIFY2(outcomes[6].contains("truncated JPEG data: ") &&
                 outcomes[7].contains("truncated PNG data: "),
             qPrintable(outcomes[6] + " | " + outcomes[7]));
}

// ---- Shared photos ------------------------------------------------------------------

void TestImageLoader::trickyLoadsOrExplains_data()
{
    REQUIRE_TEST_DATA("tricky");
    QTest::addColumn<QString>("path");
    QDirIterator it(lookalike::test::dataPath("tricky"), QDir::Files, QDirIterator::Subdirectories);
    QStringList paths;
    while (it.hasNext())
        paths << it.next();
    paths.sort();
    for (const QString& path : paths)
        QTest::newRow(qPrintable(QDir(lookalike::test::dataPath("tricky")).relativeFilePath(path)))
            << path;
}

void TestImageLoader::trickyLoadsOrExplains()
{
    QFETCH(QString, path);
    const auto loaded = ImageLoader::load(path);
    if (!loaded.ok()) {
        QVERIFY(loaded.error().size() > path.size() + 10);
        qInfo("refused: %s", qPrintable(loaded.error()));
        return;
    }
    QCOMPARE(loaded->image.format(), QImage::Format_RGB888);
    QVERIFY(std::max(loaded->image.width(), loaded->image.height()) <= 2048);
    QVERIFY(loaded->scale > 0 && loaded->scale <= 1);
    QVERIFY(!loaded->format.isEmpty());
    if (!loaded->warning.isEmpty())
        qInfo("warning: %s", qPrintable(loaded->warning));
}

void TestImageLoader::trickyUpright_data()
{
    REQUIRE_TEST_DATA("tricky");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("exifRotated"); // EXIF orientation 6; rotated/* are pixel-rotated
    for (const char* name : {"exif/image_T1.jpeg", "exif/ukbench09268.jpg"})
        QTest::newRow(name) << lookalike::test::dataPath(QString("tricky/") + name) << true;
    for (const char* name :
         {"rotated/r0.jpg", "rotated/r90.jpg", "rotated/r180.jpg", "rotated/r270.jpg"})
        QTest::newRow(name) << lookalike::test::dataPath(QString("tricky/") + name) << false;
}

void TestImageLoader::trickyUpright()
{
    QFETCH(QString, path);
    QFETCH(bool, exifRotated);
    QImageReader raw(path);
    raw.setAutoTransform(false);
    const QImage stored = raw.read().convertToFormat(QImage::Format_RGB888);
    const auto loaded = ImageLoader::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    const QImage expected = exifRotated ? stored.transformed(QTransform().rotate(90)) : stored;
    QCOMPARE(loaded->fullSize, expected.size());
    QCOMPARE(loaded->image.size(), expected.size());
    QVERIFY(meanDifference(loaded->image, expected) < 2.0);
}

void TestImageLoader::trickyWrongExtension_data()
{
    REQUIRE_TEST_DATA("tricky");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QSize>("size");
    QTest::newRow("jpeg named .bmp") << "jpeg_named.bmp"
                                     << "jpeg" << QSize(640, 480);
    QTest::newRow("png named .jpg") << "png_alpha.jpg"
                                    << "png" << QSize(539, 667);
    QTest::newRow("webp named .jpg") << "webp_face.jpg"
                                     << "webp" << QSize(1350, 1800);
}

void TestImageLoader::trickyWrongExtension()
{
    QFETCH(QString, name);
    QFETCH(QString, format);
    QFETCH(QSize, size);
    const auto loaded =
        ImageLoader::load(lookalike::test::dataPath("tricky/wrong-extension/" + name));
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(loaded->format, format);
    QCOMPARE(loaded->fullSize, size);
}

void TestImageLoader::trickyCorrupt_data()
{
    REQUIRE_TEST_DATA("tricky");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("reason");
    QTest::newRow("garbage header") << "corrupt/garbage_header.jpg"
                                    << ": not a recognised image format";
    QTest::newRow("truncated") << "corrupt/truncated.jpg"
                               << ": truncated JPEG data: ";
    // Float64 planar RGB from tifffile: neither Qt's libtiff path nor OpenCV reads it.
    // libtiff prints its reason ("can not handle images with 64-bit samples") to stderr.
    QTest::newRow("float tiff") << "gray/multipage_rgb.tif"
                                << ": could not decode the TIFF data: ";
}

void TestImageLoader::trickyCorrupt()
{
    QFETCH(QString, name);
    QFETCH(QString, reason);
    const auto loaded = ImageLoader::load(lookalike::test::dataPath("tricky/" + name));
    QVERIFY(!loaded.ok());
    QVERIFY2(loaded.error().contains(reason), qPrintable(loaded.error()));
}

void TestImageLoader::trickyOddFormats_data()
{
    REQUIRE_TEST_DATA("tricky");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QSize>("size");
    QTest::newRow("16-bit tiff") << "gray/chessboard_GRAY_U16.tif" << QSize(200, 200);
    QTest::newRow("pgm") << "gray/baboon.pgm" << QSize(512, 512);
    QTest::newRow("pbm") << "gray/marbles.pbm" << QSize(1152, 813);
    QTest::newRow("grey png") << "gray/camera_face.png" << QSize(512, 512);
    QTest::newRow("1-bit png") << "odd/checker_bilevel.png" << QSize(10, 10);
    QTest::newRow("animated gif") << "odd/giphy.gif" << QSize(314, 400);
    QTest::newRow("rgba png") << "alpha/obama_rgba.png" << QSize(626, 1200);
}

void TestImageLoader::trickyOddFormats()
{
    QFETCH(QString, name);
    QFETCH(QSize, size);
    const auto loaded = ImageLoader::load(lookalike::test::dataPath("tricky/" + name));
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(loaded->image.size(), size);
    QCOMPARE(loaded->image.format(), QImage::Format_RGB888);
}

void TestImageLoader::trickyHugeReduced_data()
{
    REQUIRE_TEST_DATA("tricky");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QSize>("fullSize");
    QTest::addColumn<QSize>("reduced");
    QTest::newRow("elephants 17.9 MP")
        << "Elephants_5640x3172.jpg" << QSize(5640, 3172) << QSize(2048, 1152);
    QTest::newRow("face 12.6 MP") << "face_4352x2903.jpg" << QSize(4352, 2903) << QSize(2048, 1366);
}

void TestImageLoader::trickyHugeReduced()
{
    QFETCH(QString, name);
    QFETCH(QSize, fullSize);
    QFETCH(QSize, reduced);
    const auto loaded = ImageLoader::load(lookalike::test::dataPath("tricky/huge/" + name));
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(loaded->image.size(), reduced);
    QCOMPARE(loaded->fullSize, fullSize);
    QCOMPARE(loaded->scale, 2048.0 / fullSize.width());
    const QImage full = loaded->fullResolution();
    QCOMPARE(full.size(), fullSize);
    QCOMPARE(full.format(), QImage::Format_RGB888);
}

// Figures only, no assertion; opt-in because it takes a while. Both files are progressive
// JPEGs: libjpeg must entropy-decode every scan whatever the output size, so reducing saves
// much less than on the baseline re-encodes (what most cameras write).
void TestImageLoader::trickyHugeTimings()
{
    REQUIRE_TEST_DATA("tricky/huge");
    if (qEnvironmentVariableIsEmpty("LOOKALIKE_BENCH"))
        QSKIP("set LOOKALIKE_BENCH=1 to measure decode times");
    const QDir dir(lookalike::test::dataPath("tricky/huge"));
    for (const QString& name : dir.entryList(QDir::Files)) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray progressive = file.readAll();
        const QImage full = ImageLoader::decode(progressive, name, {.workingMaxSide = 0})->image;
        const QByteArray baseline = encode(full, "jpeg", 92);
        for (const auto& [kind, data] :
             {std::pair{"progressive", progressive}, {"baseline", baseline}}) {
            const auto cpuMs = [&](int maxSide) {
                return medianCpuMs(
                    [&] { ImageLoader::decode(data, name, {.workingMaxSide = maxSide}); }, 3);
            };
            qInfo("%s (%s): full size %.0f ms, reduced to 2048 %.0f ms (CPU, median of 3)",
                  qPrintable(name), kind, cpuMs(0), cpuMs(2048));
        }
    }
}

QTEST_GUILESS_MAIN(TestImageLoader)
#include "tst_imageloader.moc"
