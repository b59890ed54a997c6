// File > Image Model… (ImageModelDialog with ImageModelActions) on real components: a test
// manifest of two small ONNX image models that tests/tools/make_test_onnx.py writes (one
// installed, one served by a local HTTP server on 127.0.0.1), a real library of generated
// photos indexed photos-only, the real re-embedding job in the background.
#include "backgroundjobs.h"
#include "httpserver.h"
#include "imagemodelactions.h"
#include "imagemodeldialog.h"
#include "imagemodelstore.h"
#include "indexer.h"
#include "library.h"
#include "uitestsupport.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMainWindow>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using namespace lookalike;
using namespace lookalike::ui;

namespace {

const QString kInstalled = QStringLiteral("tiny-pool");
const QString kRemote = QStringLiteral("tiny-remote");
const QString kUnusable = QStringLiteral("clip-model"); // OpenCV 4.6 cannot run it
constexpr int kPhotos = 6;

QJsonObject entry(const QString& id, const QString& file, const QByteArray& bytes,
                  const QString& url, const QString& instead = {})
{
    QJsonObject o{
        {"id", id},
        {"task", "image-embedding"},
        {"optional", true},
        {"file", file},
        {"sha256",
         QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex())},
        {"size", qint64(bytes.size())},
        {"dimension", 4},
        {"license", "Apache-2.0"},
        {"embedding_output", "pool"},
        {"input", QJsonObject{{"width", 16},
                              {"height", 16},
                              {"channels", 3},
                              {"color", "RGB"},
                              {"mean", 127.5},
                              {"scale", 0.0078125},
                              {"resize", "stretch"}}}};
    if (!url.isEmpty())
        o.insert("sources", QJsonArray{QJsonObject{{"url", url}}});
    if (!instead.isEmpty())
        o.insert("instead", instead);
    return o;
}

} // namespace

class TestImageModelDialog : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void listsModels();
    void useRunsInBackground();
    void downloadInstalls();
    void screenshot();

private:
    QTemporaryDir m_dir;
    QString m_library;
    test::HttpServer m_server;
    std::optional<ModelRegistry> m_registry;
    QMainWindow m_window;
    test::ScriptedSink m_sink;
    BackgroundJobs* m_jobs = nullptr;
    ImageModelActions* m_actions = nullptr;
};

void TestImageModelDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString models = m_dir.filePath(QStringLiteral("models"));
    QVERIFY(QDir().mkpath(models));
    QProcess python;
    python.setProcessChannelMode(QProcess::MergedChannels);
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral(LOOKALIKE_SOURCE_DIR "/tests/tools/make_test_onnx.py"), models});
    QVERIFY2(python.waitForFinished(120000), "make_test_onnx.py did not finish");
    QVERIFY2(python.exitCode() == 0, python.readAll().constData());
    QFile onnx(models + QStringLiteral("/tiny-embed.onnx"));
    QVERIFY(onnx.open(QIODevice::ReadOnly));
    const QByteArray bytes = onnx.readAll();
    QVERIFY(m_server.listen());
    m_server.route(QStringLiteral("/tiny-remote.onnx"), {200, bytes});
    const QString manifest = m_dir.filePath(QStringLiteral("models.json"));
    QFile file(manifest);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QJsonArray entries{
        entry(kInstalled, "tiny-embed.onnx", bytes, {}),
        entry(kRemote, "tiny-remote.onnx", bytes, m_server.url("/tiny-remote.onnx")),
        entry(kUnusable, "clip-inputs.onnx", bytes, m_server.url("/clip.onnx"), kInstalled)};
    file.write(QJsonDocument(QJsonObject{{"models", entries}}).toJson());
    file.close();
    auto registry = ModelRegistry::load(manifest, models);
    QVERIFY2(registry, qPrintable(registry.error()));
    m_registry = std::move(*registry);

    // A library of generated photos (gradients of different colours), photos only.
    const QString photos = m_dir.filePath(QStringLiteral("photos"));
    QVERIFY(QDir().mkpath(photos));
    for (int i = 0; i < kPhotos; ++i) {
        QImage image(96, 64, QImage::Format_RGB888);
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                image.setPixelColor(
                    x, y,
                    QColor((x * 2 + i * 40) % 256, (y * 3 + i * 70) % 256, (i * 90 + x + y) % 256));
        QVERIFY(image.save(photos + QStringLiteral("/photo%1.png").arg(i)));
    }
    m_library = m_dir.filePath(QStringLiteral("library.db"));
    Indexer::Options options;
    options.facePass = false;
    auto summary = Indexer(*m_registry).run(m_library, photos, options);
    QVERIFY2(summary, qPrintable(summary.error()));
    QCOMPARE(summary->photosDescribed, qint64(kPhotos));

    m_jobs = new BackgroundJobs(&m_window);
    m_actions = new ImageModelActions(&*m_registry, &m_sink, m_jobs, &m_window);
    m_actions->setLibraryPath(m_library);
}

void TestImageModelDialog::listsModels()
{
    ImageModelDialog dialog(m_actions);
    QTRY_VERIFY(!dialog.isRefreshing());
    QCOMPARE(dialog.table()->topLevelItemCount(), 3);
    const QTreeWidgetItem* installed = dialog.table()->topLevelItem(0);
    QCOMPARE(installed->text(0), kInstalled);
    QCOMPARE(installed->text(1), QStringLiteral("4"));
    QCOMPARE(installed->text(3), QStringLiteral("Apache-2.0"));
    QVERIFY2(installed->text(4).startsWith(QStringLiteral("Installed")),
             qPrintable(installed->text(4)));
    QVERIFY2(dialog.table()->topLevelItem(1)->text(4).startsWith(QStringLiteral("Not downloaded")),
             qPrintable(dialog.table()->topLevelItem(1)->text(4)));
    QVERIFY2(dialog.libraryText().contains(QStringLiteral("model-free")),
             qPrintable(dialog.libraryText()));
    dialog.selectModel(kInstalled);
    QVERIFY(dialog.useButton()->isEnabled());
    QVERIFY(!dialog.downloadButton()->isEnabled());
    QVERIFY(!dialog.modelFreeButton()->isEnabled()); // already model-free
    dialog.selectModel(kRemote);
    QVERIFY(!dialog.useButton()->isEnabled()); // not downloaded yet
    QVERIFY(dialog.downloadButton()->isEnabled());
    // A model OpenCV cannot run says what to use instead, and offers nothing.
    dialog.selectModel(kUnusable);
    QCOMPARE(dialog.table()->topLevelItem(2)->text(4),
             QStringLiteral("OpenCV cannot run it here: use tiny-pool"));
    QVERIFY(!dialog.useButton()->isEnabled());
    QVERIFY(!dialog.downloadButton()->isEnabled());
}

void TestImageModelDialog::useRunsInBackground()
{
    ImageModelDialog dialog(m_actions);
    QTRY_VERIFY(!dialog.isRefreshing());
    dialog.selectModel(kInstalled);
    QSignalSpy changed(m_actions, &ImageModelActions::modelChanged);
    QTest::mouseClick(dialog.useButton(), Qt::LeftButton);
    QVERIFY(m_actions->isRunning() || changed.count() == 1);
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 60000);
    QTRY_VERIFY(!dialog.isRefreshing());
    QVERIFY2(dialog.libraryText().contains(QStringLiteral("look-alikes by tiny-pool")),
             qPrintable(dialog.libraryText()));
    QVERIFY2(m_jobs->text().contains(QStringLiteral("tiny-pool")), qPrintable(m_jobs->text()));
    QVERIFY2(
        dialog.table()->topLevelItem(0)->text(4).contains(QStringLiteral("used by this library")),
        qPrintable(dialog.table()->topLevelItem(0)->text(4)));
    {
        auto library = Library::open(m_library, Library::Mode::ReadOnly);
        QVERIFY2(library, qPrintable(library.error()));
        QCOMPARE(ImageModelStore::active(**library), kInstalled);
        QCOMPARE(ImageModelStore::embeddedCount(**library, kInstalled), qint64(kPhotos));
    }
    QCOMPARE(m_sink.errors(), 0);

    // Model-free again.
    QVERIFY(dialog.modelFreeButton()->isEnabled());
    QTest::mouseClick(dialog.modelFreeButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, 60000);
    QTRY_VERIFY(!dialog.isRefreshing());
    QVERIFY2(dialog.libraryText().contains(QStringLiteral("model-free")),
             qPrintable(dialog.libraryText()));
    auto library = Library::open(m_library, Library::Mode::ReadOnly);
    QVERIFY2(library, qPrintable(library.error()));
    QCOMPARE(ImageModelStore::active(**library), QString());
}

void TestImageModelDialog::downloadInstalls()
{
    ImageModelDialog dialog(m_actions);
    QTRY_VERIFY(!dialog.isRefreshing());
    dialog.selectModel(kRemote);
    QTest::mouseClick(dialog.downloadButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.messageText().contains(QStringLiteral("installed")), 30000);
    QTRY_VERIFY(!dialog.isRefreshing());
    QVERIFY2(dialog.table()->topLevelItem(1)->text(4).startsWith(QStringLiteral("Installed")),
             qPrintable(dialog.table()->topLevelItem(1)->text(4)));
    QVERIFY(dialog.useButton()->isEnabled());
    QCOMPARE(m_server.requests(QStringLiteral("/tiny-remote.onnx")), 1);
}

void TestImageModelDialog::screenshot()
{
    // LOOKALIKE_SCREENSHOT=file.png keeps a picture of the dialog (run under Xvfb for real
    // fonts) as a fresh install shows it: the source tree's manifest, nothing downloaded.
    const QString out = qEnvironmentVariable("LOOKALIKE_SCREENSHOT");
    if (out.isEmpty())
        QSKIP("set LOOKALIKE_SCREENSHOT=file.png to keep a picture of the dialog");
    const QString empty = m_dir.filePath(QStringLiteral("no-models"));
    QVERIFY(QDir().mkpath(empty));
    auto manifest =
        ModelRegistry::load(QStringLiteral(LOOKALIKE_SOURCE_DIR "/models/models.json"), empty);
    QVERIFY2(manifest, qPrintable(manifest.error()));
    ImageModelActions actions(&*manifest, &m_sink, m_jobs, &m_window);
    actions.setLibraryPath(m_library);
    ImageModelDialog dialog(&actions);
    QTRY_VERIFY(!dialog.isRefreshing());
    dialog.selectModel(QStringLiteral("mobilenetv2-7"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.grab().save(out));
}

QTEST_MAIN(TestImageModelDialog)
#include "tst_imagemodeldialog.moc"
