// ModelDownloader, the app's downloader of optional models, against an HTTP server on
// 127.0.0.1: mirrors tried in order (a refused connection and a 404 before the one that
// serves), a wrong sha256 or size refused with nothing left behind, a file already in the
// cache kept when the new one does not verify, progress up to the size, and cancel. No test
// reaches the internet.
#include "modeldownloader.h"
#include "modelregistry.h"

#include <QCryptographicHash>
#include <QDir>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "httpserver.h"

using namespace lookalike;
using lookalike::test::HttpServer;

class TestModelDownloader : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void secondMirrorServes();
    void rejected_data();
    void rejected();
    void existingFileKeptWhenNewOneFails();
    void cancelLeavesNothing();
    void oneAtATime();

private:
    ModelSpec spec(const QStringList& paths) const;
    QStringList entries() const
    {
        return QDir(m_dir->path())
            .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    }
    // Waits for the finished() signal; returns its (ok, message).
    static std::pair<bool, QString> waitFinished(QSignalSpy& finished);

    QByteArray m_body;
    QByteArray m_sha256;
    std::unique_ptr<HttpServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestModelDownloader::initTestCase()
{
    QRandomGenerator random(7);
    m_body.resize(2 * 1024 * 1024 + 123);
    for (char& byte : m_body)
        byte = char(random.bounded(256));
    m_sha256 = QCryptographicHash::hash(m_body, QCryptographicHash::Sha256).toHex();
    m_server = std::make_unique<HttpServer>();
    m_server->route(QStringLiteral("/model.onnx"), {200, m_body});
    m_server->route(QStringLiteral("/broken.onnx"), {500, QByteArrayLiteral("oops")});
    QByteArray tampered = m_body;
    tampered[1000] = char(tampered[1000] ^ 1);
    m_server->route(QStringLiteral("/tampered.onnx"), {200, tampered});
    m_server->route(QStringLiteral("/short.onnx"), {200, m_body.left(1000)});
    m_server->route(QStringLiteral("/long.onnx"), {200, m_body + QByteArray(10, 'x')});
    m_server->route(QStringLiteral("/stall.onnx"), {200, m_body, 512 * 1024});
    QVERIFY(m_server->listen());
}

void TestModelDownloader::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

ModelSpec TestModelDownloader::spec(const QStringList& paths) const
{
    ModelSpec s;
    s.id = QStringLiteral("image_model");
    s.file = QStringLiteral("image_model.onnx");
    s.path = m_dir->filePath(s.file);
    s.sha256 = QString::fromLatin1(m_sha256);
    s.size = m_body.size();
    for (const QString& path : paths)
        s.urls << (path.startsWith(QLatin1String("http")) ? path : m_server->url(path));
    return s;
}

std::pair<bool, QString> TestModelDownloader::waitFinished(QSignalSpy& finished)
{
    if (finished.isEmpty() && !finished.wait(60 * 1000))
        return {false, QStringLiteral("timed out")};
    const QList<QVariant> args = finished.takeFirst();
    return {args.at(0).toBool(), args.at(1).toString()};
}

void TestModelDownloader::secondMirrorServes()
{
    ModelDownloader downloader;
    QSignalSpy finished(&downloader, &ModelDownloader::finished);
    QSignalSpy failed(&downloader, &ModelDownloader::sourceFailed);
    QSignalSpy progress(&downloader, &ModelDownloader::progress);
    const ModelSpec s = spec(
        {HttpServer::refusedUrl(), QStringLiteral("/broken.onnx"), QStringLiteral("/model.onnx")});
    QVERIFY(downloader.start(s));
    QVERIFY(downloader.isRunning());
    const auto [ok, message] = waitFinished(finished);
    QVERIFY2(ok, qPrintable(message));
    QCOMPARE(message, QStringLiteral("image_model.onnx installed"));
    QVERIFY(!downloader.isRunning());

    QCOMPARE(failed.size(), 2);
    QCOMPARE(failed.at(0).at(0).toString(), s.urls.at(0));
    QCOMPARE(failed.at(1).at(1).toString(), QStringLiteral("HTTP 500"));
    QFile file(s.path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), m_body);
    QCOMPARE(entries(), QStringList{s.file});

    // Progress: from the third source, never decreasing, ending at the full size.
    QVERIFY(progress.size() >= 2);
    qint64 last = -1;
    for (const QList<QVariant>& p : std::as_const(progress)) {
        QCOMPARE(p.at(1).toLongLong(), qint64(m_body.size()));
        QCOMPARE(p.at(3).toInt(), 3);
        if (p.at(2).toInt() == 2) {
            QVERIFY(p.at(0).toLongLong() >= last);
            last = p.at(0).toLongLong();
        }
    }
    QCOMPARE(last, qint64(m_body.size()));
}

void TestModelDownloader::rejected_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");
    QTest::newRow("wrong sha256") << "/tampered.onnx"
                                  << "sha256 mismatch";
    QTest::newRow("too short") << "/short.onnx"
                               << "size mismatch (expected";
    QTest::newRow("too long") << "/long.onnx"
                              << "more than the expected";
    QTest::newRow("404") << "/missing.onnx"
                         << "HTTP 404";
}

void TestModelDownloader::rejected()
{
    QFETCH(QString, path);
    QFETCH(QString, reason);
    ModelDownloader downloader;
    QSignalSpy finished(&downloader, &ModelDownloader::finished);
    QVERIFY(downloader.start(spec({path})));
    const auto [ok, message] = waitFinished(finished);
    QVERIFY(!ok);
    QVERIFY2(message.startsWith(QStringLiteral("image_model.onnx rejected: ") + reason),
             qPrintable(message));
    QVERIFY2(message.contains(m_server->url(path)), qPrintable(message));
    QCOMPARE(entries(), QStringList{}); // no file, no temporary file
}

void TestModelDownloader::existingFileKeptWhenNewOneFails()
{
    const ModelSpec s = spec({QStringLiteral("/tampered.onnx")});
    QFile old(s.path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("an older file");
    old.close();
    ModelDownloader downloader;
    QSignalSpy finished(&downloader, &ModelDownloader::finished);
    QVERIFY(downloader.start(s));
    QVERIFY(!waitFinished(finished).first);
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArrayLiteral("an older file"));
    QCOMPARE(entries(), QStringList{s.file});
}

void TestModelDownloader::cancelLeavesNothing()
{
    ModelDownloader downloader;
    QSignalSpy finished(&downloader, &ModelDownloader::finished);
    QSignalSpy progress(&downloader, &ModelDownloader::progress);
    const int before = m_server->requests(QStringLiteral("/model.onnx"));
    QVERIFY(downloader.start(spec({QStringLiteral("/stall.onnx"), QStringLiteral("/model.onnx")})));
    // Wait until part of the file has arrived (in a temporary file: on Linux an unnamed one,
    // so a crash leaves nothing either).
    QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(0).toLongLong() > 0, 30000);
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("image_model.onnx"))));
    downloader.cancel();
    const auto [ok, message] = waitFinished(finished);
    QVERIFY(!ok);
    QCOMPARE(message, QStringLiteral("cancelled"));
    QVERIFY(!downloader.isRunning());
    QCOMPARE(entries(), QStringList{});
    QCOMPARE(m_server->requests(QStringLiteral("/model.onnx")), before); // no next mirror after cancel
}

void TestModelDownloader::oneAtATime()
{
    ModelDownloader downloader;
    QSignalSpy finished(&downloader, &ModelDownloader::finished);
    QVERIFY(downloader.start(spec({QStringLiteral("/model.onnx")})));
    QVERIFY(!downloader.start(spec({QStringLiteral("/model.onnx")})));
    QVERIFY(waitFinished(finished).first);
    QCOMPARE(finished.size(), 0);
}

QTEST_GUILESS_MAIN(TestModelDownloader)
#include "tst_modeldownloader.moc"
