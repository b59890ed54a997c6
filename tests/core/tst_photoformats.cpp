// HEIC, AVIF and camera RAW through the one ImageLoader: files made from the shared photos
// with Debian's heif-enc and avifenc, DNGs written by DngWriter (a Bayer mosaic with and
// without an embedded preview), checked for size, orientation, pixels and the faces the
// real models find; damaged files and hostile sizes fail with a reason.
#include "dngwriter.h"
#include "facepipeline.h"
#include "imageformat.h"
#include "imageloader.h"
#include "imagepixels.h"
#include "modelregistry.h"
#include "photoformats.h"
#include "rawdecoder.h"
#include "testdata.h"
#include "threadbudget.h"

#include <QImageWriter>
#include <QTemporaryDir>
#include <QtConcurrent>
#include <QtTest>

using namespace lookalike;
using lookalike::test::dataPath;

namespace {

const char* kPortrait = "faces/face_recognition/examples/obama.jpg"; // 910x1137, one face

LoadedImage loadFull(const QString& path, int maxSide = 0)
{
    ImageLoader::Options options;
    options.workingMaxSide = maxSide;
    auto loaded = ImageLoader::load(path, options);
    if (!loaded)
        qFatal("cannot load %s: %s", qPrintable(path), qPrintable(loaded.error()));
    return *loaded;
}

// Mean absolute difference of two pictures in grey, both shrunk to 64x64 (0..255).
double meanDifference(const QImage& a, const QImage& b)
{
    auto small = [](const QImage& i) {
        return i.scaled(64, 64, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
            .convertToFormat(QImage::Format_Grayscale8);
    };
    const QImage x = small(a), y = small(b);
    double sum = 0;
    for (int r = 0; r < 64; ++r)
        for (int c = 0; c < 64; ++c)
            sum += std::abs(int(x.constScanLine(r)[c]) - int(y.constScanLine(r)[c]));
    return sum / (64 * 64);
}

double iou(const QRectF& a, const QRectF& b)
{
    const QRectF i = a.intersected(b);
    const double inter = i.width() * i.height();
    return inter / (a.width() * a.height() + b.width() * b.height() - inter);
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

} // namespace

class TestPhotoFormats : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<FacePipeline> m_pipeline;
    QImage m_upright; // the portrait, decoded from its JPEG
    QRectF m_face;    // its one face, relative
    QString path(const QString& name) const { return m_dir.filePath(name); }
    // The single face the models find in `photo`, checked against the JPEG's.
    void checkSameFace(const LoadedImage& photo);
    QString makeDng(const QString& name, const DngWriter::Options& options);

private slots:
    void initTestCase();
    void sniffsByContent_data();
    void sniffsByContent();
    void dngIsToldFromTiff();
    void heifMatchesTheJpeg_data();
    void heifMatchesTheJpeg();
    void heifAlphaOverWhite();
    void heifMultiImageGivesThePrimary();
    void heifReducedAndFull();
    void declaredSizeRefusedBeforeDecoding_data();
    void declaredSizeRefusedBeforeDecoding();
    void damagedFilesFailWithAReason_data();
    void damagedFilesFailWithAReason();
    void rawPaths_data();
    void rawPaths();
    void rawPreviewTooSmallUsesSensorData();
    void concurrentDecodes();
};

void TestPhotoFormats::initTestCase()
{
    QVERIFY(m_dir.isValid());
    REQUIRE_TEST_DATA(kPortrait);
    ThreadBudget::forWorkers(1);
    const auto registry = ModelRegistry::load();
    QVERIFY2(registry, qPrintable(registry.error()));
    auto pipeline = FacePipeline::create(*registry);
    QVERIFY2(pipeline, qPrintable(pipeline.error()));
    m_pipeline = std::move(*pipeline);
    const LoadedImage jpeg = loadFull(dataPath(kPortrait));
    m_upright = jpeg.image;
    const auto faces = m_pipeline->process(jpeg);
    QVERIFY2(faces && faces->size() == 1, "the portrait should show one face");
    m_face = faces->front().box;
}

void TestPhotoFormats::checkSameFace(const LoadedImage& photo)
{
    const auto faces = m_pipeline->process(photo);
    QVERIFY2(faces, qPrintable(faces.error()));
    QCOMPARE(int(faces->size()), 1);
    const double overlap = iou(faces->front().box, m_face);
    QVERIFY2(overlap > 0.7, qPrintable(QStringLiteral("face box overlap %1").arg(overlap)));
}

QString TestPhotoFormats::makeDng(const QString& name, const DngWriter::Options& options)
{
    const QString out = path(name);
    const Status written = DngWriter::write(m_upright, out, options);
    return written ? out : QString();
}

void TestPhotoFormats::sniffsByContent_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QString>("format");
    auto ftyp = [](const QByteArray& major, const QList<QByteArray>& compatible) {
        QByteArray box = QByteArray("\0\0\0\0ftyp", 8) + major + QByteArray(4, '\0');
        for (const QByteArray& b : compatible)
            box += b;
        box[3] = char(box.size());
        return box + QByteArray("\0\0\0\x08meta", 8);
    };
    QTest::newRow("iPhone HEIC") << ftyp("heic", {"mif1", "heic"}) << "heic";
    QTest::newRow("HEIF, HEVC brand later") << ftyp("mif1", {"mif1", "MiHE", "heic"}) << "heic";
    QTest::newRow("AVIF") << ftyp("avif", {"avif", "mif1", "miaf"}) << "avif";
    QTest::newRow("AVIF behind mif1") << ftyp("mif1", {"mif1", "miaf", "MA1B", "avif"}) << "avif";
    QTest::newRow("other HEIF") << ftyp("mif1", {"mif1"}) << "heif";
    QTest::newRow("Canon CR3") << ftyp("crx ", {"crx ", "isom"}) << "cr3";
    QTest::newRow("MP4 video") << ftyp("isom", {"isom", "mp41"}) << "";
    QTest::newRow("Canon CR2") << QByteArray("II*\0\x10\0\0\0CR\x02\0", 12) << "cr2";
    QTest::newRow("Olympus ORF") << QByteArray("IIRO\x08\0\0\0", 8) << "orf";
    QTest::newRow("Panasonic RW2") << QByteArray("IIU\0\x08\0\0\0", 8) << "rw2";
    QTest::newRow("Fujifilm RAF") << QByteArray("FUJIFILMCCD-RAW 0201FF383501") << "raf";
}

void TestPhotoFormats::sniffsByContent()
{
    QFETCH(QByteArray, head);
    QFETCH(QString, format);
    QCOMPARE(ImageLoader::sniffFormat(head), format);
}

void TestPhotoFormats::dngIsToldFromTiff()
{
    DngWriter::Options options;
    const QString dng = makeDng(QStringLiteral("sniff.dng"), options);
    QVERIFY(!dng.isEmpty());
    // From the file, reading only its directories (at its end here, as libtiff writes
    // them), and from the whole file in memory.
    QFile file(dng);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(ImageFormat::sniffFile(&file), QStringLiteral("dng"));
    QCOMPARE(ImageFormat::sniff(readAll(dng)), QStringLiteral("dng"));
    const QString tiff = path(QStringLiteral("plain.tif"));
    QVERIFY(m_upright.save(tiff, "TIFF"));
    QCOMPARE(ImageFormat::sniff(readAll(tiff)), QStringLiteral("tiff"));
    QVERIFY(ImageLoader::looksLikeImage(dng));
    QVERIFY(ImageFormat::isRaw(QStringLiteral("dng")) &&
            !ImageFormat::isRaw(QStringLiteral("tiff")));
}

void TestPhotoFormats::heifMatchesTheJpeg_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("orientation");
    QTest::newRow("HEIC") << "heic" << 1;
    QTest::newRow("AVIF") << "avif" << 1;
    // heif-enc 1.15 keeps the orientation in EXIF only; avifenc turns it into irot/imir.
    QTest::newRow("HEIC, EXIF rotated 90") << "heic" << 6;
    QTest::newRow("AVIF, EXIF rotated 90") << "avif" << 6;
    QTest::newRow("HEIC, EXIF rotated 180") << "heic" << 3;
    QTest::newRow("AVIF, EXIF rotated 270") << "avif" << 8;
}

void TestPhotoFormats::heifMatchesTheJpeg()
{
    QFETCH(QString, kind);
    QFETCH(int, orientation);
    // The stored pixels are the portrait turned back, so a correct reader shows it upright.
    QString source = dataPath(kPortrait);
    if (orientation != 1) {
        const int inverse = orientation == 6 ? 8 : orientation == 8 ? 6 : orientation;
        source = path(QStringLiteral("turned-%1.jpg").arg(orientation));
        QVERIFY(ImagePixels::oriented(m_upright, inverse).save(source, "JPEG", 95));
        const QString error =
            test::withExifOrientation(source, source + QStringLiteral(".jpg"), orientation);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        source += QStringLiteral(".jpg");
    }
    const QString out = path(QStringLiteral("portrait-%1.%2").arg(orientation).arg(kind));
    const QString error =
        kind == u"heic" ? test::makeHeic({source}, out) : test::makeAvif(source, out);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const LoadedImage photo = loadFull(out);
    QCOMPARE(photo.format, kind);
    QCOMPARE(photo.fullSize, m_upright.size());
    QCOMPARE(photo.image.size(), m_upright.size());
    QCOMPARE(photo.image.format(), QImage::Format_RGB888);
    const double diff = meanDifference(photo.image, m_upright);
    QVERIFY2(diff < 8, qPrintable(QStringLiteral("mean difference %1").arg(diff)));
    checkSameFace(photo);
}

void TestPhotoFormats::heifAlphaOverWhite()
{
    // The portrait on a fully transparent frame whose hidden colour is black, as cut-out
    // portraits are: the frame must come out white, not black.
    QImage rgba(m_upright.width() + 120, m_upright.height() + 120, QImage::Format_ARGB32);
    rgba.fill(qRgba(0, 0, 0, 0));
    for (int y = 0; y < m_upright.height(); ++y)
        for (int x = 0; x < m_upright.width(); ++x)
            rgba.setPixel(x + 60, y + 60, m_upright.pixel(x, y) | 0xFF000000);
    const QString png = path(QStringLiteral("cutout.png"));
    QVERIFY(rgba.save(png, "PNG"));
    const QString out = path(QStringLiteral("alpha.heic"));
    const QString error = test::makeHeic({png}, out);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const LoadedImage photo = loadFull(out);
    QCOMPARE(photo.image.format(), QImage::Format_RGB888);
    for (const QPoint& p : {QPoint(5, 5), QPoint(rgba.width() - 5, rgba.height() / 2)}) {
        const QRgb c = photo.image.pixel(p);
        QVERIFY2(qRed(c) > 235 && qGreen(c) > 235 && qBlue(c) > 235,
                 qPrintable(QStringLiteral("frame pixel %1").arg(c, 0, 16)));
    }
    const auto faces = m_pipeline->process(photo);
    QVERIFY(faces);
    QCOMPARE(int(faces->size()), 1);
}

void TestPhotoFormats::heifMultiImageGivesThePrimary()
{
    REQUIRE_TEST_DATA("faces/face_recognition/examples/biden.jpg");
    const QString out = path(QStringLiteral("two.heic"));
    // The portrait first (the primary image), a second photo, and a 128 px thumbnail each.
    const QString error =
        test::makeHeic({dataPath(kPortrait),
                        dataPath(QStringLiteral("faces/face_recognition/examples/biden.jpg"))},
                       out, {QStringLiteral("-t"), QStringLiteral("128")});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const LoadedImage photo = loadFull(out);
    QCOMPARE(photo.fullSize, m_upright.size());
    QVERIFY(meanDifference(photo.image, m_upright) < 8);
}

void TestPhotoFormats::heifReducedAndFull()
{
    const QString out = path(QStringLiteral("reduced.heic"));
    const QString error = test::makeHeic({dataPath(kPortrait)}, out);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const LoadedImage photo = loadFull(out, 512);
    QCOMPARE(std::max(photo.image.width(), photo.image.height()), 512);
    QCOMPARE(photo.fullSize, m_upright.size());
    QVERIFY(qAbs(photo.scale - 512.0 / 1137) < 1e-3);
    const QImage full = photo.fullResolution();
    QCOMPARE(full.size(), m_upright.size());
    checkSameFace(photo);
}

void TestPhotoFormats::declaredSizeRefusedBeforeDecoding_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("HEIC") << "heic";
    QTest::newRow("AVIF") << "avif";
    QTest::newRow("DNG") << "dng";
}

void TestPhotoFormats::declaredSizeRefusedBeforeDecoding()
{
    QFETCH(QString, kind);
    const QString out = path(QStringLiteral("limit.") + kind);
    if (kind == u"dng") {
        DngWriter::Options options;
        options.preview = DngWriter::Preview::None;
        QVERIFY(DngWriter::write(m_upright, out, options));
    } else {
        const QString error = kind == u"heic" ? test::makeHeic({dataPath(kPortrait)}, out)
                                              : test::makeAvif(dataPath(kPortrait), out);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    ImageLoader::Options options;
    options.maxPixels = 500'000; // the portrait is 1.03 MP
    const auto refused = ImageLoader::load(out, options);
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(QStringLiteral("exceeds the 0.5 MP limit")),
             qPrintable(refused.error()));
    QVERIFY(refused.error().startsWith(out + QStringLiteral(": ")));
}

void TestPhotoFormats::damagedFilesFailWithAReason_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("reason");
    QTest::newRow("HEIC cut in half") << "heic"
                                      << "truncate"
                                      << "HEIC";
    QTest::newRow("HEIC header only") << "heic"
                                      << "header"
                                      << "HEIC";
    QTest::newRow("HEIC with garbage after the brand") << "heic"
                                                       << "garbage"
                                                       << "HEIC";
    QTest::newRow("AVIF cut in half") << "avif"
                                      << "truncate"
                                      << "AVIF";
    QTest::newRow("DNG header only") << "dng"
                                     << "header"
                                     << "DNG";
    QTest::newRow("DNG cut in half, no preview") << "dng"
                                                 << "truncate"
                                                 << "DNG";
}

void TestPhotoFormats::damagedFilesFailWithAReason()
{
    QFETCH(QString, kind);
    QFETCH(QString, damage);
    QFETCH(QString, reason);
    const QString good = path(QStringLiteral("good-%1.%2").arg(damage, kind));
    if (kind == u"dng") {
        DngWriter::Options options;
        options.preview = DngWriter::Preview::None;
        QVERIFY(DngWriter::write(m_upright, good, options));
    } else {
        const QString error = kind == u"heic" ? test::makeHeic({dataPath(kPortrait)}, good)
                                              : test::makeAvif(dataPath(kPortrait), good);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    QByteArray bytes = readAll(good);
    if (damage == u"truncate")
        bytes.truncate(bytes.size() / 2);
    else if (damage == u"header")
        bytes.truncate(kind == u"dng" ? 300 : 40);
    else
        for (qsizetype i = 64; i < bytes.size(); ++i)
            bytes[i] = char((i * 7919) >> 3);
    const QString bad = path(QStringLiteral("bad-%1.%2").arg(damage, kind));
    writeBytes(bad, bytes);
    const auto loaded = ImageLoader::load(bad);
    if (loaded) {
        // Some damage still decodes: then it must be said.
        QVERIFY2(!loaded->warning.isEmpty(), "a damaged file decoded without a warning");
        QVERIFY(loaded->warning.contains(reason));
        return;
    }
    QVERIFY2(loaded.error().startsWith(bad + QStringLiteral(": ")), qPrintable(loaded.error()));
    QVERIFY2(loaded.error().contains(reason), qPrintable(loaded.error()));
    qInfo("%s", qPrintable(loaded.error()));
}

void TestPhotoFormats::rawPaths_data()
{
    QTest::addColumn<int>("preview");
    QTest::addColumn<int>("orientation");
    QTest::addColumn<bool>("fromPreview");
    using P = DngWriter::Preview;
    QTest::newRow("JPEG preview") << int(P::Jpeg) << 1 << true;
    QTest::newRow("RGB preview") << int(P::Rgb) << 1 << true;
    QTest::newRow("no preview: half size") << int(P::None) << 1 << false;
    QTest::newRow("JPEG preview, rotated 90") << int(P::Jpeg) << 6 << true;
    QTest::newRow("no preview, rotated 90") << int(P::None) << 6 << false;
    QTest::newRow("no preview, rotated 270") << int(P::None) << 8 << false;
    QTest::newRow("no preview, rotated 180") << int(P::None) << 3 << false;
}

void TestPhotoFormats::rawPaths()
{
    QFETCH(int, preview);
    QFETCH(int, orientation);
    QFETCH(bool, fromPreview);
    // The preview is the portrait (long side 1137, above 1024), and so is the sensor.
    const QImage big = m_upright;
    DngWriter::Options options;
    options.preview = DngWriter::Preview(preview);
    options.orientation = orientation;
    const QString dng = path(QStringLiteral("raw-%1-%2.dng").arg(preview).arg(orientation));
    QVERIFY(DngWriter::write(big, dng, options));
    const LoadedImage photo = loadFull(dng);
    QCOMPARE(photo.format, QStringLiteral("dng"));
    QVERIFY2(photo.warning.isEmpty(), qPrintable(photo.warning));
    // Upright whichever way it was stored; the preview at its size, the sensor at half.
    QCOMPARE(photo.fullSize, fromPreview ? big.size() : big.size() / 2);
    const double diff = meanDifference(photo.image, m_upright);
    QVERIFY2(diff < (fromPreview ? 8 : 30),
             qPrintable(QStringLiteral("mean difference %1").arg(diff)));
    checkSameFace(photo);
    // Both paths can be asked for: the sensor data of a file with a preview too.
    if (fromPreview) {
        auto sensor = RawDecoder::decode(readAll(dng), QStringLiteral("dng"), dng, 120'000'000, 0,
                                         RawDecoder::Path::HalfSize);
        QVERIFY2(sensor, qPrintable(sensor.error()));
        QCOMPARE(sensor->fullSize, big.size() / 2);
        QVERIFY(meanDifference(sensor->image, m_upright) < 30);
    }
}

void TestPhotoFormats::rawPreviewTooSmallUsesSensorData()
{
    DngWriter::Options options;
    options.preview = DngWriter::Preview::Jpeg;
    options.previewMaxSide = 512;
    const QString dng = makeDng(QStringLiteral("small-preview.dng"), options);
    QVERIFY(!dng.isEmpty());
    const LoadedImage photo = loadFull(dng);
    QCOMPARE(photo.fullSize, (m_upright.size() / 2)); // half size, not the 512 px preview
    checkSameFace(photo);
}

void TestPhotoFormats::concurrentDecodes()
{
    const QString heic = path(QStringLiteral("concurrent.heic"));
    QVERIFY(test::makeHeic({dataPath(kPortrait)}, heic).isEmpty());
    DngWriter::Options options;
    options.preview = DngWriter::Preview::None;
    const QString dng = makeDng(QStringLiteral("concurrent.dng"), options);
    QList<QString> files;
    for (int i = 0; i < 6; ++i)
        files << heic << dng;
    const QList<QSize> sizes = QtConcurrent::blockingMapped(files, [](const QString& file) {
        auto loaded = ImageLoader::load(file);
        return loaded ? loaded->fullSize : QSize();
    });
    for (int i = 0; i < sizes.size(); ++i)
        QCOMPARE(sizes[i], i % 2 == 0 ? m_upright.size() : m_upright.size() / 2);
}

QTEST_GUILESS_MAIN(TestPhotoFormats)
#include "tst_photoformats.moc"
