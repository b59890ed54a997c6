// Issue 4's acceptance test on real photos: plant 20 misfiled LFW photos, find them with the
// cross-label review, put them back with file moves, undo everything, and survive a crash in
// the middle of a batch of moves.
#include "database.h"
#include "filetree.h"
#include "indexer.h"
#include "labeleditor.h"
#include "library.h"
#include "modelregistry.h"
#include "reviewfinder.h"
#include "testdata.h"
#include <QDirIterator>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike;
using lookalike::test::dataPath;

namespace {

// Every photo the library knows exists where the library says, and every photo on disk is known.
bool libraryMatchesDisk(Library& library, const QString& root, QString* why)
{
    QSet<QString> known;
    Statement q = library.database().prepare("SELECT path FROM images");
    while (q.next()) {
        if (!QFileInfo::exists(q.text(0))) {
            *why = QStringLiteral("library names a missing file: ") + q.text(0);
            return false;
        }
        known.insert(q.text(0));
    }
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!known.contains(path)) {
            *why = QStringLiteral("file unknown to the library: ") + path;
            return false;
        }
    }
    return true;
}

} // namespace

class TestReview : public QObject {
    Q_OBJECT

private:
    std::optional<ModelRegistry> m_registry;
    QTemporaryDir m_dir;
    QString m_root;
    QString m_db;
    QMap<QString, QByteArray> m_original; // before planting
    QHash<QString, QString> m_planted;    // planted file path -> the person it shows

private slots:
    void initTestCase()
    {
        REQUIRE_TEST_DATA("faces/lfw-devtrain/images");
        auto registry = ModelRegistry::load();
        QVERIFY2(registry, qPrintable(registry.error()));
        m_registry = std::move(*registry);
        m_root = QFileInfo(m_dir.filePath(QStringLiteral("people"))).absoluteFilePath();
        m_db = m_dir.filePath(QStringLiteral("people.db"));

        // People with 5 to 20 photos: enough to know who they are, few enough to stay quick.
        const QDir lfw(dataPath(QStringLiteral("faces/lfw-devtrain/images")));
        QStringList people;
        for (const QString& person : lfw.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            const int n = int(QDir(lfw.filePath(person)).entryList(QDir::Files).size());
            if (n >= 5 && n <= 20)
                people << person;
        }
        people = people.mid(0, 40);
        QCOMPARE(people.size(), 40);
        for (const QString& person : people) {
            QDir().mkpath(m_root + QLatin1Char('/') + person);
            for (const QString& f : QDir(lfw.filePath(person)).entryList(QDir::Files))
                QVERIFY(QFile::copy(lfw.filePath(person + QLatin1Char('/') + f), m_root + QLatin1Char('/') + person + QLatin1Char('/') + f));
        }
        m_original = test::treeChecksums(m_root);
        // Plant: the last photo of person i (even i) goes into person i+1's folder.
        for (int i = 0; i < 40; i += 2) {
            const QString from = m_root + QLatin1Char('/') + people[i];
            const QString file = QDir(from).entryList(QDir::Files, QDir::Name).last();
            const QString to = m_root + QLatin1Char('/') + people[i + 1] + QLatin1Char('/') + file;
            QVERIFY(QFile::rename(from + QLatin1Char('/') + file, to));
            m_planted.insert(to, people[i]);
        }
        QCOMPARE(m_planted.size(), 20);

        Indexer::Options options;
        options.labelsFromSubfolders = true;
        auto summary = Indexer(*m_registry).run(m_db, m_root, options);
        QVERIFY2(summary, qPrintable(summary.error()));
        QCOMPARE(summary->imagesFailed, 0);
    }

    void crossLabelReviewFindsThePlantedPhotos()
    {
        auto library = Library::open(m_db, Library::Mode::OpenExisting);
        QVERIFY(library);
        ReviewFinder::Options options;
        options.kind = ReviewKind::CrossLabel;
        auto items = ReviewFinder::find(**library, (*library)->defaultModel(), options);
        QVERIFY2(items, qPrintable(items.error()));
        QSet<QString> found;
        for (size_t i = 0; i < std::min<size_t>(40, items->size()); ++i) {
            const ReviewItem& item = (*items)[i];
            if (m_planted.contains(item.suspect.path))
                found.insert(item.suspect.path);
        }
        qInfo("planted photos among the first 40 items, as the suspect: %lld of 20", qint64(found.size()));
        QVERIFY2(found.size() >= 18, qPrintable(QString::number(found.size())));
    }

    void relabellingPutsThemBackAndUndoRestoresTheTree()
    {
        auto library = Library::open(m_db, Library::Mode::OpenExisting);
        QVERIFY(library);
        const auto planted = test::treeChecksums(m_root);
        LabelEditor editor(**library);
        for (auto it = m_planted.cbegin(); it != m_planted.cend(); ++it) {
            std::vector<qint64> faces;
            for (const FaceRecord& f : (*library)->allFaces())
                if (f.path == it.key())
                    faces.push_back(f.id);
            QVERIFY2(!faces.empty(), qPrintable(it.key()));
            auto report = editor.relabel({faces.front()}, it.value(), {});
            QVERIFY2(report, qPrintable(report.error()));
            QCOMPARE(report->moved.size(), size_t(1));
        }
        QCOMPARE(test::treeChecksums(m_root), m_original); // every photo back in its own folder
        QString why;
        QVERIFY2(libraryMatchesDisk(**library, m_root, &why), qPrintable(why));

        auto undone = editor.undo(int(m_planted.size()));
        QVERIFY2(undone, qPrintable(undone.error()));
        QCOMPARE(undone->batchesUndone, 20);
        QVERIFY(undone->problems.empty());
        QCOMPARE(test::treeChecksums(m_root), planted);
        QVERIFY2(libraryMatchesDisk(**library, m_root, &why), qPrintable(why));
        QCOMPARE((*library)->integrityCheck(), QStringLiteral("ok"));
    }

    void aCrashInTheMiddleOfABatchLosesNothing()
    {
        const auto before = test::treeChecksums(m_root);
        QString from, into;
        {
            auto library = Library::open(m_db, Library::Mode::ReadOnly);
            const auto labels = (*library)->labelCounts();
            from = labels[2].first;
            into = labels[3].first;
            QVERIFY(labels[2].second >= 5);
        }
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LOOKALIKE_CRASH_AFTER_MOVES"), QStringLiteral("3"));
        cli.setProcessEnvironment(env);
        cli.start(QStringLiteral(LOOKALIKE_CLI_PATH), {QStringLiteral("merge-labels"), m_db, from, into, QStringLiteral("--move-files")});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 137); // died with three photos moved and the rest not
        QVERIFY(test::treeChecksums(m_root) != before);

        // The next open rolls the half-done batch back.
        QProcess undo;
        undo.start(QStringLiteral(LOOKALIKE_CLI_PATH), {QStringLiteral("undo"), m_db, QStringLiteral("--list")});
        QVERIFY(undo.waitForFinished(60000));
        QCOMPARE(undo.exitCode(), 0);
        QVERIFY(undo.readAllStandardError().contains("rolled back 1 change"));
        QCOMPARE(test::treeChecksums(m_root), before);
        auto library = Library::open(m_db, Library::Mode::OpenExisting);
        QString why;
        QVERIFY2(libraryMatchesDisk(**library, m_root, &why), qPrintable(why));
        QCOMPARE((*library)->labelCounts().size(), size_t(40));

        // The same merge without a crash works, and undo puts everything back.
        QProcess merge;
        merge.start(QStringLiteral(LOOKALIKE_CLI_PATH), {QStringLiteral("merge-labels"), m_db, from, into, QStringLiteral("--move-files")});
        QVERIFY(merge.waitForFinished(60000));
        QCOMPARE(merge.exitCode(), 0);
        QVERIFY(!QFileInfo::exists(m_root + QLatin1Char('/') + from));
        QProcess back;
        back.start(QStringLiteral(LOOKALIKE_CLI_PATH), {QStringLiteral("undo"), m_db});
        QVERIFY(back.waitForFinished(60000));
        QCOMPARE(back.exitCode(), 0);
        QCOMPARE(test::treeChecksums(m_root), before);
    }
};

QTEST_GUILESS_MAIN(TestReview)
#include "tst_review.moc"
