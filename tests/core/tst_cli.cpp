// lookalike-cli as a user runs it: exit codes, JSON on stdout, a crash mid-run.
#include "clirun.h"
#include "library.h"
#include "testdata.h"
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <map>
#include <numeric>

using namespace lookalike;
using lookalike::test::cli;
using lookalike::test::Run;
using lookalike::test::dataPath;

namespace {

// The first `people` LFW people folders with all their photos.
int copyLfwPeople(const QString& to, int people)
{
    const QDir source(dataPath(QStringLiteral("faces/lfw-devtrain/images")));
    int copied = 0;
    for (const QString& person : source.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name).mid(0, people)) {
        QDir().mkpath(to + QLatin1Char('/') + person);
        for (const QString& file : QDir(source.filePath(person)).entryList(QDir::Files)) {
            QFile::copy(source.filePath(person + QLatin1Char('/') + file), to + QLatin1Char('/') + person + QLatin1Char('/') + file);
            ++copied;
        }
    }
    return copied;
}

// What a library holds, independent of row ids and order: one line per face.
QStringList content(const QString& db)
{
    auto library = Library::open(db, Library::Mode::ReadOnly);
    if (!library)
        return {library.error()};
    QStringList lines;
    for (const FaceRecord& f : (*library)->allFaces())
        lines << QStringLiteral("%1|%2|%3,%4,%5,%6")
                     .arg(QFileInfo(f.path).fileName(), f.label)
                     .arg(f.box.x(), 0, 'f', 4)
                     .arg(f.box.y(), 0, 'f', 4)
                     .arg(f.box.width(), 0, 'f', 4)
                     .arg(f.box.height(), 0, 'f', 4);
    lines.sort();
    return lines;
}

qint64 imagesIn(const QString& db)
{
    auto library = Library::open(db, Library::Mode::ReadOnly);
    return library ? (*library)->stats().images : 0;
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const char* name) { return m_dir.filePath(QString::fromLatin1(name)); }

private slots:
    void usageErrorsExitWithOne_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no command") << QStringList{};
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")};
        QTest::newRow("index without folder") << QStringList{QStringLiteral("index"), QStringLiteral("x.db")};
        QTest::newRow("unknown option") << QStringList{QStringLiteral("stats"), QStringLiteral("x.db"), QStringLiteral("--nope")};
        QTest::newRow("bad k") << QStringList{QStringLiteral("query"), QStringLiteral("x.db"), QStringLiteral("y.jpg"), QStringLiteral("-k"), QStringLiteral("zero")};
        QTest::newRow("bad format") << QStringList{QStringLiteral("export"), QStringLiteral("x.db"), QStringLiteral("y"), QStringLiteral("--format"), QStringLiteral("xml")};
    }
    void usageErrorsExitWithOne()
    {
        QFETCH(QStringList, args);
        const Run r = cli(args);
        QCOMPARE(r.code, 1);
        QVERIFY(!r.err.isEmpty());
    }

    void everyCommandHasHelp_data()
    {
        QTest::addColumn<QString>("command");
        for (const char* c : {"index", "query", "dupes", "export", "stats", "bench"})
            QTest::newRow(c) << QString::fromLatin1(c);
    }
    void everyCommandHasHelp()
    {
        QFETCH(QString, command);
        const Run r = cli({command, QStringLiteral("--help")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("Usage"));
    }

    void fastIndexEmbedsOncePerFace()
    {
        REQUIRE_TEST_DATA("faces/bbt/amy");
        const QString photos = dataPath(QStringLiteral("faces/bbt/amy"));
        const QString accurate = path("amy-accurate.db"), fast = path("amy-fast.db");
        QCOMPARE(cli({QStringLiteral("index"), accurate, photos}).code, 0);
        const Run r = cli({QStringLiteral("index"), fast, photos, QStringLiteral("--fast")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json().value(QStringLiteral("faces")).toInt(), 5);
        // Same faces, embedded without the mirror-image average: close, but not the same.
        auto a = Library::open(accurate, Library::Mode::ReadOnly);
        auto b = Library::open(fast, Library::Mode::ReadOnly);
        QVERIFY(a && b);
        auto byPath = [](Library& library) {
            std::map<QString, qint64> out; // one face per photo here
            for (const FaceRecord& f : library.allFaces())
                out[f.path] = f.id;
            return out;
        };
        const auto facesA = byPath(**a), facesB = byPath(**b);
        QCOMPARE(facesA.size(), size_t(5));
        for (const auto& [photo, id] : facesA) {
            QVERIFY(facesB.count(photo));
            const auto va = (*a)->embedding(id, (*a)->defaultModel());
            const auto vb = (*b)->embedding(facesB.at(photo), (*b)->defaultModel());
            QCOMPARE(va.size(), vb.size());
            const double cosine = std::inner_product(va.begin(), va.end(), vb.begin(), 0.0);
            QVERIFY2(cosine > 0.9 && cosine < 0.9999, qPrintable(QString::number(cosine)));
        }
    }

    void benchReviewFindsThePlantedMisfiles()
    {
        const Run r = cli({QStringLiteral("bench"), QStringLiteral("review"), QStringLiteral("--faces"), QStringLiteral("3000")});
        QCOMPARE(r.code, 0);
        const QJsonObject out = r.json();
        QCOMPARE(out.value(QStringLiteral("planted_misfiles")).toInt(), 30);
        const QJsonArray modes = out.value(QStringLiteral("finder")).toArray();
        QCOMPARE(modes.size(), 3);
        for (const QJsonValue& m : modes) {
            QVERIFY(m.toObject().value(QStringLiteral("seconds")).toDouble() > 0);
            if (m.toObject().value(QStringLiteral("mode")).toString() == QLatin1String("same-photo"))
                QCOMPARE(m.toObject().value(QStringLiteral("duplicates_found")).toInt(), 6);
            else
                QVERIFY(m.toObject().value(QStringLiteral("planted_recall")).toDouble() >= 0.9);
        }
        const QJsonObject clusters = out.value(QStringLiteral("clusters")).toObject();
        QVERIFY(clusters.value(QStringLiteral("purity")).toDouble() >= 0.95);
        const QJsonObject suggestions = out.value(QStringLiteral("suggestions")).toObject();
        QVERIFY(suggestions.value(QStringLiteral("right_person")).toInt() >=
                suggestions.value(QStringLiteral("unnamed_faces")).toInt() * 9 / 10);
    }

    void failuresExitWithTwo()
    {
        const Run missing = cli({QStringLiteral("stats"), path("absent.db")});
        QCOMPARE(missing.code, 2);
        QVERIFY(missing.err.contains("no library"));
        const Run notFolder = cli({QStringLiteral("index"), path("a.db"), path("absent-folder")});
        QCOMPARE(notFolder.code, 2);
    }

    void indexQueryDupesExportOnRealPhotos()
    {
        REQUIRE_TEST_DATA("faces/bbt/sheldon");
        // Seed 004's problem: one person filed under two names.
        QTemporaryDir photos;
        for (const char* person : {"sheldon", "penny", "raj"}) {
            const QString dir = photos.filePath(QString::fromLatin1(person));
            QDir().mkpath(dir);
            for (const QString& f : QDir(dataPath(QStringLiteral("faces/bbt/") + QLatin1String(person))).entryList(QDir::Files))
                QFile::copy(dataPath(QStringLiteral("faces/bbt/%1/%2").arg(QLatin1String(person), f)), dir + QLatin1Char('/') + f);
        }
        QDir().mkpath(photos.filePath(QStringLiteral("cooper")));
        QFile::copy(dataPath(QStringLiteral("faces/bbt/sheldon/sheldon1.png")), photos.filePath(QStringLiteral("cooper/c1.png")));

        const QString db = path("bbt.db");
        const Run index = cli({QStringLiteral("index"), db, photos.path(), QStringLiteral("--labels-from-subfolders")});
        QCOMPARE(index.code, 0);
        const QJsonObject summary = index.json();
        for (const char* key : {"images_seen", "images_indexed", "images_unchanged", "images_removed", "images_failed",
                                "faces", "seconds", "failures"})
            QVERIFY2(summary.contains(QLatin1String(key)), key);
        QCOMPARE(summary.value(QStringLiteral("images_indexed")).toInt(), 16);

        const Run query = cli({QStringLiteral("query"), db, dataPath(QStringLiteral("faces/bbt/penny/penny2.png")), QStringLiteral("-k"), QStringLiteral("3")});
        QCOMPARE(query.code, 0);
        const QJsonArray faces = query.json().value(QStringLiteral("faces")).toArray();
        QCOMPARE(faces.size(), 1);
        const QJsonArray matches = faces[0].toObject().value(QStringLiteral("matches")).toArray();
        QCOMPARE(matches.size(), 3);
        QCOMPARE(matches[0].toObject().value(QStringLiteral("label")).toString(), QStringLiteral("penny"));
        QVERIFY(matches[0].toObject().value(QStringLiteral("similarity")).toDouble() > 0.99); // the same photo
        QVERIFY(matches[0].toObject().value(QStringLiteral("similarity")).toDouble() >=
                matches[1].toObject().value(QStringLiteral("similarity")).toDouble());
        QCOMPARE(matches[0].toObject().value(QStringLiteral("box")).toArray().size(), 4);

        const QString csv = path("cross.csv");
        const Run dupes = cli({QStringLiteral("dupes"), db, QStringLiteral("--cross-label"), QStringLiteral("--threshold"),
                               QStringLiteral("0.9"), QStringLiteral("--csv"), csv});
        QCOMPARE(dupes.code, 0);
        const QJsonArray pairs = dupes.json().value(QStringLiteral("pairs")).toArray();
        QCOMPARE(pairs.size(), 1); // sheldon1.png filed again as cooper/c1.png
        const QJsonObject pair = pairs[0].toObject();
        QStringList labels{pair[QStringLiteral("a")].toObject()[QStringLiteral("label")].toString(),
                           pair[QStringLiteral("b")].toObject()[QStringLiteral("label")].toString()};
        labels.sort();
        QCOMPARE(labels, (QStringList{QStringLiteral("cooper"), QStringLiteral("sheldon")}));
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        QCOMPARE(csvFile.readLine().trimmed(), QByteArray("path_a,path_b,similarity,label_a,label_b"));

        const Run exportCsv = cli({QStringLiteral("export"), db, path("faces.csv")});
        QCOMPARE(exportCsv.code, 0);
        QFile faceCsv(path("faces.csv"));
        QVERIFY(faceCsv.open(QIODevice::ReadOnly));
        const QList<QByteArray> header = faceCsv.readLine().trimmed().split(',');
        QCOMPARE(header.size(), 8 + 512);
        QCOMPARE(header.mid(0, 9), (QList<QByteArray>{"face_id", "path", "label", "x", "y", "w", "h", "score", "e0"}));
        QCOMPARE(header.last(), QByteArray("e511"));
        int rows = 0;
        while (!faceCsv.atEnd())
            rows += faceCsv.readLine().trimmed().isEmpty() ? 0 : 1;
        QCOMPARE(rows, summary.value(QStringLiteral("faces")).toInt());

        // No --format: a .npy file gets NumPy's format, as its name says.
        const Run exportNpy = cli({QStringLiteral("export"), db, path("faces.npy")});
        QCOMPARE(exportNpy.code, 0);
        QCOMPARE(exportNpy.json().value(QStringLiteral("format")).toString(), QStringLiteral("npy"));
        QFile npy(path("faces.npy"));
        QVERIFY(npy.open(QIODevice::ReadOnly));
        const QByteArray bytes = npy.readAll();
        QVERIFY(bytes.startsWith("\x93NUMPY"));
        const int headerLength = quint8(bytes[8]) | (quint8(bytes[9]) << 8);
        QCOMPARE((10 + headerLength) % 64, 0);
        QVERIFY(bytes.mid(10, headerLength).contains(QStringLiteral("(%1, 512)").arg(rows).toLatin1()));
        QCOMPARE(bytes.size(), 10 + headerLength + rows * 512 * 4);
        QVERIFY(QFile::exists(path("faces.npy.csv")));
        // An explicit --format wins over the name.
        const Run forcedCsv = cli({QStringLiteral("export"), db, path("rows.npy"), QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(forcedCsv.code, 0);
        QFile forced(path("rows.npy"));
        QVERIFY(forced.open(QIODevice::ReadOnly));
        QVERIFY(forced.readLine().startsWith("face_id,path,"));

        const Run stats = cli({QStringLiteral("stats"), db});
        QCOMPARE(stats.code, 0);
        QCOMPARE(stats.json().value(QStringLiteral("faces")).toInt(), rows);
        QCOMPARE(stats.json().value(QStringLiteral("index")).toObject().value(QStringLiteral("vectors")).toInt(), rows);
    }

    void killedRunResumesToTheSameLibrary()
    {
        REQUIRE_TEST_DATA("faces/lfw-devtrain/images");
        QTemporaryDir photos;
        const int copied = copyLfwPeople(photos.path(), 120);
        QVERIFY(copied > 150);

        const QString whole = path("whole.db");
        QCOMPARE(cli({QStringLiteral("index"), whole, photos.path(), QStringLiteral("--labels-from-subfolders")}).code, 0);

        const QString resumed = path("resumed.db");
        QProcess p;
        p.start(QStringLiteral(LOOKALIKE_CLI_PATH), {QStringLiteral("index"), resumed, photos.path(), QStringLiteral("--labels-from-subfolders")});
        QVERIFY(p.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(imagesIn(resumed) >= 40, 60000);
        p.kill(); // SIGKILL: no chance to clean up
        p.waitForFinished();
        const qint64 partial = imagesIn(resumed);
        QVERIFY2(partial < copied, "the run finished before it could be killed");

        auto library = Library::open(resumed, Library::Mode::ReadOnly);
        QVERIFY(library);
        QCOMPARE((*library)->integrityCheck(), QStringLiteral("ok"));
        library->reset();

        const Run again = cli({QStringLiteral("index"), resumed, photos.path(), QStringLiteral("--labels-from-subfolders")});
        QCOMPARE(again.code, 0);
        QVERIFY(again.json().value(QStringLiteral("images_unchanged")).toInt() >= partial);
        QCOMPARE(content(resumed), content(whole));
        QCOMPARE(imagesIn(resumed), imagesIn(whole));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
