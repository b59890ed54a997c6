// Readers after a crash: a batch of file moves killed half way (a real process exit in the
// middle of lookalike-cli merge-labels), then the read-only views (Library queries, export,
// stats, query) see the half-done state with every photo where it really is, warn that a
// change is pending and say how to finish it; an open that writes rolls it back.
#include "clirun.h"
#include "database.h"
#include "filetree.h"
#include "library.h"
#include "pendingchanges.h"
#include "testdata.h"
#include <QDirIterator>
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

// Three LFW people with at least three photos each, copied under `to`.
int copyPeople(const QString& to)
{
    const QDir source(test::dataPath(QStringLiteral("faces/lfw-devtrain/images")));
    int people = 0, copied = 0;
    for (const QString& person : source.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QStringList files = QDir(source.filePath(person)).entryList(QDir::Files, QDir::Name);
        if (files.size() < 3 || files.size() > 6)
            continue;
        QDir().mkpath(to + QLatin1Char('/') + person);
        for (const QString& file : files)
            copied += QFile::copy(source.filePath(person + QLatin1Char('/') + file),
                                  to + QLatin1Char('/') + person + QLatin1Char('/') + file);
        if (++people == 3)
            break;
    }
    return copied;
}

QStringList missingPaths(const QStringList& paths)
{
    QStringList out;
    for (const QString& p : paths)
        if (!QFileInfo::exists(p))
            out << p;
    return out;
}

} // namespace

class TestPendingChanges : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_root, m_db, m_from, m_into;
    QMap<QString, QByteArray> m_before;

    // Every recorded path as the library stores it, without any resolution.
    QStringList recordedPaths()
    {
        QStringList out;
        auto library = Library::open(m_db, Library::Mode::ReadOnly);
        Statement q = (*library)->database().prepare("SELECT path FROM images ORDER BY path");
        while (q.next())
            out << q.text(0);
        return out;
    }

private slots:
    void initTestCase()
    {
        REQUIRE_TEST_DATA(QStringLiteral("faces/lfw-devtrain/images"));
        m_root = m_dir.filePath(QStringLiteral("people"));
        m_db = m_dir.filePath(QStringLiteral("people.db"));
        QVERIFY(copyPeople(m_root) >= 9);
        const Run index = cli(
            {QStringLiteral("index"), m_db, m_root, QStringLiteral("--labels-from-subfolders")});
        QVERIFY2(index.code == 0, index.err.constData());
        const QStringList people =
            QDir(m_root).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        m_from = people[0];
        m_into = people[1];
        m_before = test::treeChecksums(m_root);
    }

    void aCrashBetweenAMoveAndItsRecordLeavesAPathThatIsGone()
    {
        const Run merge = cli(
            {QStringLiteral("merge-labels"), m_db, m_from, m_into, QStringLiteral("--move-files")},
            {QStringLiteral("LOOKALIKE_CRASH_AFTER_MOVES=1"),
             QStringLiteral("LOOKALIKE_CRASH_UNRECORDED=1")});
        QCOMPARE(merge.code, 137);
        QVERIFY(test::treeChecksums(m_root) != m_before);
        // One photo moved and recorded, one moved and not recorded: its stored path is gone.
        QCOMPARE(missingPaths(recordedPaths()).size(), 1);
    }

    void libraryReadersReportEveryPhotoWhereItIs()
    {
        auto library = Library::open(m_db, Library::Mode::ReadOnly);
        QVERIFY(library);
        const PendingChanges pending = (*library)->pendingChanges();
        QCOMPARE(pending.interrupted().size(), size_t(1));
        QCOMPARE(pending.interrupted().front().movesDone, 1);
        QVERIFY(pending.message(QStringLiteral("recover")).contains(QStringLiteral("1 of")));
        QStringList paths;
        (*library)->forEachFace([&](const FaceRecord& f) { paths << f.path; });
        QVERIFY(!paths.isEmpty());
        QCOMPARE(missingPaths(paths), QStringList());
        QStringList all;
        for (const FaceRecord& f : (*library)->allFaces())
            all << f.path;
        QCOMPARE(missingPaths(all), QStringList());
        // The half-done state is what is shown: the moved photos are in the target folder.
        QVERIFY(std::any_of(paths.cbegin(), paths.cend(), [this](const QString& p) {
            return p.contains(QLatin1Char('/') + m_into + QLatin1Char('/')) &&
                   QFileInfo(p).fileName().startsWith(m_from);
        }));
    }

    void readOnlyCommandsWarnAndNeverReportAMissingPath()
    {
        const QString labels = m_dir.filePath(QStringLiteral("labels.csv"));
        const Run exported = cli({QStringLiteral("export"), m_db, labels,
                                  QStringLiteral("--format"), QStringLiteral("labels")});
        QVERIFY2(exported.code == 0, exported.err.constData());
        QVERIFY(exported.err.contains("interrupted change is pending"));
        QVERIFY(exported.err.contains("lookalike-cli recover"));
        QFile csv(labels);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QStringList paths;
        for (const QByteArray& line : csv.readAll().split('\n').mid(1))
            if (!line.isEmpty())
                paths << QString::fromUtf8(line.left(line.lastIndexOf(',')));
        QCOMPARE(paths.size(), recordedPaths().size());
        QCOMPARE(missingPaths(paths), QStringList());

        const QString faces = m_dir.filePath(QStringLiteral("faces.csv"));
        const Run facesRun = cli({QStringLiteral("export"), m_db, faces});
        QVERIFY2(facesRun.code == 0, facesRun.err.constData());
        QFile facesCsv(faces);
        QVERIFY(facesCsv.open(QIODevice::ReadOnly));
        for (const QByteArray& line : facesCsv.readAll().split('\n').mid(1))
            if (!line.isEmpty())
                QVERIFY2(QFileInfo::exists(QString::fromUtf8(line.split(',').value(1))),
                         line.left(200).constData());

        const Run stats = cli({QStringLiteral("stats"), m_db});
        QCOMPARE(stats.code, 0);
        QVERIFY(stats.err.contains("interrupted change is pending"));

        // The query reads only: it warns too, and nothing it reports is missing.
        const QString photo = QDirIterator(m_root + QLatin1Char('/') + m_into, QDir::Files).next();
        const Run query =
            cli({QStringLiteral("query"), m_db, photo, QStringLiteral("-k"), QStringLiteral("50")});
        QVERIFY2(query.code == 0, query.err.constData());
        QVERIFY(query.err.contains("interrupted change is pending"));
        const QJsonArray found =
            QJsonDocument::fromJson(query.out).object().value(QStringLiteral("faces")).toArray();
        QVERIFY(!found.isEmpty());
        int matches = 0;
        for (const QJsonValue& face : found)
            for (const QJsonValue& m : face.toObject().value(QStringLiteral("matches")).toArray()) {
                QVERIFY2(QFileInfo::exists(m.toObject().value(QStringLiteral("path")).toString()),
                         qPrintable(m.toObject().value(QStringLiteral("path")).toString()));
                ++matches;
            }
        QVERIFY(matches >= 9); // every face of the library, all of them on disk
        QVERIFY(test::treeChecksums(m_root) != m_before); // reading changed nothing on disk
    }

    void anOpenThatWritesRollsBack()
    {
        const Run recover = cli({QStringLiteral("recover"), m_db});
        QVERIFY2(recover.code == 0, recover.err.constData());
        const QJsonObject report = QJsonDocument::fromJson(recover.out).object();
        QCOMPARE(report.value(QStringLiteral("changes_rolled_back")).toInt(), 1);
        QCOMPARE(report.value(QStringLiteral("photos_restored")).toInt(), 2);
        QCOMPARE(test::treeChecksums(m_root), m_before);
        QCOMPARE(missingPaths(recordedPaths()), QStringList());
        const Run stats = cli({QStringLiteral("stats"), m_db});
        QVERIFY(!stats.err.contains("pending"));
    }
};

QTEST_GUILESS_MAIN(TestPendingChanges)
#include "tst_pendingchanges.moc"
