#include "modelregistry.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike;

namespace {

const QByteArray kModelBytes = QByteArrayLiteral("stands in for an ONNX model");

QJsonObject modelEntry(const QString& id, const QString& task, const QByteArray& bytes)
{
    return QJsonObject{
        {"id", id},
        {"task", task},
        {"file", id + ".onnx"},
        {"sha256",
         QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex())},
        {"size", bytes.size()},
        {"input", QJsonObject{{"width", 112},
                              {"height", 112},
                              {"channels", 3},
                              {"color", "RGB"},
                              {"mean", 127.0},
                              {"scale", 0.0078125}}},
        {"outputs", QJsonArray{"output"}},
        {"dimension", 512},
        {"alignment",
         QJsonObject{{"points", QJsonArray{QJsonArray{38.3, 51.7}, QJsonArray{73.5, 51.5},
                                           QJsonArray{56.0, 71.7}, QJsonArray{41.5, 92.4},
                                           QJsonArray{70.7, 92.2}}}}},
        {"thresholds", QJsonObject{{"same_person", 0.35}}},
    };
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

} // namespace

class TestModelRegistry : public QObject {
    Q_OBJECT

private slots:
    void init();
    void parsesTheManifest();
    void goodFileVerifies();
    void missingFileNamesTheFix();
    void corruptFile_data();
    void corruptFile();
    void changedFileIsCheckedAgain();
    void unknownModelIsAnError();
    void badManifestIsAnError();
    void environmentOverridesDefaults();
    void projectManifestDescribesThePipeline();
    void bundledModelsLiveBesideTheManifest();
    void installedModelsVerify();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_manifest;
    QString m_models;
};

void TestModelRegistry::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_manifest = m_dir->filePath("models.json");
    m_models = m_dir->filePath("models");
    QVERIFY(QDir().mkpath(m_models));
    const QJsonObject manifest{
        {"manifest_version", 1},
        {"models", QJsonArray{modelEntry("fake_feature", "face-embedding", kModelBytes)}}};
    writeFile(m_manifest, QJsonDocument(manifest).toJson());
}

void TestModelRegistry::parsesTheManifest()
{
    const auto registry = ModelRegistry::load(m_manifest, m_models);
    QVERIFY2(registry, qPrintable(registry.error()));
    QCOMPARE(registry->ids(), QStringList{"fake_feature"});
    QCOMPARE(registry->idForTask("face-embedding"), QString("fake_feature"));
    QVERIFY(registry->idForTask("face-detection").isEmpty());
    const ModelSpec spec = registry->spec("fake_feature");
    QCOMPARE(spec.inputWidth, 112);
    QCOMPARE(spec.channels, 3);
    QCOMPARE(spec.colorOrder, QString("RGB"));
    QCOMPARE(spec.mean, 127.0);
    QCOMPARE(spec.scale, 0.0078125);
    QCOMPARE(spec.dimension, 512);
    QCOMPARE(spec.templatePoints.size(), 5);
    QCOMPARE(spec.templatePoints[1], QPointF(73.5, 51.5));
    QCOMPARE(spec.threshold("same_person", 0.0), 0.35);
    QCOMPARE(spec.threshold("absent", 0.5), 0.5);
    QCOMPARE(spec.path, QDir(m_models).filePath("fake_feature.onnx"));
}

void TestModelRegistry::goodFileVerifies()
{
    writeFile(QDir(m_models).filePath("fake_feature.onnx"), kModelBytes);
    const auto registry = ModelRegistry::load(m_manifest, m_models);
    QVERIFY(registry);
    const auto spec = registry->model("fake_feature");
    QVERIFY2(spec, qPrintable(spec.error()));
    QCOMPARE(spec->size, qint64(kModelBytes.size()));
}

void TestModelRegistry::missingFileNamesTheFix()
{
    const auto registry = ModelRegistry::load(m_manifest, m_models);
    QVERIFY(registry);
    const auto spec = registry->model("fake_feature");
    QVERIFY(!spec);
    QCOMPARE(spec.error(), QStringLiteral("model fake_feature.onnx is missing from %1: run \"%2\" "
                                          "to fetch it")
                               .arg(m_models, ModelRegistry::fixCommand()));
    // From a source build the fix is the set-up script of these very sources, by full path,
    // so it works from any folder.
    const QString script = QStringLiteral(LOOKALIKE_SOURCE_DIR "/packaging/setup.sh");
    QCOMPARE(ModelRegistry::fixCommand(), QStringLiteral("bash %1 models").arg(QDir::cleanPath(script)));
}

void TestModelRegistry::corruptFile_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("reason");
    QTest::newRow("truncated") << kModelBytes.left(10) << "10 bytes, expected";
    QByteArray flipped = kModelBytes;
    flipped[3] = 'X';
    QTest::newRow("same size, other bytes") << flipped << "sha256 mismatch";
}

void TestModelRegistry::corruptFile()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, reason);
    writeFile(QDir(m_models).filePath("fake_feature.onnx"), bytes);
    const auto registry = ModelRegistry::load(m_manifest, m_models);
    QVERIFY(registry);
    const auto spec = registry->model("fake_feature");
    QVERIFY(!spec);
    QVERIFY2(spec.error().contains("is corrupt"), qPrintable(spec.error()));
    QVERIFY2(spec.error().contains(reason), qPrintable(spec.error()));
    QVERIFY(spec.error().contains(ModelRegistry::fixCommand()));
    QVERIFY(!spec.error().contains('\n'));
}

void TestModelRegistry::changedFileIsCheckedAgain()
{
    const QString path = QDir(m_models).filePath("fake_feature.onnx");
    writeFile(path, kModelBytes);
    const auto registry = ModelRegistry::load(m_manifest, m_models);
    QVERIFY(registry->model("fake_feature"));
    QByteArray tampered = kModelBytes;
    tampered[0] = 'N';
    writeFile(path, tampered);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(60),
                             QFileDevice::FileModificationTime));
    file.close();
    QVERIFY(!registry->model("fake_feature"));
}

void TestModelRegistry::unknownModelIsAnError()
{
    const auto registry = ModelRegistry::load(m_manifest, m_models);
    const auto spec = registry->model("no_such_model");
    QVERIFY(!spec);
    QVERIFY(spec.error().contains("no_such_model"));
}

void TestModelRegistry::badManifestIsAnError()
{
    writeFile(m_manifest, "{ not json");
    const auto broken = ModelRegistry::load(m_manifest, m_models);
    QVERIFY(!broken);
    QVERIFY(broken.error().contains(m_manifest));
    const auto missing = ModelRegistry::load(m_dir->filePath("absent.json"), m_models);
    QVERIFY(!missing);
    QVERIFY(missing.error().contains("absent.json"));
}

void TestModelRegistry::environmentOverridesDefaults()
{
    qputenv("LOOKALIKE_MODELS_DIR", m_models.toUtf8());
    qputenv("LOOKALIKE_MODELS_MANIFEST", m_manifest.toUtf8());
    const auto registry = ModelRegistry::load();
    qunsetenv("LOOKALIKE_MODELS_DIR");
    qunsetenv("LOOKALIKE_MODELS_MANIFEST");
    QVERIFY2(registry, qPrintable(registry.error()));
    QCOMPARE(registry->modelsDir(), m_models);
    QCOMPARE(registry->manifestPath(), m_manifest);
    QVERIFY(ModelRegistry::defaultModelsDir().endsWith("/lookalike/models"));
}

void TestModelRegistry::projectManifestDescribesThePipeline()
{
    const QString manifest = QStringLiteral(LOOKALIKE_SOURCE_DIR "/models/models.json");
    const auto registry = ModelRegistry::load(manifest, m_models);
    QVERIFY2(registry, qPrintable(registry.error()));
    for (const char* task : {"face-detection", "face-landmarks", "face-embedding", "face-gate"})
        QVERIFY2(!registry->idForTask(task).isEmpty(), task);
    const ModelSpec embedder = registry->spec(registry->idForTask("face-embedding"));
    QCOMPARE(embedder.templatePoints.size(), 5);
    QVERIFY(embedder.dimension > 0);
}

// A model shipped with Lookalike (the face gate) is found beside the manifest, checked like
// any other, and its absence says to reinstall, not to fetch.
void TestModelRegistry::bundledModelsLiveBesideTheManifest()
{
    const QByteArray gate = QByteArrayLiteral("{\"format\": \"lookalike-face-gate-1\"}");
    QJsonObject entry = modelEntry("gate", "face-gate", gate);
    entry["file"] = "gate.json";
    entry["source"] = QJsonObject{{"bundled", "gate/gate.json"}};
    const QJsonObject manifest{{"manifest_version", 1}, {"models", QJsonArray{entry}}};
    writeFile(m_manifest, QJsonDocument(manifest).toJson());
    const auto registry = ModelRegistry::load(m_manifest, m_models);
    QVERIFY2(registry, qPrintable(registry.error()));
    const ModelSpec spec = registry->spec("gate");
    QVERIFY(spec.bundled);
    QCOMPARE(spec.path, m_dir->filePath("gate/gate.json"));
    auto missing = registry->model("gate");
    QVERIFY(!missing);
    QVERIFY2(missing.error().contains("reinstall"), qPrintable(missing.error()));
    QVERIFY(!missing.error().contains("fetch"));
    QVERIFY(QDir().mkpath(m_dir->filePath("gate")));
    writeFile(spec.path, gate);
    QVERIFY(registry->model("gate"));
    writeFile(spec.path, QByteArray(gate).replace("face", "fake"));
    auto corrupt = ModelRegistry::load(m_manifest, m_models)->model("gate");
    QVERIFY(!corrupt);
    QVERIFY2(corrupt.error().contains("sha256"), qPrintable(corrupt.error()));
}

void TestModelRegistry::installedModelsVerify()
{
    const auto registry =
        ModelRegistry::load(QStringLiteral(LOOKALIKE_SOURCE_DIR "/models/models.json"));
    QVERIFY(registry);
    for (const QString& id : registry->ids()) {
        if (registry->spec(id).optional)
            continue; // fetched only on request (fetch-models --model ID)
        const auto spec = registry->model(id);
        if (!spec)
            QSKIP(qPrintable(spec.error()));
        QVERIFY(QFileInfo(spec->path).isFile());
    }
}

QTEST_GUILESS_MAIN(TestModelRegistry)
#include "tst_modelregistry.moc"
