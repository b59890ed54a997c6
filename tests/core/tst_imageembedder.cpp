// ImageEmbedder on small ONNX models that this test writes with Debian's python3-onnx
// (tests/tools/make_test_onnx.py): the embedding of a photo is checked against the same
// computation done here by hand (resize, per-channel normalisation, colour order, 1x1
// convolution, ReLU, average pool or classifier, L2 norm); a model with an operator OpenCV 4.6
// cannot import gets a message naming the operator and what to use instead. The real image
// models are optional downloads: only their manifest entries are checked here.
#include "imageembedder.h"
#include "modelregistry.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace lookalike;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");
const QString kScript = QStringLiteral(LOOKALIKE_SOURCE_DIR "/tests/tools/make_test_onnx.py");

QByteArray sha256Of(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
}

// A photo whose pixels come in uniform 2x2 blocks, so that halving it (INTER_AREA) gives
// exactly the block colours.
QImage blockImage(int side, quint32 seed)
{
    QRandomGenerator rng(seed);
    QImage image(side * 2, side * 2, QImage::Format_RGB888);
    for (int y = 0; y < side; ++y) {
        for (int x = 0; x < side; ++x) {
            const QColor c(rng.bounded(256), rng.bounded(256), rng.bounded(256));
            for (int dy = 0; dy < 2; ++dy)
                for (int dx = 0; dx < 2; ++dx)
                    image.setPixelColor(2 * x + dx, 2 * y + dy, c);
        }
    }
    return image;
}

std::vector<double> normalised(std::vector<double> v)
{
    double norm = 0;
    for (double x : v)
        norm += x * x;
    for (double& x : v)
        x /= std::sqrt(norm);
    return v;
}

} // namespace

class TestImageEmbedder : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void pooledOutputByHand_data();
    void pooledOutputByHand();
    void finalOutputByHand();
    void unsupportedOperatorNamed();
    void missingTensorNamed();
    void emptyImageRefused();
    void manifestImageModels();

private:
    QJsonObject entry(const QString& id, const QString& file, const QString& color,
                      const QString& output, int dimension, const QString& instead = {}) const;
    Expected<ModelRegistry> registry(const QJsonArray& models) const;
    // The pooled embedding of `image` (already at the model's input size) by hand.
    std::vector<double> pooledByHand(const QImage& image, bool bgr) const;

    QTemporaryDir m_dir;
    QJsonObject m_weights;
    const QList<double> m_mean{10, 20, 30};
    const QList<double> m_scale{0.01, 0.02, 0.03};
};

void TestImageEmbedder::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QProcess python;
    python.setProcessChannelMode(QProcess::MergedChannels);
    python.start(kPython, {kScript, m_dir.path()});
    QVERIFY2(python.waitForFinished(120000), "make_test_onnx.py did not finish");
    QVERIFY2(python.exitCode() == 0,
             qPrintable(QStringLiteral("make_test_onnx.py failed (python3-onnx and python3-numpy "
                                       "come with bash packaging/setup.sh deps): ") +
                        QString::fromUtf8(python.readAll())));
    QFile weights(m_dir.filePath(QStringLiteral("tiny-embed.json")));
    QVERIFY(weights.open(QIODevice::ReadOnly));
    m_weights = QJsonDocument::fromJson(weights.readAll()).object();
    QCOMPARE(m_weights.value(QLatin1String("side")).toInt(), 16);
}

QJsonObject TestImageEmbedder::entry(const QString& id, const QString& file, const QString& color,
                                     const QString& output, int dimension,
                                     const QString& instead) const
{
    const QString path = m_dir.filePath(file);
    QJsonObject o{{"id", id},
                  {"task", "image-embedding"},
                  {"optional", true},
                  {"file", file},
                  {"sha256", QString::fromLatin1(sha256Of(path))},
                  {"size", QFileInfo(path).size()},
                  {"dimension", dimension},
                  {"input", QJsonObject{{"width", 16},
                                        {"height", 16},
                                        {"channels", 3},
                                        {"color", color},
                                        {"mean", QJsonArray{m_mean[0], m_mean[1], m_mean[2]}},
                                        {"scale", QJsonArray{m_scale[0], m_scale[1], m_scale[2]}},
                                        {"resize", "stretch"}}}};
    if (!output.isEmpty())
        o.insert("embedding_output", output);
    if (!instead.isEmpty())
        o.insert("instead", instead);
    return o;
}

Expected<ModelRegistry> TestImageEmbedder::registry(const QJsonArray& models) const
{
    const QString manifest = m_dir.filePath(QStringLiteral("models.json"));
    QFile file(manifest);
    if (!file.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("cannot write the manifest")};
    file.write(QJsonDocument(QJsonObject{{"models", models}}).toJson());
    file.close();
    return ModelRegistry::load(manifest, m_dir.path());
}

std::vector<double> TestImageEmbedder::pooledByHand(const QImage& image, bool bgr) const
{
    const QJsonArray w = m_weights.value(QLatin1String("conv_w")).toArray();
    const QJsonArray b = m_weights.value(QLatin1String("conv_b")).toArray();
    std::vector<double> pooled(4, 0.0);
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor p = image.pixelColor(x, y);
            const double rgb[3] = {double(p.red()), double(p.green()), double(p.blue())};
            double in[3];
            for (int c = 0; c < 3; ++c) // channel c of the input is R,G,B or B,G,R
                in[c] = (rgb[bgr ? 2 - c : c] - m_mean[c]) * m_scale[c];
            for (int o = 0; o < 4; ++o) {
                double v = b.at(o).toDouble();
                for (int c = 0; c < 3; ++c)
                    v += w.at(o).toArray().at(c).toDouble() * in[c];
                pooled[size_t(o)] += std::max(v, 0.0);
            }
        }
    }
    for (double& v : pooled)
        v /= image.width() * image.height();
    return pooled;
}

void TestImageEmbedder::pooledOutputByHand_data()
{
    QTest::addColumn<QString>("color");
    QTest::addColumn<bool>("halve"); // a 32x32 photo, resized to the 16x16 input
    QTest::newRow("RGB, input size") << "RGB" << false;
    QTest::newRow("RGB, resized") << "RGB" << true;
    QTest::newRow("BGR, input size") << "BGR" << false;
}

void TestImageEmbedder::pooledOutputByHand()
{
    QFETCH(QString, color);
    QFETCH(bool, halve);
    auto models = registry({entry("tiny", "tiny-embed.onnx", color, "pool", 4)});
    QVERIFY2(models, qPrintable(models.error()));
    auto spec = models->model(QStringLiteral("tiny"));
    QVERIFY2(spec, qPrintable(spec.error()));
    auto embedder = ImageEmbedder::create(*spec);
    QVERIFY2(embedder, qPrintable(embedder.error()));
    QCOMPARE((*embedder)->dimension(), 4);
    QCOMPARE((*embedder)->modelId(), QStringLiteral("tiny"));

    const QImage big = blockImage(16, 11);
    const QImage input = big.scaled(16, 16); // nearest: one pixel of each uniform 2x2 block
    const QImage photo = halve ? big : input;
    auto v = (*embedder)->embed(photo);
    QVERIFY2(v, qPrintable(v.error()));
    const std::vector<double> expected = normalised(pooledByHand(input, color == "BGR"));
    QCOMPARE(v->size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i)
        QVERIFY2(std::abs((*v)[i] - expected[i]) < 1e-5,
                 qPrintable(QStringLiteral("component %1: %2, by hand %3")
                                .arg(i)
                                .arg((*v)[i])
                                .arg(expected[i])));
    // Other formats are converted, not refused.
    auto argb = (*embedder)->embed(photo.convertToFormat(QImage::Format_ARGB32));
    QVERIFY2(argb, qPrintable(argb.error()));
    QVERIFY(std::abs((*argb)[0] - expected[0]) < 1e-5);
}

void TestImageEmbedder::finalOutputByHand()
{
    // No embedding_output: the network's final output (the classifier, 3 values).
    auto models = registry({entry("tiny", "tiny-embed.onnx", "RGB", {}, 3)});
    QVERIFY2(models, qPrintable(models.error()));
    auto spec = models->model(QStringLiteral("tiny"));
    QVERIFY2(spec, qPrintable(spec.error()));
    auto embedder = ImageEmbedder::create(*spec);
    QVERIFY2(embedder, qPrintable(embedder.error()));
    const QImage input = blockImage(8, 5); // 16x16
    auto v = (*embedder)->embed(input);
    QVERIFY2(v, qPrintable(v.error()));

    const std::vector<double> pooled = pooledByHand(input, false);
    const QJsonArray fc = m_weights.value(QLatin1String("fc_w")).toArray();
    std::vector<double> logits(3, 0.0);
    for (int k = 0; k < 3; ++k)
        for (int o = 0; o < 4; ++o)
            logits[size_t(k)] += fc.at(k).toArray().at(o).toDouble() * pooled[size_t(o)];
    const std::vector<double> expected = normalised(logits);
    QCOMPARE(v->size(), size_t(3));
    for (size_t i = 0; i < 3; ++i)
        QVERIFY(std::abs((*v)[i] - expected[i]) < 1e-5);
}

void TestImageEmbedder::unsupportedOperatorNamed()
{
    auto models = registry({entry("clip-model", "clip-inputs.onnx", "RGB", "pool", 3, "tiny")});
    QVERIFY2(models, qPrintable(models.error()));
    auto spec = models->model(QStringLiteral("clip-model"));
    QVERIFY2(spec, qPrintable(spec.error()));
    auto embedder = ImageEmbedder::create(*spec);
    QVERIFY(!embedder);
    QVERIFY2(embedder.error().startsWith(QStringLiteral(
                 "clip-model uses Clip with min/max given as inputs, which OpenCV 4.")),
             qPrintable(embedder.error()));
    QVERIFY2(embedder.error().endsWith(QStringLiteral("cannot run: use tiny")),
             qPrintable(embedder.error()));

    // Without a named alternative, the message lists the models that load.
    ModelSpec anonymous = *spec;
    anonymous.instead.clear();
    const QString generic = ImageEmbedder::explainImportError(
        anonymous, QStringLiteral("Can't create layer \"ln\" of type \"LayerNormalization\""));
    QVERIFY2(generic.contains(QStringLiteral("uses LayerNormalization (a transformer layer)")),
             qPrintable(generic));
    QVERIFY2(generic.contains(QStringLiteral("mobilenetv2-7")), qPrintable(generic));
}

void TestImageEmbedder::missingTensorNamed()
{
    auto models = registry({entry("tiny", "tiny-embed.onnx", "RGB", "no_such_tensor", 4)});
    QVERIFY2(models, qPrintable(models.error()));
    auto embedder = ImageEmbedder::create(*models->model(QStringLiteral("tiny")));
    QVERIFY(!embedder);
    QVERIFY2(embedder.error().contains(QStringLiteral("no tensor \"no_such_tensor\"")),
             qPrintable(embedder.error()));
}

void TestImageEmbedder::emptyImageRefused()
{
    auto models = registry({entry("tiny", "tiny-embed.onnx", "RGB", "pool", 4)});
    QVERIFY2(models, qPrintable(models.error()));
    auto embedder = ImageEmbedder::create(*models->model(QStringLiteral("tiny")));
    QVERIFY2(embedder, qPrintable(embedder.error()));
    QVERIFY(!(*embedder)->embed(QImage()));
}

void TestImageEmbedder::manifestImageModels()
{
    // The shipped manifest, with an empty models folder: entries only, nothing downloaded.
    QTemporaryDir empty;
    auto models = ModelRegistry::load(QStringLiteral(LOOKALIKE_SOURCE_DIR "/models/models.json"),
                                      empty.path());
    QVERIFY2(models, qPrintable(models.error()));
    const QStringList ids = models->idsForTask(QStringLiteral("image-embedding"));
    for (const QString& id : {"squeezenet1.1-7", "mobilenetv2-7", "resnet50-v1-7"})
        QVERIFY2(ids.contains(id), qPrintable(id));
    const ModelSpec mobilenet = models->spec(QStringLiteral("mobilenetv2-7"));
    QVERIFY(mobilenet.optional);
    QCOMPARE(mobilenet.dimension, 1280);
    QCOMPARE(mobilenet.embeddingOutput, QStringLiteral("mobilenetv20_features_pool0_fwd"));
    QCOMPARE(mobilenet.channelMean.size(), 3);
    QVERIFY(std::abs(mobilenet.channelScale.at(2) - 1.0 / (0.225 * 255)) < 1e-6);
    QVERIFY(mobilenet.urls.size() >= 2);
    QCOMPARE(models->spec(QStringLiteral("resnet50-v1-7")).dimension, 2048);
    QCOMPARE(models->spec(QStringLiteral("squeezenet1.1-7")).dimension, 1000);
    QCOMPARE(models->spec(QStringLiteral("mobilenetv2-12")).instead,
             QStringLiteral("mobilenetv2-7"));
    QVERIFY(!models->spec(QStringLiteral("fr_feature")).optional);

    const auto missing = models->model(QStringLiteral("mobilenetv2-7"));
    QVERIFY(!missing);
    QVERIFY2(missing.error().contains(QStringLiteral("models --model mobilenetv2-7")) ||
                 missing.error().contains(
                     QStringLiteral("lookalike-fetch-models --model mobilenetv2-7")),
             qPrintable(missing.error()));
}

QTEST_GUILESS_MAIN(TestImageEmbedder)
#include "tst_imageembedder.moc"
