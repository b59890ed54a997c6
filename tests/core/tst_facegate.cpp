// The face gate on real photos with the real models: false faces in photos without people
// that it was not trained on are set aside, real faces (LFW, crowds, small, turned and dark
// ones) are kept; the gate file is checked like any model; and lookalike-cli records what it
// set aside, counts it, and lets a person mark detections either way, undo and re-index.
#include "clirun.h"
#include "facegate.h"
#include "facepipeline.h"
#include "gatebenchmark.h"
#include "imageloader.h"
#include "library.h"
#include "modelregistry.h"
#include "testdata.h"
#include "threadbudget.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike;
using lookalike::test::cli;
using lookalike::test::Run;

namespace {

int kept(const std::vector<DetectedFace>& faces)
{
    return int(std::count_if(faces.begin(), faces.end(),
                             [](const DetectedFace& f) { return !f.notFace; }));
}

} // namespace

class TestFaceGate : public QObject {
    Q_OBJECT

private:
    std::optional<ModelRegistry> m_registry;
    std::unique_ptr<FacePipeline> m_pipeline;
    QTemporaryDir m_dir;
    QStringList m_withFalseFaces; // held-out photos without people where the detector errs

    std::vector<DetectedFace> detect(const QString& path)
    {
        auto photo = ImageLoader::load(path);
        if (!photo)
            return {};
        auto faces = m_pipeline->process(*photo);
        return faces ? *faces : std::vector<DetectedFace>{};
    }

    std::vector<GateSamples::Photo> photosOf(const QString& set, int lfwLimit = 0)
    {
        std::vector<GateSamples::Photo> out;
        for (const GateSamples::Photo& p : GateSamples::list(test::dataDir(), lfwLimit, false))
            if (p.set == set && p.heldOut)
                out.push_back(p);
        return out;
    }

private slots:
    void initTestCase()
    {
        REQUIRE_TEST_DATA("images/noface-dev");
        ThreadBudget::forWorkers(1);
        auto registry = ModelRegistry::load();
        QVERIFY2(registry, qPrintable(registry.error()));
        QVERIFY2(!registry->idForTask(QStringLiteral("face-gate")).isEmpty(),
                 "the manifest has no face gate");
        auto pipeline = FacePipeline::create(*registry);
        if (!pipeline)
            QSKIP(qPrintable(pipeline.error()));
        m_registry = *registry;
        m_pipeline = std::move(*pipeline);
        QVERIFY(m_pipeline->gate());
        QVERIFY(m_pipeline->gate()->threshold() > 0 && m_pipeline->gate()->threshold() < 1);
    }

    // The bar: at most 10 false faces per 1,000 photos without people, measured on
    // the half of noface-dev the gate never saw (the detector alone finds about 140).
    void photosWithoutPeopleNotTrainedOnHaveAlmostNoFaces()
    {
        qint64 photos = 0, detections = 0, left = 0;
        for (const GateSamples::Photo& p : photosOf(QStringLiteral("noface"))) {
            const std::vector<DetectedFace> faces = detect(p.path);
            ++photos;
            detections += qint64(faces.size());
            left += kept(faces);
            if (!faces.empty())
                m_withFalseFaces << p.path;
            for (const DetectedFace& f : faces)
                QVERIFY(f.faceProbability >= 0.f && f.faceProbability <= 1.f);
        }
        qInfo("%lld held-out photos without people: %lld detections, %lld kept as faces", photos,
              detections, left);
        QVERIFY(photos >= 140);
        QVERIFY2(detections >= 15,
                 "the detector should err on these photos, or the test proves nothing");
        QVERIFY2(left * 1000 <= 10 * photos, qPrintable(QString::number(left)));
    }

    // Small, turned, blurred, dark and crowded faces keep their counts.
    void crowdsKeepTheirFaces_data()
    {
        QTest::addColumn<QString>("photo");
        QTest::addColumn<int>("faces");
        QTest::newRow("six faces") << "tricky/multiface/six_faces.jpg" << 6;
        QTest::newRow("bbt1") << "faces/bbt/bbt1.jpg" << 4;
        QTest::newRow("bbt3") << "faces/bbt/bbt3.jpg" << 5;
        QTest::newRow("bbt4") << "faces/bbt/bbt4.jpg" << 6;
        QTest::newRow("bbt5") << "faces/bbt/bbt5.jpg" << 5;
        QTest::newRow("couple") << "faces/deepface/tests/unit/dataset/couple.jpg" << 2;
        QTest::newRow("grey") << "tricky/gray/camera_face.png" << 1;
        QTest::newRow("obama 240p") << "faces/face_recognition/examples/obama-240p.jpg" << 1;
    }
    void crowdsKeepTheirFaces()
    {
        QFETCH(QString, photo);
        QFETCH(int, faces);
        REQUIRE_TEST_DATA(photo);
        QCOMPARE(kept(detect(test::dataPath(photo))), faces);
    }

    void theCrowdOfSmallFacesKeepsThemAll()
    {
        const QString photo =
            test::dataPath(QStringLiteral("tricky/multiface/crowd_small_faces.jpg"));
        const std::vector<DetectedFace> faces = detect(photo);
        const int before = int(std::count_if(faces.begin(), faces.end(), [](const DetectedFace& f) {
            return f.rawNorm >= GateBenchmark::kFormerMinRawNorm;
        }));
        qInfo("crowd: %zu detections, %d before the gate, %d kept", faces.size(), before,
              kept(faces));
        QVERIFY(before >= 25);
        QVERIFY2(kept(faces) >= before,
                 qPrintable(QStringLiteral("%1 < %2").arg(kept(faces)).arg(before)));
    }

    void lfwMainFacesAreKept()
    {
        int photos = 0, mains = 0, keptMains = 0;
        for (const GateSamples::Photo& p : photosOf(QStringLiteral("lfw"), 400)) {
            ++photos;
            for (const DetectedFace& f : detect(p.path))
                if (f.box.contains(QPointF(0.5, 0.5))) {
                    ++mains;
                    keptMains += f.notFace ? 0 : 1;
                    break;
                }
        }
        qInfo("%d held-out LFW photos: %d main faces, %d kept", photos, mains, keptMains);
        QVERIFY(photos >= 80);
        QCOMPARE(keptMains, mains);
    }

    void describedRegionsAreNeverJudged()
    {
        const QString path = test::dataPath(QStringLiteral("tricky/noface/chelsea.png"));
        auto photo = ImageLoader::load(path);
        QVERIFY(photo);
        auto region = m_pipeline->describeRegion(*photo, QRectF(0.3, 0.2, 0.4, 0.5));
        QVERIFY(region);
        QVERIFY(!region->notFace); // a person drew it: it is a face
    }

    void aDamagedGateFileIsRefusedWithAClearMessage()
    {
        const ModelSpec spec = m_registry->spec(m_registry->idForTask(QStringLiteral("face-gate")));
        QVERIFY(spec.bundled);
        ModelSpec broken = spec;
        broken.path = m_dir.filePath(QStringLiteral("facegate.json"));
        QFile f(broken.path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": \"lookalike-face-gate-1\", \"weights\": {}}");
        f.close();
        auto gate = FaceGate::load(broken);
        QVERIFY(!gate);
        QVERIFY2(gate.error().contains(broken.path), qPrintable(gate.error()));
        // A manifest naming a gate file that is not there: the pipeline says what to do.
        QFile manifest(m_registry->manifestPath());
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        const QString copy = m_dir.filePath(QStringLiteral("models.json"));
        QFile out(copy);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(manifest.readAll());
        out.close();
        auto registry = ModelRegistry::load(copy, m_registry->modelsDir());
        QVERIFY(registry);
        auto pipeline = FacePipeline::create(*registry);
        QVERIFY(!pipeline);
        QVERIFY2(pipeline.error().contains(QStringLiteral("reinstall")),
                 qPrintable(pipeline.error()));
        FacePipeline::Options without;
        without.useGate = false;
        QVERIFY(FacePipeline::create(*registry, without));
    }

    // lookalike-cli: index counts what the gate set aside, stats too; mark-face lists them
    // and marks either way; undo; a re-indexed photo keeps the verdict.
    void theCommandLineRecordsAndMarksNotFaces()
    {
        QVERIFY2(m_withFalseFaces.size() >= 2,
                 "run photosWithoutPeopleNotTrainedOnHaveAlmostNoFaces first");
        const QString photos = m_dir.filePath(QStringLiteral("photos"));
        QVERIFY(QDir().mkpath(photos));
        for (int i = 0; i < 4 && i < m_withFalseFaces.size(); ++i)
            QVERIFY(
                QFile::copy(m_withFalseFaces[i], photos + QStringLiteral("/noface%1.jpg").arg(i)));
        QVERIFY(QFile::copy(test::dataPath(QStringLiteral("faces/bbt/bbt1.jpg")),
                            photos + QStringLiteral("/bbt1.jpg")));
        const QString db = m_dir.filePath(QStringLiteral("lib.db"));
        const Run index = cli({QStringLiteral("index"), db, photos});
        QVERIFY2(index.code == 0, index.err.constData());
        const qint64 notFaces = index.json().value(QStringLiteral("not_faces")).toInteger();
        QVERIFY(notFaces >= 1);
        QVERIFY(index.json().value(QStringLiteral("faces")).toInteger() >=
                4); // bbt1's, and any false face left
        const Run stats = cli({QStringLiteral("stats"), db});
        QCOMPARE(stats.json().value(QStringLiteral("not_faces")).toInteger(), notFaces);
        const qint64 faces = stats.json().value(QStringLiteral("faces")).toInteger();
        QCOMPARE(stats.json()
                     .value(QStringLiteral("index"))
                     .toObject()
                     .value(QStringLiteral("vectors"))
                     .toInteger(),
                 faces);

        const Run list = cli({QStringLiteral("mark-face"), db, QStringLiteral("--list")});
        QCOMPARE(list.code, 0);
        const QJsonArray hidden = list.json().value(QStringLiteral("not_faces")).toArray();
        QCOMPARE(hidden.size(), notFaces);
        const QString id =
            QString::number(hidden.at(0).toObject().value(QStringLiteral("face_id")).toInteger());
        const QString path = hidden.at(0).toObject().value(QStringLiteral("path")).toString();

        QCOMPARE(cli({QStringLiteral("mark-face"), db, id}).code,
                 1); // neither --face nor --not-face
        const Run marked = cli({QStringLiteral("mark-face"), db, id, QStringLiteral("--face")});
        QVERIFY2(marked.code == 0, marked.err.constData());
        QCOMPARE(marked.json().value(QStringLiteral("faces_changed")).toInt(), 1);
        QCOMPARE(
            cli({QStringLiteral("stats"), db}).json().value(QStringLiteral("faces")).toInteger(),
            faces + 1);
        QCOMPARE(cli({QStringLiteral("undo"), db}).code, 0);
        QCOMPARE(
            cli({QStringLiteral("stats"), db}).json().value(QStringLiteral("faces")).toInteger(),
            faces);

        // Marked a face again, then the photo changes: indexed again, it stays a face.
        QVERIFY(cli({QStringLiteral("mark-face"), db, id, QStringLiteral("--face")}).code == 0);
        QFile file(path);
        QVERIFY(file.open(QIODevice::Append));
        file.write(QByteArray(16, '\0')); // after the JPEG's end: same pixels, new size
        file.close();
        const Run again = cli({QStringLiteral("index"), db, photos});
        QVERIFY2(again.code == 0, again.err.constData());
        QCOMPARE(again.json().value(QStringLiteral("images_indexed")).toInteger(), 1);
        const Run after = cli({QStringLiteral("stats"), db});
        QCOMPARE(after.json().value(QStringLiteral("faces")).toInteger(), faces + 1);
        QCOMPARE(after.json().value(QStringLiteral("not_faces")).toInteger(), notFaces - 1);
    }
};

QTEST_GUILESS_MAIN(TestFaceGate)
#include "tst_facegate.moc"
