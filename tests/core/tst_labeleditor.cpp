#include "database.h"
#include "filetree.h"
#include "fixtures.h"
#include "labeleditor.h"
#include "library.h"
#include <QDirIterator>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike;
using lookalike::test::fakeImage;

namespace {

void write(const QString& path, const QByteArray& bytes)
{
    test::writeFile(path, bytes);
}

} // namespace

class TestLabelEditor : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_root;
    std::unique_ptr<Library> m_library;
    QHash<QString, qint64> m_faceOf; // "ann/1.jpg" -> face id (first face)

    // ann/1.jpg ann/2.jpg bob/1.jpg bob/2.jpg, one face each, plus group.jpg in bob/ with a
    // face of bob and one of ann.
    void makeLibrary(bool folderLabels)
    {
        m_library.reset();
        m_dir = std::make_unique<QTemporaryDir>();
        m_root = m_dir->filePath(QStringLiteral("photos"));
        auto lib = Library::open(m_dir->filePath(QStringLiteral("lib.db")), Library::Mode::OpenOrCreate);
        QVERIFY(lib);
        m_library = std::move(*lib);
        auto root = m_library->ensureRoot(m_root, folderLabels, true);
        std::vector<ImageResult> results;
        quint32 seed = 1;
        for (const char* rel : {"ann/1.jpg", "ann/2.jpg", "bob/1.jpg", "bob/2.jpg"}) {
            const QString path = m_root + QLatin1Char('/') + QLatin1String(rel);
            write(path, QByteArray(rel));
            results.push_back(fakeImage(path, 1, seed++, QString::fromLatin1(rel).section(QLatin1Char('/'), 0, 0)));
        }
        write(m_root + QStringLiteral("/bob/group.jpg"), "group");
        results.push_back(fakeImage(m_root + QStringLiteral("/bob/group.jpg"), 2, seed++, QStringLiteral("bob")));
        QVERIFY(m_library->storeResults(*root, results, QStringLiteral("m"), 512));
        // The second face of the group photo is Ann.
        const auto faces = m_library->allFaces();
        m_library->database().exec(QStringLiteral("UPDATE items SET label_id = (SELECT id FROM labels WHERE name = 'ann') WHERE id = %1").arg(faces.back().id));
        m_faceOf.clear();
        for (const FaceRecord& f : m_library->allFaces())
            if (!m_faceOf.contains(QDir(m_root).relativeFilePath(f.path)))
                m_faceOf.insert(QDir(m_root).relativeFilePath(f.path), f.id);
    }

    QString labelOf(qint64 face) { return m_library->face(face)->label; }
    QString pathOf(qint64 face) { return m_library->face(face)->path; }

private slots:
    void relabelMovesThePhotoAndUndoPutsItBack()
    {
        makeLibrary(true);
        const auto before = test::treeChecksums(m_root);
        LabelEditor editor(*m_library);
        const qint64 face = m_faceOf.value(QStringLiteral("ann/2.jpg"));
        auto report = editor.relabel({face}, QStringLiteral("bob"), {});
        QVERIFY2(report, qPrintable(report.error()));
        QCOMPARE(report->facesChanged, 1);
        QCOMPARE(report->moved.size(), size_t(1));
        QCOMPARE(labelOf(face), QStringLiteral("bob"));
        QCOMPARE(pathOf(face), m_root + QStringLiteral("/bob/2 (2).jpg")); // bob/2.jpg was taken
        QVERIFY(report->moved[0].renamed);
        QVERIFY(QFile::exists(m_root + QStringLiteral("/bob/2 (2).jpg")));
        QVERIFY(!QFile::exists(m_root + QStringLiteral("/ann/2.jpg")));

        auto undone = editor.undo(1);
        QVERIFY2(undone, qPrintable(undone.error()));
        QCOMPARE(undone->batchesUndone, 1);
        QCOMPARE(labelOf(face), QStringLiteral("ann"));
        QCOMPARE(pathOf(face), m_root + QStringLiteral("/ann/2.jpg"));
        QCOMPARE(test::treeChecksums(m_root), before);
        QCOMPARE(m_library->integrityCheck(), QStringLiteral("ok"));
    }

    void aPhotoOfSeveralPeopleIsNotMovedWithoutAsking()
    {
        makeLibrary(true);
        LabelEditor editor(*m_library);
        const qint64 bobInGroup = m_faceOf.value(QStringLiteral("bob/group.jpg"));
        auto report = editor.relabel({bobInGroup}, QStringLiteral("carl"), {});
        QVERIFY(report);
        QCOMPARE(report->moved.size(), size_t(0));
        QCOMPARE(report->notMoved.size(), size_t(1));
        QVERIFY(report->notMoved[0].reason.contains(QStringLiteral("ann")));
        QCOMPARE(labelOf(bobInGroup), QStringLiteral("carl")); // the label still changes
        QVERIFY(QFile::exists(m_root + QStringLiteral("/bob/group.jpg")));

        EditOptions force;
        force.allowMultiPersonMoves = true;
        auto forced = editor.relabel({bobInGroup}, QStringLiteral("dora"), force);
        QVERIFY(forced);
        QCOMPARE(forced->moved.size(), size_t(1));
        QVERIFY(QFile::exists(m_root + QStringLiteral("/dora/group.jpg")));
    }

    void previewTellsWhatARelabelWouldDoWithoutDoingIt()
    {
        makeLibrary(true);
        const auto before = test::treeChecksums(m_root);
        LabelEditor editor(*m_library);
        const std::vector<qint64> faces{m_faceOf.value(QStringLiteral("bob/1.jpg")),
                                        m_faceOf.value(QStringLiteral("bob/group.jpg"))};
        auto preview = editor.preview({{QStringLiteral("carl"), faces}}, {});
        QVERIFY2(preview, qPrintable(preview.error()));
        QCOMPARE(preview->batchId, 0);
        QCOMPARE(preview->facesChanged, 2);
        QCOMPARE(preview->moved.size(), size_t(1));
        QCOMPARE(preview->moved[0].to, m_root + QStringLiteral("/carl/1.jpg"));
        QCOMPARE(preview->notMoved.size(), size_t(1)); // the group photo also holds Ann
        QCOMPARE(preview->notMoved[0].path, m_root + QStringLiteral("/bob/group.jpg"));
        QCOMPARE(test::treeChecksums(m_root), before);
        QCOMPARE(labelOf(faces[0]), QStringLiteral("bob"));
        QVERIFY(editor.undoStack().empty());
        QCOMPARE(editor.facesLabelled(QStringLiteral("bob")).size(), size_t(3));
    }

    void severalLabelsAreOneUndoableStep()
    {
        makeLibrary(true);
        const auto before = test::treeChecksums(m_root);
        LabelEditor editor(*m_library);
        const qint64 ann = m_faceOf.value(QStringLiteral("ann/1.jpg")), bob = m_faceOf.value(QStringLiteral("bob/1.jpg"));
        auto report = editor.relabelGroups({{QStringLiteral("carl"), {ann}}, {QStringLiteral("dora"), {bob}}}, {},
                                           QStringLiteral("Confirm 2 suggestions"));
        QVERIFY2(report, qPrintable(report.error()));
        QCOMPARE(report->facesChanged, 2);
        QCOMPARE(report->moved.size(), size_t(2));
        QCOMPARE(pathOf(ann), m_root + QStringLiteral("/carl/1.jpg"));
        QCOMPARE(pathOf(bob), m_root + QStringLiteral("/dora/1.jpg"));
        QCOMPARE(editor.undoStack().size(), size_t(1));
        QVERIFY(editor.undo(1));
        QCOMPARE(test::treeChecksums(m_root), before);
        QCOMPARE(labelOf(ann), QStringLiteral("ann"));
        QCOMPARE(labelOf(bob), QStringLiteral("bob"));
    }

    void manyDecisionsAreOneUndoableStep()
    {
        makeLibrary(false);
        LabelEditor editor(*m_library);
        const qint64 a = m_faceOf.value(QStringLiteral("ann/1.jpg")), b = m_faceOf.value(QStringLiteral("bob/1.jpg")),
                     c = m_faceOf.value(QStringLiteral("bob/2.jpg"));
        auto report = editor.decideMany({{a, b}, {a, c}, {a, a}}, 0, QStringLiteral("Split"));
        QVERIFY2(report, qPrintable(report.error()));
        auto count = [&] {
            Statement q = m_library->database().prepare("SELECT COUNT(*) FROM decisions WHERE verdict = 0");
            return q.next() ? q.integer(0) : -1;
        };
        QCOMPARE(count(), 2); // a face is never "different" from itself
        QCOMPARE(editor.undoStack().front().second, QStringLiteral("Split"));
        // A later "same person" replaces one of them; its undo brings the "different" back.
        QVERIFY(editor.decideMany({{b, a}}, 1, QStringLiteral("Same after all")));
        QCOMPARE(count(), 1);
        QVERIFY(editor.undo(1));
        QCOMPARE(count(), 2);
        QVERIFY(editor.undo(1));
        QCOMPARE(count(), 0);
    }

    void mergeMovesEveryPhotoAndRemovesTheEmptyFolder()
    {
        makeLibrary(true);
        const auto before = test::treeChecksums(m_root);
        LabelEditor editor(*m_library);
        auto report = editor.mergeLabels(QStringLiteral("ann"), QStringLiteral("anne"), {});
        QVERIFY2(report, qPrintable(report.error()));
        QCOMPARE(report->facesChanged, 3); // two photos of her and her face in the group photo
        QVERIFY(QFile::exists(m_root + QStringLiteral("/anne/1.jpg")));
        QVERIFY(QFile::exists(m_root + QStringLiteral("/anne/2.jpg")));
        QVERIFY(!QFileInfo::exists(m_root + QStringLiteral("/ann")));
        QVERIFY(QFile::exists(m_root + QStringLiteral("/bob/group.jpg"))); // also holds Bob
        const auto labels = m_library->labelCounts();
        QCOMPARE(labels.size(), size_t(2));
        QCOMPARE(labels[0].first, QStringLiteral("anne"));

        auto undone = editor.undo(1);
        QVERIFY(undone);
        QCOMPARE(test::treeChecksums(m_root), before);
        QCOMPARE(m_library->labelCounts()[0].first, QStringLiteral("ann"));
    }

    void manyLevelsOfUndoRestoreTheExactTree()
    {
        makeLibrary(true);
        const auto before = test::treeChecksums(m_root);
        LabelEditor editor(*m_library);
        QVERIFY(editor.relabel({m_faceOf.value(QStringLiteral("ann/1.jpg"))}, QStringLiteral("bob"), {}));
        QVERIFY(editor.relabel({m_faceOf.value(QStringLiteral("bob/1.jpg"))}, QStringLiteral("ann"), {}));
        QVERIFY(editor.mergeLabels(QStringLiteral("bob"), QStringLiteral("zed"), {}));
        QCOMPARE(editor.undoStack().size(), size_t(3));
        auto undone = editor.undo(3);
        QVERIFY(undone);
        QCOMPARE(undone->batchesUndone, 3);
        QCOMPARE(test::treeChecksums(m_root), before);
        QCOMPARE(labelOf(m_faceOf.value(QStringLiteral("ann/1.jpg"))), QStringLiteral("ann"));
        QCOMPARE(editor.undoStack().size(), size_t(0));
    }

    void withoutFolderLabelsOnlyLabelsChange()
    {
        makeLibrary(false);
        const auto before = test::treeChecksums(m_root);
        LabelEditor editor(*m_library);
        auto report = editor.relabel({m_faceOf.value(QStringLiteral("ann/1.jpg"))}, QStringLiteral("bob"), {});
        QVERIFY(report);
        QCOMPARE(report->moved.size(), size_t(0));
        QCOMPARE(test::treeChecksums(m_root), before);
    }

    void aBadFolderNameIsRefusedBeforeAnythingMoves()
    {
        makeLibrary(true);
        const auto before = test::treeChecksums(m_root);
        LabelEditor editor(*m_library);
        auto report = editor.relabel({m_faceOf.value(QStringLiteral("ann/1.jpg"))}, QStringLiteral("a/b"), {});
        QVERIFY(!report);
        QCOMPARE(test::treeChecksums(m_root), before);
        QCOMPARE(labelOf(m_faceOf.value(QStringLiteral("ann/1.jpg"))), QStringLiteral("ann"));
    }

    void recoveryLeavesAnotherLiveProgramsBatchAlone()
    {
        makeLibrary(true);
        // A batch in progress in another process that is still running (here: sleep).
        QProcess other;
        other.start(QStringLiteral("sleep"), {QStringLiteral("30")});
        QVERIFY(other.waitForStarted());
        Database& db = m_library->database();
        Statement batch = db.prepare("INSERT INTO batches(description, state, created_at, owner) VALUES('busy', 0, 0, ?)");
        batch.bind(1, other.processId());
        QVERIFY(batch.exec());
        auto state = [&] {
            Statement q = db.prepare("SELECT state FROM batches WHERE description = 'busy'");
            return q.next() ? q.integer(0) : -1;
        };
        {
            LabelEditor editor(*m_library);
            auto report = editor.recover();
            QVERIFY(report);
            QCOMPARE(report->batchesRolledBack, 0);
            QCOMPARE(state(), 0); // still pending: its owner is at work
        }
        // Its process dies: now it is a crash, and recovery rolls it back.
        other.kill();
        QVERIFY(other.waitForFinished());
        LabelEditor editor(*m_library);
        auto report = editor.recover();
        QVERIFY(report);
        QCOMPARE(report->batchesRolledBack, 1);
        QCOMPARE(state(), 3);
    }

    void recoveryRollsBackAHalfDoneBatch()
    {
        makeLibrary(true);
        const auto before = test::treeChecksums(m_root);
        const qint64 face = m_faceOf.value(QStringLiteral("ann/1.jpg"));
        const qint64 image = m_library->face(face)->imageId;
        // What a crash leaves: the journal says a move was planned and done, the file moved,
        // the library has its new path, the batch never completed.
        Database& db = m_library->database();
        QVERIFY(db.exec("INSERT INTO batches(description, state, created_at) VALUES('crashed', 0, 0)"));
        const qint64 batch = db.lastInsertId();
        const QString from = m_root + QStringLiteral("/ann/1.jpg"), to = m_root + QStringLiteral("/bob/1 (2).jpg");
        Statement step = db.prepare("INSERT INTO journal(batch_id, image_id, old_path, new_path, done) VALUES(?,?,?,?,1)");
        step.bind(1, batch).bind(2, image).bind(3, from).bind(4, to);
        QVERIFY(step.exec());
        Statement item = db.prepare("INSERT INTO journal(batch_id, item_id, old_label, new_label) VALUES(?,?,'ann','bob')");
        item.bind(1, batch).bind(2, face);
        QVERIFY(item.exec());
        QVERIFY(QFile::rename(from, to));
        Statement path = db.prepare("UPDATE images SET path = ? WHERE id = ?");
        path.bind(1, to).bind(2, image);
        QVERIFY(path.exec());
        // ...and an interrupted copy of a second photo, still in its place.
        QFile::copy(m_root + QStringLiteral("/ann/2.jpg"), m_root + QStringLiteral("/bob/2 (2).jpg") + QStringLiteral(".lookalike-partial"));
        Statement step2 = db.prepare("INSERT INTO journal(batch_id, image_id, old_path, new_path, done) VALUES(?,?,?,?,0)");
        step2.bind(1, batch).bind(2, m_library->face(m_faceOf.value(QStringLiteral("ann/2.jpg")))->imageId);
        step2.bind(3, m_root + QStringLiteral("/ann/2.jpg")).bind(4, m_root + QStringLiteral("/bob/2 (2).jpg"));
        QVERIFY(step2.exec());

        LabelEditor editor(*m_library);
        auto report = editor.recover();
        QVERIFY2(report, qPrintable(report.error()));
        QCOMPARE(report->batchesRolledBack, 1);
        QCOMPARE(report->filesRestored, 1);
        QVERIFY(report->problems.empty());
        QCOMPARE(test::treeChecksums(m_root), before);
        QCOMPARE(pathOf(face), from);
        QCOMPARE(labelOf(face), QStringLiteral("ann"));
        QCOMPARE(editor.undoStack().size(), size_t(0));
        auto again = editor.recover();
        QCOMPARE(again->batchesRolledBack, 0);
    }
};

QTEST_GUILESS_MAIN(TestLabelEditor)
#include "tst_labeleditor.moc"
