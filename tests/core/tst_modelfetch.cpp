// Tests the download path of packaging/fetch-models.sh (a model whose source is a "url")
// against an HTTP server on 127.0.0.1 inside this process: a file that verifies arrives, a
// second run downloads nothing, and a wrong sha256, a wrong size or a 404 is refused with a
// message saying why and leaves no file behind. Mirrors ("sources") are tried in order;
// optional models are fetched only by name (--model). Manifest and cache are temp paths.
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "httpserver.h"

namespace {

const QString kScript = QStringLiteral(LOOKALIKE_SOURCE_DIR "/packaging/fetch-models.sh");
const QString kServedPath = QStringLiteral("/model.onnx");
const QString kFileName = QStringLiteral("test_model.onnx");

struct FetchResult {
    int exitCode = -1;
    QString output; // the script's stderr and stdout
};

} // namespace

class TestModelFetch : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void fetch_data();
    void fetch();
    void secondRunDownloadsNothing();
    void corruptFileIsReplaced();
    void mirrorsTriedInOrder();
    void everyMirrorFailing();
    void optionalOnlyByName();
    void unknownModelNamed();

private:
    QJsonObject model(const QString& path, const QByteArray& sha256, qint64 size) const;
    QJsonObject goodModel() const;
    QJsonObject optionalModel(const QStringList& urls) const;
    FetchResult runFetch(const QJsonObject& model) const { return runFetch(QJsonArray{model}); }
    FetchResult runFetch(const QJsonArray& models, const QStringList& args = {}) const;
    QString target() const { return m_dir->filePath(QStringLiteral("models/") + kFileName); }
    QStringList modelsDirEntries() const;

    QByteArray m_body;
    QByteArray m_sha256;
    std::unique_ptr<lookalike::test::HttpServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestModelFetch::initTestCase()
{
    QRandomGenerator random(42);
    m_body.resize(300 * 1024);
    for (char& byte : m_body)
        byte = char(random.bounded(256));
    m_sha256 = QCryptographicHash::hash(m_body, QCryptographicHash::Sha256).toHex();
    m_server = std::make_unique<lookalike::test::HttpServer>();
    m_server->route(kServedPath, {200, m_body});
    QVERIFY(m_server->listen());
}

void TestModelFetch::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QJsonObject TestModelFetch::model(const QString& path, const QByteArray& sha256, qint64 size) const
{
    return QJsonObject{
        {"id", "test_model"},
        {"task", "face-detection"},
        {"file", kFileName},
        {"source", QJsonObject{{"url", m_server->url(path)}}},
        {"sha256", QString::fromLatin1(sha256)},
        {"size", size},
    };
}

QJsonObject TestModelFetch::goodModel() const
{
    return model(kServedPath, m_sha256, m_body.size());
}

// An optional model (an image model) served by the mirrors `urls`, in that order.
QJsonObject TestModelFetch::optionalModel(const QStringList& urls) const
{
    QJsonArray sources;
    for (const QString& url : urls)
        sources.append(QJsonObject{{"url", url}});
    return QJsonObject{{"id", "image_model"},  {"task", "image-embedding"},
                       {"optional", true},     {"file", "image_model.onnx"},
                       {"sources", sources},   {"sha256", QString::fromLatin1(m_sha256)},
                       {"size", m_body.size()}};
}

FetchResult TestModelFetch::runFetch(const QJsonArray& models, const QStringList& args) const
{
    const QString manifest = m_dir->filePath(QStringLiteral("models.json"));
    QFile file(manifest);
    if (!file.open(QIODevice::WriteOnly))
        return {-1, QStringLiteral("cannot write %1").arg(manifest)};
    file.write(
        QJsonDocument(
            QJsonObject{{"manifest_version", 1}, {"packages", QJsonObject{}}, {"models", models}})
            .toJson());
    file.close();

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LOOKALIKE_MODELS_MANIFEST"), manifest);
    env.insert(QStringLiteral("LOOKALIKE_MODELS_DIR"), m_dir->filePath(QStringLiteral("models")));
    for (const char* proxy :
         {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
        env.remove(QString::fromLatin1(proxy));
    env.insert(QStringLiteral("no_proxy"), QStringLiteral("127.0.0.1"));

    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral("bash"), QStringList{kScript} + args);
    if (!process.waitForStarted())
        return {-1, QStringLiteral("cannot start bash: %1").arg(process.errorString())};
    // Wait in an event loop, so that the server can answer.
    if (!finished.wait(120 * 1000)) {
        process.kill();
        process.waitForFinished();
        return {-1, QStringLiteral("timed out: ") + QString::fromUtf8(process.readAll())};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAll())};
}

QStringList TestModelFetch::modelsDirEntries() const
{
    return QDir(m_dir->filePath(QStringLiteral("models")))
        .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

void TestModelFetch::fetch_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("wrongSha256");
    QTest::addColumn<qint64>("sizeDelta");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("message");

    QTest::newRow("verified") << kServedPath << false << qint64(0) << true
                              << QStringLiteral("test_model.onnx installed");
    QTest::newRow("wrong sha256") << kServedPath << true << qint64(0) << false
                                  << QStringLiteral("rejected: sha256 mismatch");
    QTest::newRow("wrong size") << kServedPath << false << qint64(1) << false
                                << QStringLiteral("rejected: size mismatch");
    QTest::newRow("404") << QStringLiteral("/missing.onnx") << false << qint64(0) << false
                         << QStringLiteral("failed: HTTP 404");
}

void TestModelFetch::fetch()
{
    QFETCH(QString, path);
    QFETCH(bool, wrongSha256);
    QFETCH(qint64, sizeDelta);
    QFETCH(bool, accepted);
    QFETCH(QString, message);

    const QByteArray sha256 = wrongSha256 ? QByteArray(64, 'a') : m_sha256;
    const FetchResult result = runFetch(model(path, sha256, m_body.size() + sizeDelta));

    QVERIFY2((result.exitCode == 0) == accepted, qPrintable(result.output));
    QVERIFY2(result.output.contains(message), qPrintable(result.output));
    if (accepted) {
        QFile file(target());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), m_body);
        QCOMPARE(modelsDirEntries(), QStringList{kFileName});
    } else {
        // Neither the model nor a partial download nor the staging folder is left.
        QCOMPARE(modelsDirEntries(), QStringList{});
    }
}

void TestModelFetch::secondRunDownloadsNothing()
{
    const FetchResult first = runFetch(goodModel());
    QVERIFY2(first.exitCode == 0, qPrintable(first.output));
    const int requests = m_server->requests();

    const FetchResult second = runFetch(goodModel());
    QVERIFY2(second.exitCode == 0, qPrintable(second.output));
    QVERIFY2(second.output.contains(QStringLiteral("(0 fetched)")), qPrintable(second.output));
    QCOMPARE(m_server->requests(), requests);
}

void TestModelFetch::corruptFileIsReplaced()
{
    QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("models"))));
    QFile corrupt(target());
    QVERIFY(corrupt.open(QIODevice::WriteOnly));
    corrupt.write(m_body.left(1000));
    corrupt.close();

    const FetchResult result = runFetch(goodModel());
    QVERIFY2(result.exitCode == 0, qPrintable(result.output));
    QVERIFY2(result.output.contains(QStringLiteral("fetching again")), qPrintable(result.output));
    QFile file(target());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), m_body);
}

void TestModelFetch::mirrorsTriedInOrder()
{
    const QStringList urls{lookalike::test::HttpServer::refusedUrl(),
                           m_server->url(QStringLiteral("/missing.onnx")),
                           m_server->url(kServedPath)};
    const FetchResult result =
        runFetch(QJsonArray{optionalModel(urls)}, {QStringLiteral("--model"), "image_model"});
    QVERIFY2(result.exitCode == 0, qPrintable(result.output));
    QVERIFY2(result.output.contains(QStringLiteral("failed: HTTP 404")), qPrintable(result.output));
    QVERIFY2(result.output.contains(urls[0] + QStringLiteral(" failed:")),
             qPrintable(result.output));
    QFile file(m_dir->filePath(QStringLiteral("models/image_model.onnx")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), m_body);
    QCOMPARE(modelsDirEntries(), QStringList{QStringLiteral("image_model.onnx")});
}

void TestModelFetch::everyMirrorFailing()
{
    // Two mirrors: one refuses, the other serves bytes of the wrong content. The message names
    // both reasons; nothing is left behind.
    m_server->route(QStringLiteral("/tampered.onnx"), {200, QByteArray(m_body.size(), 'x')});
    const QStringList urls{m_server->url(QStringLiteral("/missing.onnx")),
                           m_server->url(QStringLiteral("/tampered.onnx"))};
    const FetchResult result =
        runFetch(QJsonArray{optionalModel(urls)}, {QStringLiteral("--model=image_model")});
    QVERIFY2(result.exitCode != 0, qPrintable(result.output));
    QVERIFY2(result.output.contains(QStringLiteral("image_model.onnx rejected: HTTP 404 from")),
             qPrintable(result.output));
    QVERIFY2(result.output.contains(QStringLiteral("sha256 mismatch")), qPrintable(result.output));
    QCOMPARE(modelsDirEntries(), QStringList{});
}

void TestModelFetch::optionalOnlyByName()
{
    const QJsonArray models{goodModel(), optionalModel({m_server->url(kServedPath)})};
    const int before = m_server->requests();
    const FetchResult defaults = runFetch(models);
    QVERIFY2(defaults.exitCode == 0, qPrintable(defaults.output));
    QCOMPARE(modelsDirEntries(), QStringList{kFileName}); // the optional one was not fetched
    QCOMPARE(m_server->requests(), before + 1);

    const FetchResult named = runFetch(models, {QStringLiteral("--model"), "image_model"});
    QVERIFY2(named.exitCode == 0, qPrintable(named.output));
    QVERIFY2(named.output.contains(QStringLiteral("1 verified")), qPrintable(named.output));
    QCOMPARE(modelsDirEntries(), (QStringList{QStringLiteral("image_model.onnx"), kFileName}));
}

void TestModelFetch::unknownModelNamed()
{
    const FetchResult result = runFetch(QJsonArray{goodModel()}, {"--model", "no_such_model"});
    QVERIFY2(result.exitCode != 0, qPrintable(result.output));
    QVERIFY2(result.output.contains(QStringLiteral("no model 'no_such_model'")),
             qPrintable(result.output));
    QVERIFY2(result.output.contains(QStringLiteral("test_model")), qPrintable(result.output));
}

QTEST_GUILESS_MAIN(TestModelFetch)
#include "tst_modelfetch.moc"
