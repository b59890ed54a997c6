// Builds the .deb with CPack (packaging/CMakeLists.txt), unpacks it into a temporary root and
// runs the programs from there: the package holds what a user needs, its control fields are
// filled, its desktop entry and AppStream metadata validate, and the binaries run once
// installed. Skips with a message when cpack or the dpkg tools are missing.
#include "modelregistry.h"
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

namespace {

const QString kAppId = QStringLiteral("io.github.lookalike.Lookalike");
const QString kVersion = QStringLiteral(LOOKALIKE_VERSION);
constexpr int kPackTimeoutMs = 180000; // strip + dpkg-shlibdeps + compression: ~30 s here

struct Run {
    int code = -1;
    QString out;
    QString err;
};

Run run(const QString& program, const QStringList& args,
        const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
        int timeoutMs = 30000)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    Run r;
    if (!p.waitForStarted() || !p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("%1 did not finish: %2").arg(program, p.errorString());
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromLocal8Bit(p.readAllStandardOutput());
    r.err = QString::fromLocal8Bit(p.readAllStandardError());
    return r;
}

// Key=value pairs of a .desktop file's [Desktop Entry] group (QSettings would treat ';' as a
// comment).
QHash<QString, QString> readDesktopEntry(const QString& path)
{
    QHash<QString, QString> entry;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return entry;
    bool inEntry = false;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.startsWith(QLatin1Char('[')))
            inEntry = line == QLatin1String("[Desktop Entry]");
        else if (const qsizetype eq = line.indexOf(QLatin1Char('=')); inEntry && eq > 0)
            entry.insert(line.left(eq).trimmed(), line.mid(eq + 1).trimmed());
    }
    return entry;
}

} // namespace

class TestPackage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        for (const char* tool : {"cpack", "dpkg-deb", "dpkg-shlibdeps", "dpkg"})
            if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
                QSKIP(qPrintable(QStringLiteral("%1 not found: install cmake and dpkg-dev "
                                                "(bash packaging/setup.sh deps)")
                                     .arg(QLatin1String(tool))));
        m_buildDir = QDir::cleanPath(QFileInfo(QStringLiteral(LOOKALIKE_CLI_PATH)).absolutePath() +
                                     QStringLiteral("/.."));
        const QString config = m_buildDir + QStringLiteral("/CPackConfig.cmake");
        QVERIFY2(QFileInfo::exists(config), qPrintable(config + QStringLiteral(" missing")));
        QVERIFY(m_tmp.isValid());
        m_gui = QFileInfo::exists(m_buildDir + QStringLiteral("/app/lookalike"));

        const QString out = m_tmp.filePath(QStringLiteral("out"));
        const Run pack = run(QStringLiteral("cpack"),
                             {QStringLiteral("-G"), QStringLiteral("DEB"),
                              QStringLiteral("--config"), config, QStringLiteral("-B"), out},
                             QProcessEnvironment::systemEnvironment(), kPackTimeoutMs);
        QVERIFY2(pack.code == 0, qPrintable(pack.out + pack.err +
                                            QStringLiteral("(cpack installs every program: build "
                                                           "them all first, cmake --build %1)")
                                                .arg(m_buildDir)));
        const QString arch =
            run(QStringLiteral("dpkg"), {QStringLiteral("--print-architecture")}).out.trimmed();
        m_deb = QStringLiteral("%1/lookalike_%2_%3.deb").arg(out, kVersion, arch);
        QVERIFY2(QFileInfo::exists(m_deb),
                 qPrintable(m_deb + QStringLiteral(" not made; cpack said:\n") + pack.out));

        m_root = m_tmp.filePath(QStringLiteral("root"));
        const Run unpack = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-x"), m_deb, m_root});
        QVERIFY2(unpack.code == 0, qPrintable(unpack.err));
        m_arch = arch;
    }

    void contents_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("executable");
        QTest::addColumn<bool>("guiOnly");
        const QString icons = QStringLiteral("usr/share/icons/hicolor/");
        QTest::newRow("cli") << QStringLiteral("usr/bin/lookalike-cli") << true << false;
        QTest::newRow("fetch command")
            << QStringLiteral("usr/bin/lookalike-fetch-models") << true << false;
        QTest::newRow("fetch script")
            << QStringLiteral("usr/share/lookalike/fetch-models.sh") << true << false;
        QTest::newRow("manifest") << QStringLiteral("usr/share/lookalike/models.json") << false
                                  << false;
        QTest::newRow("object codebook")
            << QStringLiteral("usr/share/lookalike/object-codebook.bin") << false << false;
        QTest::newRow("face gate")
            << QStringLiteral("usr/share/lookalike/facegate/facegate.json") << false << false;
        QTest::newRow("gui") << QStringLiteral("usr/bin/lookalike") << true << true;
        QTest::newRow("desktop entry")
            << QStringLiteral("usr/share/applications/%1.desktop").arg(kAppId) << false << true;
        QTest::newRow("metainfo")
            << QStringLiteral("usr/share/metainfo/%1.metainfo.xml").arg(kAppId) << false << true;
        QTest::newRow("scalable icon")
            << icons + QStringLiteral("scalable/apps/%1.svg").arg(kAppId) << false << true;
        for (int size : {48, 128, 256})
            QTest::newRow(qPrintable(QStringLiteral("icon %1").arg(size)))
                << icons + QStringLiteral("%1x%1/apps/%2.png").arg(size).arg(kAppId) << false
                << true;
    }

    // Everything the GUI needs is shipped exactly when the GUI was built.
    void contents()
    {
        QFETCH(QString, path);
        QFETCH(bool, executable);
        QFETCH(bool, guiOnly);
        const QFileInfo file(m_root + QLatin1Char('/') + path);
        if (guiOnly && !m_gui) {
            QVERIFY2(!file.exists(), "shipped although the GUI (app/lookalike) was not built");
            return;
        }
        QVERIFY2(file.isFile(), qPrintable(path + QStringLiteral(" not in the package")));
        QCOMPARE(file.isExecutable(), executable);
    }

    // Model files come from npm at set-up time (size, licence), never from the package.
    void modelsAreNotPackaged()
    {
        QDirIterator it(m_root, {QStringLiteral("*.onnx")}, QDir::Files,
                        QDirIterator::Subdirectories);
        QVERIFY2(!it.hasNext(), qPrintable(it.hasNext() ? it.next() : QString()));
    }

    // The face gate is the one model shipped in the package: the installed manifest finds it
    // beside itself and its checksum holds.
    void bundledFaceGateVerifies()
    {
        const auto registry = lookalike::ModelRegistry::load(
            m_root + QStringLiteral("/usr/share/lookalike/models.json"),
            m_tmp.filePath(QStringLiteral("none")));
        QVERIFY2(registry, qPrintable(registry.error()));
        const QString id = registry->idForTask(QStringLiteral("face-gate"));
        QVERIFY(!id.isEmpty());
        const auto gate = registry->model(id);
        QVERIFY2(gate, qPrintable(gate.error()));
        QCOMPARE(gate->path,
                 m_root + QStringLiteral("/usr/share/lookalike/facegate/facegate.json"));
    }

    void controlFields()
    {
        const Run info = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-f"), m_deb});
        QCOMPARE(info.code, 0);
        QHash<QString, QString> f;
        for (const QString& line : info.out.split(QLatin1Char('\n')))
            if (const qsizetype colon = line.indexOf(QLatin1String(": "));
                colon > 0 && !line.startsWith(QLatin1Char(' ')))
                f.insert(line.left(colon), line.mid(colon + 2));
        QCOMPARE(f.value(QStringLiteral("Package")), QStringLiteral("lookalike"));
        QCOMPARE(f.value(QStringLiteral("Version")), kVersion);
        QCOMPARE(f.value(QStringLiteral("Architecture")), m_arch);
        QCOMPARE(f.value(QStringLiteral("Section")), QStringLiteral("graphics"));
        QVERIFY(f.value(QStringLiteral("Maintainer"))
                    .contains(QRegularExpression(QStringLiteral("<.+@.+>"))));
        QVERIFY(f.value(QStringLiteral("Homepage")).startsWith(QStringLiteral("https://")));
        QVERIFY(!f.value(QStringLiteral("Description")).isEmpty());
        // dpkg-shlibdeps ran: the libraries the binaries link are dependencies.
        const QString depends = f.value(QStringLiteral("Depends"));
        for (const char* lib : {"libc6", "libqt6core6", "libsqlite3-0"})
            QVERIFY2(depends.contains(QLatin1String(lib)), qPrintable(depends));
        if (m_gui)
            QVERIFY2(depends.contains(QLatin1String("qt6-qpa-plugins")), qPrintable(depends));
        const QString recommends = f.value(QStringLiteral("Recommends"));
        for (const char* pkg :
             {"qt6-image-formats-plugins", "libopenblas0-pthread", "npm", "jq", "curl"})
            QVERIFY2(recommends.contains(QLatin1String(pkg)), qPrintable(recommends));
    }

    // The installed entry when the GUI is packaged, else the source file.
    void desktopEntry()
    {
        const QString path =
            m_gui ? m_root + QStringLiteral("/usr/share/applications/%1.desktop").arg(kAppId)
                  : sourceFile(QStringLiteral("%1.desktop").arg(kAppId));
        const QHash<QString, QString> entry = readDesktopEntry(path);
        QCOMPARE(entry.value(QStringLiteral("Type")), QStringLiteral("Application"));
        QCOMPARE(entry.value(QStringLiteral("GenericName")), QStringLiteral("Find lookalikes"));
        QCOMPARE(entry.value(QStringLiteral("Icon")), kAppId);
        const QStringList mime =
            entry.value(QStringLiteral("MimeType")).split(QLatin1Char(';'), Qt::SkipEmptyParts);
        for (const char* type :
             {"image/jpeg", "image/png", "image/webp", "image/bmp", "image/tiff", "image/gif"})
            QVERIFY2(mime.contains(QLatin1String(type)), type);
        const QString program = entry.value(QStringLiteral("Exec")).section(QLatin1Char(' '), 0, 0);
        QCOMPARE(program, QStringLiteral("lookalike"));
        if (m_gui)
            QVERIFY(QFileInfo(m_root + QStringLiteral("/usr/bin/") + program).isExecutable());

        if (QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate")).isEmpty())
            QSKIP(
                "desktop-file-validate not found (apt install desktop-file-utils): not validated");
        const Run validate = run(QStringLiteral("desktop-file-validate"), {path});
        QVERIFY2(validate.code == 0 && validate.out.trimmed().isEmpty(),
                 qPrintable(validate.out + validate.err));
    }

    void metainfo()
    {
        const QString path =
            m_gui ? m_root + QStringLiteral("/usr/share/metainfo/%1.metainfo.xml").arg(kAppId)
                  : sourceFile(QStringLiteral("%1.metainfo.xml").arg(kAppId));
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        QXmlStreamReader xml(&file);
        QString id, launchable, release;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (xml.name() == QLatin1String("id"))
                id = xml.readElementText();
            else if (xml.name() == QLatin1String("launchable"))
                launchable = xml.readElementText();
            else if (xml.name() == QLatin1String("release") && release.isEmpty())
                release = xml.attributes().value(QLatin1String("version")).toString();
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(id, kAppId);
        QCOMPARE(launchable, kAppId + QStringLiteral(".desktop"));
        QCOMPARE(release, kVersion); // the newest <release> names project(VERSION)

        if (QStandardPaths::findExecutable(QStringLiteral("appstreamcli")).isEmpty())
            QSKIP("appstreamcli not found (apt install appstream): not validated");
        const Run validate = run(QStringLiteral("appstreamcli"),
                                 {QStringLiteral("validate"), QStringLiteral("--no-net"), path});
        QVERIFY2(validate.code == 0, qPrintable(validate.out + validate.err));
    }

    void cliRunsFromPackage()
    {
        const Run r =
            run(m_root + QStringLiteral("/usr/bin/lookalike-cli"), {QStringLiteral("--version")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out.trimmed(), QStringLiteral("lookalike-cli ") + kVersion);
    }

    void guiRunsFromPackage()
    {
        if (!m_gui)
            QSKIP("the GUI (app/lookalike) was not built");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const Run r =
            run(m_root + QStringLiteral("/usr/bin/lookalike"), {QStringLiteral("--version")}, env);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(kVersion), qPrintable(r.out));
    }

    void cliReportsMissingLibrary()
    {
        const Run r = run(m_root + QStringLiteral("/usr/bin/lookalike-cli"),
                          {QStringLiteral("stats"), QStringLiteral("/nonexistent.db")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("/nonexistent.db")) &&
                     r.err.contains(QLatin1String("no library")),
                 qPrintable(r.err));
    }

    // The installed command finds the installed script and manifest: with every default model
    // already in a temporary cache it only verifies them (no network), and the bundled
    // codebook beside the installed manifest matches its sha256. Optional models are not
    // fetched by default.
    void fetchCommandUsesInstalledManifest()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("jq")).isEmpty())
            QSKIP("jq not found (bash packaging/setup.sh deps)");
        QFile manifest(m_root + QStringLiteral("/usr/share/lookalike/models.json"));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        const QJsonArray models = QJsonDocument::fromJson(manifest.readAll())
                                      .object()
                                      .value(QLatin1String("models"))
                                      .toArray();
        QVERIFY(!models.isEmpty());
        const QString cache = lookalike::ModelRegistry::defaultModelsDir();
        const QString dir = m_tmp.filePath(QStringLiteral("models"));
        QVERIFY(QDir().mkpath(dir));
        int expected = 0;
        for (const QJsonValue& model : models) {
            const QJsonObject o = model.toObject();
            if (o.value(QLatin1String("optional")).toBool())
                continue;
            ++expected;
            if (o.value(QLatin1String("source")).toObject().contains(QLatin1String("bundled")))
                continue; // ships in the package: verified there, not copied
            const QString name = o.value(QLatin1String("file")).toString();
            if (!QFileInfo::exists(cache + QLatin1Char('/') + name))
                QSKIP(qPrintable(QStringLiteral("%1 not in %2: run bash packaging/setup.sh models")
                                     .arg(name, cache)));
            QVERIFY(QFile::copy(cache + QLatin1Char('/') + name, dir + QLatin1Char('/') + name));
        }
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("LOOKALIKE_MODELS_MANIFEST"));
        env.insert(QStringLiteral("LOOKALIKE_MODELS_DIR"), dir);
        const Run r =
            run(m_root + QStringLiteral("/usr/bin/lookalike-fetch-models"), {}, env, 60000);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(
            r.err.contains(QStringLiteral("%1 verified in %2 (0 fetched)").arg(expected).arg(dir)),
            qPrintable(r.err));
    }

private:
    static QString sourceFile(const QString& name)
    {
        return QStringLiteral(LOOKALIKE_SOURCE_DIR "/packaging/") + name;
    }

    QTemporaryDir m_tmp;
    QString m_buildDir;
    QString m_deb;
    QString m_root;
    QString m_arch;
    bool m_gui = false;
};

QTEST_GUILESS_MAIN(TestPackage)
#include "tst_package.moc"
