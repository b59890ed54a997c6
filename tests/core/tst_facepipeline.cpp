#include "facepipeline.h"
#include "imageloader.h"
#include "modelregistry.h"
#include "testdata.h"
#include "threadbudget.h"

#include <QDir>
#include <QElapsedTimer>
#include <QPainter>
#include <QtTest>
#include <numeric>

using namespace lookalike;

namespace {

// The photo as the importer hands it over, at full size; with `maxSide`, decoded reduced
// like the importer's working copy. `fullDecodes` counts full-resolution decodes.
LoadedImage loadPhoto(const QString& relative, int maxSide = 0, int* fullDecodes = nullptr)
{
    ImageLoader::Options options;
    options.workingMaxSide = maxSide;
    Expected<LoadedImage> photo = ImageLoader::load(test::dataPath(relative), options);
    if (!photo)
        return {};
    if (fullDecodes) {
        photo->fullResolution = [decode = photo->fullResolution, fullDecodes] {
            ++*fullDecodes;
            return decode();
        };
    }
    return *photo;
}

// The detections the face gate keeps.
int keptFaces(const std::vector<DetectedFace>& faces)
{
    return int(std::count_if(faces.begin(), faces.end(),
                             [](const DetectedFace& f) { return !f.notFace; }));
}

float cosine(const DetectedFace& a, const DetectedFace& b)
{
    return std::inner_product(a.embedding.begin(), a.embedding.end(), b.embedding.begin(), 0.f);
}

} // namespace

class TestFacePipeline : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void faceCounts_data();
    void faceCounts();
    void facesAreDescribed();
    void sameFaceAtEveryResolution();
    void differentPeopleDiffer();
    void reducedDecodeCropsFromFullResolution();
    void alignedCropHasTheEmbedderSize();
    void nullImageIsAnError();
    void describeRegionWithoutDetection();
    void smallFacesInLargePhoto();
    void timeLargePhoto();

private:
    DetectedFace onlyFace(const QString& relative);
    std::unique_ptr<FacePipeline> m_pipeline;
};

void TestFacePipeline::initTestCase()
{
    REQUIRE_TEST_DATA("faces");
    ThreadBudget::forWorkers(1);
    const auto registry = ModelRegistry::load();
    QVERIFY2(registry, qPrintable(registry.error()));
    auto pipeline = FacePipeline::create(*registry);
    if (!pipeline)
        QSKIP(qPrintable(pipeline.error()));
    m_pipeline = std::move(*pipeline);
    QCOMPARE(m_pipeline->dimension(), 512);
}

void TestFacePipeline::faceCounts_data()
{
    QTest::addColumn<QString>("photo");
    QTest::addColumn<int>("least");
    QTest::addColumn<int>("most");
    // bbt2: two faces in front, one face in the background at the left edge; the two
    // people seen from behind and in profile in the background may or may not count.
    QTest::newRow("bbt1") << "faces/bbt/bbt1.jpg" << 4 << 4;
    QTest::newRow("bbt2") << "faces/bbt/bbt2.jpg" << 3 << 4;
    QTest::newRow("bbt3") << "faces/bbt/bbt3.jpg" << 5 << 5;
    QTest::newRow("bbt4") << "faces/bbt/bbt4.jpg" << 6 << 6;
    QTest::newRow("bbt5") << "faces/bbt/bbt5.jpg" << 5 << 5;
    QTest::newRow("six faces") << "tricky/multiface/six_faces.jpg" << 6 << 6;
    QTest::newRow("selfie") << "tricky/multiface/selfie_many.jpg" << 5 << 8;
    QTest::newRow("crowd") << "tricky/multiface/crowd_small_faces.jpg" << 25 << 200;
    QTest::newRow("12 MP portrait") << "tricky/huge/face_4352x2903.jpg" << 1 << 1;
    QTest::newRow("portrait") << "tricky/rotated/r0.jpg" << 1 << 1;
    QTest::newRow("grey") << "tricky/gray/camera_face.png" << 1 << 1;
    QTest::newRow("rgba") << "tricky/alpha/obama_rgba.png" << 1 << 1;
    for (const char* name : {"obama-240p", "obama-480p", "obama-720p", "obama-1080p", "obama",
                             "obama2", "obama_small", "biden"})
        QTest::newRow(name) << QStringLiteral("faces/face_recognition/examples/%1.jpg").arg(name)
                            << 1 << 1;
    QTest::newRow("coffee") << "tricky/noface/coffee.png" << 0 << 0;
    QTest::newRow("landscape") << "tricky/noface/view.jpg" << 0 << 0;
    QTest::newRow("cat") << "tricky/noface/chelsea.png" << 0 << 0;
    QTest::newRow("elephants") << "tricky/huge/Elephants_5640x3172.jpg" << 0 << 0;
}

void TestFacePipeline::faceCounts()
{
    QFETCH(QString, photo);
    QFETCH(int, least);
    QFETCH(int, most);
    REQUIRE_TEST_DATA(photo);
    const auto faces = m_pipeline->process(loadPhoto(photo));
    QVERIFY2(faces, qPrintable(faces.error()));
    const int found = keptFaces(*faces);
    QVERIFY2(
        found >= least && found <= most,
        qPrintable(QStringLiteral("%1 faces, expected %2..%3").arg(found).arg(least).arg(most)));
}

void TestFacePipeline::facesAreDescribed()
{
    REQUIRE_TEST_DATA("faces/bbt/bbt4.jpg");
    const auto faces = m_pipeline->process(loadPhoto("faces/bbt/bbt4.jpg"));
    QVERIFY(faces && !faces->empty());
    const QRectF unit(0, 0, 1, 1);
    double previousArea = 2.0;
    for (const DetectedFace& face : *faces) {
        QCOMPARE(int(face.embedding.size()), m_pipeline->dimension());
        const float norm = std::sqrt(cosine(face, face));
        QVERIFY2(std::abs(norm - 1.f) < 1e-4f, qPrintable(QString::number(norm)));
        QVERIFY(unit.contains(face.box));
        QVERIFY(face.box.contains(face.landmarks[30])); // nose tip inside the face box
        QVERIFY(face.score > 0.f && face.score <= 1.f);
        const double area = face.box.width() * face.box.height();
        QVERIFY(area <= previousArea); // largest first
        previousArea = area;
    }
}

DetectedFace TestFacePipeline::onlyFace(const QString& relative)
{
    const auto faces = m_pipeline->process(loadPhoto(relative));
    if (!faces || faces->size() != 1)
        return {};
    return faces->front();
}

void TestFacePipeline::sameFaceAtEveryResolution()
{
    REQUIRE_TEST_DATA("faces/face_recognition/examples/obama-240p.jpg");
    std::vector<DetectedFace> faces;
    for (const char* size : {"240p", "480p", "720p", "1080p"}) {
        faces.push_back(
            onlyFace(QStringLiteral("faces/face_recognition/examples/obama-%1.jpg").arg(size)));
        QVERIFY2(!faces.back().embedding.empty(), size);
    }
    for (size_t i = 0; i < faces.size(); ++i) {
        for (size_t j = i + 1; j < faces.size(); ++j)
            QVERIFY2(cosine(faces[i], faces[j]) > 0.8f,
                     qPrintable(QString::number(cosine(faces[i], faces[j]))));
    }
}

void TestFacePipeline::differentPeopleDiffer()
{
    REQUIRE_TEST_DATA("faces/face_recognition/examples/biden.jpg");
    const DetectedFace obama = onlyFace("faces/face_recognition/examples/obama.jpg");
    const DetectedFace obama2 = onlyFace("faces/face_recognition/examples/obama2.jpg");
    const DetectedFace biden = onlyFace("faces/face_recognition/examples/biden.jpg");
    QVERIFY(!obama.embedding.empty() && !obama2.embedding.empty() && !biden.embedding.empty());
    QVERIFY2(cosine(obama, biden) < 0.3f, qPrintable(QString::number(cosine(obama, biden))));
    QVERIFY2(cosine(obama2, biden) < 0.3f, qPrintable(QString::number(cosine(obama2, biden))));
    QVERIFY2(cosine(obama, obama2) > 0.5f, qPrintable(QString::number(cosine(obama, obama2))));
}

// A photo decoded at a quarter of its size: small faces come from the full-resolution
// decode, which happens once however many faces need it.
void TestFacePipeline::reducedDecodeCropsFromFullResolution()
{
    const QString path = "tricky/multiface/six_faces.jpg";
    REQUIRE_TEST_DATA(path);
    int fullDecodes = 0;
    const LoadedImage reduced = loadPhoto(path, 400, &fullDecodes);
    QVERIFY(reduced.scale < 0.5);
    const auto small = m_pipeline->process(reduced);
    const auto full = m_pipeline->process(loadPhoto(path));
    QVERIFY(small && full);
    QCOMPARE(small->size(), full->size());
    QCOMPARE(fullDecodes, 1);
    for (const DetectedFace& face : *small) {
        const auto same = std::find_if(full->begin(), full->end(), [&](const DetectedFace& f) {
            return f.box.contains(face.box.center());
        });
        QVERIFY(same != full->end());
        const float similarity = cosine(face, *same);
        QVERIFY2(similarity > 0.8f, qPrintable(QString::number(similarity)));
    }
}

void TestFacePipeline::alignedCropHasTheEmbedderSize()
{
    const QString path = "faces/face_recognition/examples/obama.jpg";
    REQUIRE_TEST_DATA(path);
    const LoadedImage photo = loadPhoto(path);
    const DetectedFace face = onlyFace(path);
    QVERIFY(!face.embedding.empty());
    QCOMPARE(FacePipeline::alignedCrop(photo.image, face.landmarks).size(), QSize(112, 112));
    QCOMPARE(m_pipeline->crop(photo.image, face.landmarks).size(), QSize(112, 112));
    const QImage half = photo.image.scaled(photo.image.size() / 2);
    QCOMPARE(FacePipeline::alignedCrop(half, face.landmarks).size(), QSize(112, 112));
}

void TestFacePipeline::nullImageIsAnError()
{
    const auto faces = m_pipeline->process(LoadedImage{});
    QVERIFY(!faces);
    QVERIFY(!faces.error().isEmpty());
}

void TestFacePipeline::describeRegionWithoutDetection()
{
    const QString path = "faces/face_recognition/examples/obama.jpg";
    REQUIRE_TEST_DATA(path);
    const LoadedImage photo = loadPhoto(path);
    const DetectedFace detected = onlyFace(path);
    const auto described = m_pipeline->describeRegion(photo, detected.box);
    QVERIFY2(described, qPrintable(described.error()));
    QVERIFY(cosine(detected, *described) > 0.99f);
}

// A 12 MP photo with twelve LFW photos pasted in at half size, so each face box is about
// 40 pixels high: the tiles must find them without inventing others.
void TestFacePipeline::smallFacesInLargePhoto()
{
    REQUIRE_TEST_DATA("faces/lfw-devtrain/images");
    REQUIRE_TEST_DATA("tricky/noface/view.jpg");
    QImage canvas = loadPhoto("tricky/noface/view.jpg")
                        .image.scaled(4000, 3000, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    const QStringList people = QDir(test::dataPath("faces/lfw-devtrain/images"))
                                   .entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QList<QRect> pasted;
    QPainter painter(&canvas);
    for (int i = 0; i < 12; ++i) {
        const QString name = people[i * 37 + 5];
        const QImage photo =
            loadPhoto(QStringLiteral("faces/lfw-devtrain/images/%1/%1_0001.jpg").arg(name)).image;
        const QImage small =
            photo.scaled(photo.size() / 2, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        const QPoint at(150 + (i % 4) * 1013 + (i * 97) % 300,
                        200 + (i / 4) * 1000 + (i * 53) % 250);
        painter.drawImage(at, small);
        pasted << QRect(at, small.size());
    }
    painter.end();
    LoadedImage photo;
    photo.image = canvas;
    photo.fullSize = canvas.size();
    QElapsedTimer timer;
    timer.start();
    const auto faces = m_pipeline->process(photo);
    QVERIFY(faces);
    qInfo("4000x3000 photo, 12 faces of 40 px: %d found, %lld ms, %d detector tiles",
          int(faces->size()), timer.elapsed(), m_pipeline->lastTileCount());
    int found = 0;
    for (const QRect& where : pasted) {
        const QRectF relativeWhere(double(where.x()) / 4000, double(where.y()) / 3000,
                                   double(where.width()) / 4000, double(where.height()) / 3000);
        found += std::any_of(faces->begin(), faces->end(), [&](const DetectedFace& f) {
            return relativeWhere.contains(f.box.center());
        });
    }
    QVERIFY2(found >= 11, qPrintable(QString::number(found)));
    QVERIFY2(keptFaces(*faces) <= 13, qPrintable(QString::number(keptFaces(*faces))));
}

void TestFacePipeline::timeLargePhoto()
{
    const QString path = "tricky/huge/face_4352x2903.jpg";
    REQUIRE_TEST_DATA(path);
    const LoadedImage photo = loadPhoto(path);
    QElapsedTimer timer;
    timer.start();
    const auto faces = m_pipeline->process(photo);
    QVERIFY(faces);
    qInfo("%dx%d photo: %lld ms for %d face(s), %d detector tiles, minFacePixels 40",
          photo.image.width(), photo.image.height(), timer.elapsed(), int(faces->size()),
          m_pipeline->lastTileCount());
}

QTEST_GUILESS_MAIN(TestFacePipeline)
#include "tst_facepipeline.moc"
