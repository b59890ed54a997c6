// Whole-photo descriptors on real photos (INRIA Holidays, read-only): edited copies stay
// near-duplicates (hash, then the thumbnail check for crops), distinct photos and burst-like
// pairs (other shots of the same scene) do not; a file stored turned with an EXIF orientation
// reads as the upright photo; the look vector is unit length and ranks a
// copy above another scene.
#include "imageloader.h"
#include "photodescriber.h"
#include "photovariants.h"

#include <QtTest>

#include "testdata.h"

using namespace lookalike;

namespace {

const char* const kHolidays = "images/holidays-dev/jpg";

QImage holiday(const QString& name)
{
    return QImage(test::dataPath(QStringLiteral("%1/%2").arg(QLatin1String(kHolidays), name)))
        .convertToFormat(QImage::Format_RGB888);
}

PhotoDescriptor describe(const QImage& image)
{
    auto d = PhotoDescriber::describe(image);
    if (!d)
        qFatal("describe failed: %s", qPrintable(d.error()));
    return *d;
}

// Photos of different scenes, and pairs of other shots of one scene (same group).
const QStringList kScenes = {"100000.jpg", "100100.jpg", "100200.jpg", "100300.jpg",
                             "100500.jpg", "100700.jpg", "101000.jpg", "102000.jpg"};
const QList<QPair<QString, QString>> kBursts = {{"100000.jpg", "100001.jpg"},
                                                {"100300.jpg", "100301.jpg"},
                                                {"100100.jpg", "100101.jpg"},
                                                {"100200.jpg", "100201.jpg"}};

} // namespace

class TestPhotoDescriber : public QObject {
    Q_OBJECT
private slots:
    void shape();
    void hammingDistance();
    void variantsStayNear_data();
    void variantsStayNear();
    void distinctPhotosAreFar();
    void burstPairsAreNotDuplicates();
    void lookRanksCopyFirst();
};

void TestPhotoDescriber::shape()
{
    QImage image(40, 30, QImage::Format_RGB888);
    image.fill(QColor(200, 50, 20));
    const PhotoDescriptor d = describe(image);
    QCOMPARE(int(d.look.size()), PhotoDescriptor::kLookDimension);
    QCOMPARE(int(d.thumbnail.size()), PhotoDescriptor::kThumbSide * PhotoDescriptor::kThumbSide);
    QCOMPARE(int(d.windows.size()), PhotoDescriptor::kWindows * PhotoDescriptor::kHashBytes);
    double norm = 0;
    for (float v : d.look)
        norm += double(v) * v;
    QVERIFY(qAbs(norm - 1.0) < 1e-4);
    QVERIFY(!PhotoDescriber::describe(QImage()));
    QVERIFY(!PhotoDescriber::describe(QImage(4, 4, QImage::Format_RGB888)));
}

void TestPhotoDescriber::hammingDistance()
{
    std::array<std::uint8_t, 32> a{}, b{};
    QCOMPARE(PhotoDescriber::hammingDistance(a, b), 0);
    b[0] = 0xff;
    b[31] = 0x01;
    QCOMPARE(PhotoDescriber::hammingDistance(a, b), 9);
    QCOMPARE(PhotoDescriber::hashSimilarity(0), 1.f);
}

void TestPhotoDescriber::variantsStayNear_data()
{
    QTest::addColumn<QString>("photo");
    for (const QString& p : kScenes.mid(0, 5))
        QTest::newRow(qPrintable(p)) << p;
}

void TestPhotoDescriber::variantsStayNear()
{
    REQUIRE_TEST_DATA(kHolidays);
    QFETCH(QString, photo);
    const QImage original = holiday(photo);
    QVERIFY(!original.isNull());
    const PhotoDescriptor base = describe(original);
    const auto variants = PhotoVariants::make(original);
    QVERIFY(variants.size() >= 14);
    QVERIFY(std::any_of(variants.begin(), variants.end(),
                        [](const PhotoVariant& v) { return v.name == QLatin1String("exif6"); }));
    for (const PhotoVariant& v : variants) {
        // As the indexer sees it: the file decoded, EXIF orientation applied.
        auto loaded = ImageLoader::decode(v.file, v.name, ImageLoader::Options{});
        QVERIFY2(loaded, qPrintable(v.name + QStringLiteral(": ") + loaded.error()));
        const PhotoDescriptor d = describe(loaded->image);
        const int bits = PhotoDescriber::hammingDistance(base.hash, d.hash);
        QVERIFY2(PhotoDescriber::nearDuplicates(base, d),
                 qPrintable(QStringLiteral("%1: %2 bits, %3 with windows")
                                .arg(v.name)
                                .arg(bits)
                                .arg(PhotoDescriber::cropDistance(base, d))));
        // Everything but crops is caught by the global hash alone.
        if (!v.name.startsWith(QLatin1String("crop")))
            QVERIFY2(bits <= PhotoDescriber::kNearBits, qPrintable(QStringLiteral("%1: %2 bits").arg(v.name).arg(bits)));
    }
}

void TestPhotoDescriber::distinctPhotosAreFar()
{
    REQUIRE_TEST_DATA(kHolidays);
    std::vector<PhotoDescriptor> all;
    for (const QString& p : kScenes)
        all.push_back(describe(holiday(p)));
    for (size_t i = 0; i < all.size(); ++i)
        for (size_t j = i + 1; j < all.size(); ++j) {
            const int bits = PhotoDescriber::hammingDistance(all[i].hash, all[j].hash);
            QVERIFY2(bits > PhotoDescriber::kNearBits * 2, qPrintable(QStringLiteral("%1 %2: %3 bits").arg(kScenes[int(i)], kScenes[int(j)]).arg(bits)));
            QVERIFY2(!PhotoDescriber::nearDuplicates(all[i], all[j]),
                     qPrintable(kScenes[int(i)] + QLatin1Char(' ') + kScenes[int(j)]));
        }
}

void TestPhotoDescriber::burstPairsAreNotDuplicates()
{
    REQUIRE_TEST_DATA(kHolidays);
    for (const auto& [a, b] : kBursts) {
        const PhotoDescriptor da = describe(holiday(a)), db = describe(holiday(b));
        QVERIFY2(!PhotoDescriber::nearDuplicates(da, db),
                 qPrintable(QStringLiteral("%1 %2: %3 bits, %4 with windows")
                                .arg(a, b)
                                .arg(PhotoDescriber::hammingDistance(da.hash, db.hash))
                                .arg(PhotoDescriber::cropDistance(da, db))));
    }
}

void TestPhotoDescriber::lookRanksCopyFirst()
{
    REQUIRE_TEST_DATA(kHolidays);
    const QImage original = holiday(kScenes[0]);
    const PhotoDescriptor base = describe(original);
    const PhotoDescriptor copy = describe(PhotoVariants::adjusted(original, 0.1, 0));
    auto dot = [](const std::vector<float>& a, const std::vector<float>& b) {
        double s = 0;
        for (size_t i = 0; i < a.size(); ++i)
            s += double(a[i]) * b[i];
        return s;
    };
    const double toCopy = dot(base.look, copy.look);
    for (const QString& other : kScenes.mid(1))
        QVERIFY2(toCopy > dot(base.look, describe(holiday(other)).look), qPrintable(other));
}

QTEST_GUILESS_MAIN(TestPhotoDescriber)
#include "tst_photodescriber.moc"
