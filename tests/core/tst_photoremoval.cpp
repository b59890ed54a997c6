// Photos taken out of the library (LabelEditor::removePhotos: duplicates set aside) and
// "not duplicates" verdicts, on a real SQLite library with small synthetic faces and real
// files: the desktop trash (freedesktop.org layout, in a temporary XDG_DATA_HOME), a folder,
// undo bringing back files byte for byte and rows with their ids and labels, a crash in the
// middle rolled back, and the face vectors' generation left alone by photo descriptors.
#include "clirun.h"
#include "database.h"
#include "desktoptrash.h"
#include "filetree.h"
#include "fixtures.h"
#include "labeleditor.h"
#include "library.h"
#include "photostore.h"
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

using namespace lookalike;
using lookalike::test::fakeImage;

namespace {

void write(const QString& path, const QByteArray& bytes)
{
    test::writeFile(path, bytes);
}

QByteArray read(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList entries(const QString& folder)
{
    return QDir(folder).entryList(QDir::Files | QDir::Hidden, QDir::Name);
}

} // namespace

class TestPhotoRemoval : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_root;
    QString m_trash;
    std::unique_ptr<Library> m_library;
    QHash<QString, qint64> m_imageOf; // "ann/1.jpg" -> image id

    // ann/1.jpg ann/2.jpg bob/1.jpg bob/2.jpg, one labelled face each, and bob/group.jpg with
    // two faces (bob, ann). ann/2.jpg has a RAW twin ann/2.CR2.
    void makeLibrary()
    {
        m_library.reset();
        m_dir = std::make_unique<QTemporaryDir>();
        m_root = m_dir->filePath(QStringLiteral("photos"));
        m_trash = m_dir->filePath(QStringLiteral("xdg/Trash"));
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_dir->filePath(QStringLiteral("xdg"))));
        auto lib = Library::open(m_dir->filePath(QStringLiteral("lib.db")), Library::Mode::OpenOrCreate);
        QVERIFY(lib);
        m_library = std::move(*lib);
        auto root = m_library->ensureRoot(m_root, true, true);
        QVERIFY(root);
        std::vector<ImageResult> results;
        quint32 seed = 1;
        for (const char* rel : {"ann/1.jpg", "ann/2.jpg", "bob/1.jpg", "bob/2.jpg"}) {
            const QString path = m_root + QLatin1Char('/') + QLatin1String(rel);
            write(path, QByteArray("photo ") + rel);
            results.push_back(fakeImage(path, 1, seed++, QString::fromLatin1(rel).section(QLatin1Char('/'), 0, 0)));
        }
        write(m_root + QStringLiteral("/bob/group.jpg"), "group");
        results.push_back(fakeImage(m_root + QStringLiteral("/bob/group.jpg"), 2, seed++, QStringLiteral("bob")));
        QVERIFY(m_library->storeResults(*root, results, QStringLiteral("m"), 512));
        const auto faces = m_library->allFaces();
        QVERIFY(m_library->database().exec(
            QStringLiteral("UPDATE items SET label_id = (SELECT id FROM labels WHERE name = 'ann') WHERE id = %1")
                .arg(faces.back().id)));
        m_imageOf.clear();
        for (const FaceRecord& f : faces)
            m_imageOf.insert(QDir(m_root).relativeFilePath(f.path), f.imageId);
        write(m_root + QStringLiteral("/ann/2.CR2"), "raw of ann/2");
        QVERIFY(m_library->setTwins({{m_imageOf.value(QStringLiteral("ann/2.jpg")), m_root + QStringLiteral("/ann/2.CR2")}}));
    }

    qint64 image(const char* rel) const { return m_imageOf.value(QLatin1String(rel)); }

    // "ann/1.jpg -> /to/1 (2).jpg, renamed": each move of a report, from relative to the root.
    QStringList moves(const EditReport& report) const
    {
        QStringList out;
        for (const EditReport::Move& m : report.moved)
            out << QDir(m_root).relativeFilePath(m.from) + QStringLiteral(" -> ") + m.to +
                       (m.renamed ? QStringLiteral(", renamed") : QString());
        return out;
    }

    bool inLibrary(qint64 imageId)
    {
        Statement q = m_library->database().prepare("SELECT 1 FROM images WHERE id = ?");
        q.bind(1, imageId);
        return q.next();
    }

    // Face ids with their labels and embeddings, for before/after comparisons.
    QMap<qint64, QPair<QString, std::vector<float>>> faceState()
    {
        QMap<qint64, QPair<QString, std::vector<float>>> out;
        for (const FaceRecord& f : m_library->allFaces())
            out.insert(f.id, {f.label, m_library->embedding(f.id, QStringLiteral("m"))});
        return out;
    }

private slots:
    void trashTakesThePhotoOutAndUndoBringsItBackWhole()
    {
        makeLibrary();
        const auto files = test::treeChecksums(m_root);
        const auto faces = faceState();
        const qint64 ann2 = image("ann/2.jpg");
        LabelEditor editor(*m_library);
        QVERIFY(editor.markNotDuplicates({{ann2, image("bob/2.jpg")}}));
        const qint64 generation = m_library->vectorGeneration();

        auto report = editor.removePhotos({ann2}, {});
        QVERIFY2(report, qPrintable(report ? QString() : report.error()));
        QCOMPARE(report->photosRemoved, 1);
        QCOMPARE(report->moved.size(), size_t(2)); // the photo and its RAW twin
        QVERIFY(report->notMoved.empty());
        // The files are in the trash, each with a .trashinfo a file manager can restore from.
        QVERIFY(!QFileInfo::exists(m_root + QStringLiteral("/ann/2.jpg")));
        QVERIFY(!QFileInfo::exists(m_root + QStringLiteral("/ann/2.CR2")));
        QCOMPARE(entries(m_trash + QStringLiteral("/files")), QStringList({"2.CR2", "2.jpg"}));
        QCOMPARE(read(m_trash + QStringLiteral("/files/2.jpg")), QByteArray("photo ann/2.jpg"));
        const QByteArray info = read(m_trash + QStringLiteral("/info/2.jpg.trashinfo"));
        QVERIFY2(info.startsWith("[Trash Info]\nPath=" + QUrl::toPercentEncoding(m_root + QStringLiteral("/ann/2.jpg"), "/") +
                                 "\nDeletionDate="),
                 info.constData());
        // The photo has left the library: its face, its verdict; the face index must follow.
        QVERIFY(!inLibrary(ann2));
        QCOMPARE(int(m_library->allFaces().size()), faces.size() - 1);
        QVERIFY(PhotoStore::notDuplicatePairs(*m_library).empty());
        QVERIFY(m_library->vectorGeneration() > generation);

        auto undone = editor.undo();
        QVERIFY(undone);
        QCOMPARE(undone->photosRestored, 1);
        QVERIFY(undone->problems.empty());
        QCOMPARE(test::treeChecksums(m_root), files);
        QVERIFY(entries(m_trash + QStringLiteral("/files")).isEmpty());
        QVERIFY(entries(m_trash + QStringLiteral("/info")).isEmpty());
        QVERIFY(inLibrary(ann2)); // the same id
        QCOMPARE(faceState(), faces); // the same face ids, labels and embeddings
        QCOMPARE(m_library->twinOf(ann2), m_root + QStringLiteral("/ann/2.CR2"));
        QCOMPARE(PhotoStore::notDuplicatePairs(*m_library).size(), size_t(1));
    }

    void aLabelWithNoFacesLeftComesBackOnUndo()
    {
        makeLibrary();
        const auto faces = faceState();
        LabelEditor editor(*m_library);
        auto report = editor.removePhotos({image("ann/1.jpg"), image("ann/2.jpg"), image("bob/group.jpg")}, {});
        QVERIFY(report);
        QCOMPARE(report->photosRemoved, 3);
        for (const auto& [label, count] : m_library->labelCounts())
            QVERIFY2(label != QLatin1String("ann"), "every face of ann left, so did the label");
        QVERIFY(editor.undo());
        QCOMPARE(faceState(), faces);
    }

    void sameNamesGetFreeNamesInTheTrash()
    {
        makeLibrary();
        const auto files = test::treeChecksums(m_root);
        LabelEditor editor(*m_library);
        auto report = editor.removePhotos({image("ann/1.jpg"), image("bob/1.jpg")}, {});
        QVERIFY(report);
        QCOMPARE(report->photosRemoved, 2);
        QCOMPARE(entries(m_trash + QStringLiteral("/files")), QStringList({"1.2.jpg", "1.jpg"}));
        QCOMPARE(entries(m_trash + QStringLiteral("/info")), QStringList({"1.2.jpg.trashinfo", "1.jpg.trashinfo"}));
        // The report says where each file is, and which one had to take another name.
        QCOMPARE(moves(*report),
                 QStringList({"ann/1.jpg -> " + m_trash + "/files/1.jpg",
                              "bob/1.jpg -> " + m_trash + "/files/1.2.jpg, renamed"}));
        QVERIFY(editor.undo());
        QCOMPARE(test::treeChecksums(m_root), files);
    }

    void moveToAFolderAndBack()
    {
        makeLibrary();
        const auto files = test::treeChecksums(m_root);
        const QString aside = m_dir->filePath(QStringLiteral("set aside"));
        LabelEditor editor(*m_library);
        PhotoRemoval removal{PhotoRemoval::To::Folder, aside};
        auto report = editor.removePhotos({image("bob/1.jpg"), image("ann/1.jpg")}, removal);
        QVERIFY(report);
        QCOMPARE(entries(aside), QStringList({"1 (2).jpg", "1.jpg"}));
        QCOMPARE(moves(*report), QStringList({"bob/1.jpg -> " + aside + "/1.jpg",
                                              "ann/1.jpg -> " + aside + "/1 (2).jpg, renamed"}));
        QVERIFY(!QFileInfo::exists(m_trash + QStringLiteral("/files")) || entries(m_trash + QStringLiteral("/files")).isEmpty());
        // To a folder, a folder must be named.
        auto again = editor.removePhotos({image("bob/2.jpg")}, PhotoRemoval{PhotoRemoval::To::Folder, QString()});
        QVERIFY(!again);
        QVERIFY(editor.undo());
        QCOMPARE(test::treeChecksums(m_root), files);
        QVERIFY(entries(aside).isEmpty());
    }

    void aPhotoGoneFromDiskIsLeftAndSaid()
    {
        makeLibrary();
        QVERIFY(QFile::remove(m_root + QStringLiteral("/bob/2.jpg")));
        auto report = LabelEditor(*m_library).removePhotos({image("bob/2.jpg"), image("bob/1.jpg")}, {});
        QVERIFY(report);
        QCOMPARE(report->photosRemoved, 1);
        QCOMPARE(report->notMoved.size(), size_t(1));
        QVERIFY(report->notMoved.front().reason.contains(QStringLiteral("no longer there")));
        QVERIFY(inLibrary(image("bob/2.jpg")));
    }

    // A file that cannot be moved (immutable: chattr +i, which stops root too) stays, with
    // its photo in the library; the others go, and one undo brings them back.
    void aFileThatCannotMoveStaysAndTheOthersGo()
    {
        makeLibrary();
        const QString stuck = m_root + QStringLiteral("/bob/1.jpg");
        if (QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("+i"), stuck}) != 0)
            QSKIP("chattr +i is not available here (needs root and a filesystem that has it)");
        const auto files = test::treeChecksums(m_root);
        LabelEditor editor(*m_library);
        auto report = editor.removePhotos({image("bob/1.jpg"), image("ann/1.jpg"), image("bob/2.jpg")}, {});
        QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("-i"), stuck});
        QVERIFY(report);
        QCOMPARE(report->photosRemoved, 2);
        QCOMPARE(report->notMoved.size(), size_t(1));
        QCOMPARE(report->notMoved.front().path, stuck);
        QVERIFY(inLibrary(image("bob/1.jpg")));
        QVERIFY(!inLibrary(image("ann/1.jpg")));
        // The stuck photo gave its trash place back.
        QCOMPARE(entries(m_trash + QStringLiteral("/info")), QStringList({"1.2.jpg.trashinfo", "2.jpg.trashinfo"}));
        auto undone = editor.undo();
        QVERIFY(undone);
        QCOMPARE(undone->photosRestored, 2);
        QVERIFY2(undone->problems.empty(), qPrintable(undone->problems.empty() ? QString() : undone->problems.front().reason));
        QCOMPARE(test::treeChecksums(m_root), files);

        // None can move: nothing to undo.
        QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("+i"), stuck});
        auto none = editor.removePhotos({image("bob/1.jpg")}, {});
        QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("-i"), stuck});
        QVERIFY(none);
        QCOMPARE(none->batchId, 0);
        QCOMPARE(none->notMoved.size(), size_t(1));
        QVERIFY(entries(m_trash + QStringLiteral("/info")).isEmpty());
        QVERIFY(editor.undoStack(1).empty() || editor.undoStack(1).front().second != QStringLiteral("Move 1 photo to the trash"));
    }

    void anIdTakenSinceGetsANewOne()
    {
        makeLibrary();
        const qint64 group = image("bob/group.jpg"); // the largest image id
        LabelEditor editor(*m_library);
        QVERIFY(editor.removePhotos({group}, {}));
        // A new photo indexed meanwhile takes the freed id.
        const QString late = m_root + QStringLiteral("/bob/late.jpg");
        write(late, "late");
        QVERIFY(m_library->storeResults(m_library->roots().front().id, {fakeImage(late, 1, 99, QStringLiteral("bob"))},
                                        QStringLiteral("m"), 512));
        Statement q = m_library->database().prepare("SELECT id FROM images WHERE path = ?");
        q.bind(1, late);
        QVERIFY(q.next());
        QCOMPARE(q.integer(0), group);
        q.reset();
        auto undone = editor.undo();
        QVERIFY(undone);
        QCOMPARE(undone->photosRestored, 1);
        const auto back = m_library->facesInImage(group);
        QCOMPARE(back.size(), size_t(1)); // still the late photo's
        QCOMPARE(back.front().path, late);
        int groupFaces = 0;
        for (const FaceRecord& f : m_library->allFaces())
            if (f.path == m_root + QStringLiteral("/bob/group.jpg")) {
                ++groupFaces;
                QVERIFY(f.imageId != group);
                QVERIFY(f.label == QLatin1String("bob") || f.label == QLatin1String("ann"));
            }
        QCOMPARE(groupFaces, 2);
    }

    void notDuplicatesIsUndoable()
    {
        makeLibrary();
        LabelEditor editor(*m_library);
        auto marked = editor.markNotDuplicates({{image("bob/2.jpg"), image("bob/1.jpg")}});
        QVERIFY(marked);
        QVERIFY(marked->batchId > 0);
        const auto pairs = PhotoStore::notDuplicatePairs(*m_library);
        QCOMPARE(pairs.size(), size_t(1));
        QCOMPARE(pairs.front().first, std::min(image("bob/2.jpg"), image("bob/1.jpg")));
        QCOMPARE(editor.undoStack(1).front().second, QStringLiteral("Mark 2 photos as not duplicates"));
        QVERIFY(editor.undo());
        QVERIFY(PhotoStore::notDuplicatePairs(*m_library).empty());
        QVERIFY(!editor.markNotDuplicates({{image("bob/2.jpg"), 12345}}));
    }

    // remove-photos prints each file's final path, and renamed where its name was taken:
    // in a folder that already holds the name, and for the second of two same names.
    void theCliSaysWhichFilesWereRenamed()
    {
        makeLibrary();
        const QString aside = m_dir->filePath(QStringLiteral("aside"));
        write(aside + QStringLiteral("/2.jpg"), "already there");
        const test::Run run =
            test::cli({QStringLiteral("remove-photos"), m_library->path(),
                       QString::number(image("bob/2.jpg")), QString::number(image("ann/1.jpg")),
                       QString::number(image("bob/1.jpg")), QStringLiteral("--to-folder"), aside});
        QVERIFY2(run.code == 0, run.err.constData());
        const QJsonArray moved = run.json().value(QStringLiteral("moved")).toArray();
        QCOMPARE(moved.size(), 3);
        QHash<QString, QPair<QString, bool>> byFrom; // from -> (to, renamed)
        for (const QJsonValue& m : moved) {
            QVERIFY2(m.toObject().contains(QStringLiteral("renamed")),
                     "every move says whether it was renamed");
            byFrom.insert(
                m[QStringLiteral("from")].toString(),
                {m[QStringLiteral("to")].toString(), m[QStringLiteral("renamed")].toBool()});
        }
        using Move = QPair<QString, bool>;
        QCOMPARE(byFrom.value(m_root + QStringLiteral("/bob/2.jpg")),
                 Move(aside + QStringLiteral("/2 (2).jpg"), true));
        QCOMPARE(byFrom.value(m_root + QStringLiteral("/ann/1.jpg")),
                 Move(aside + QStringLiteral("/1.jpg"), false));
        QCOMPARE(byFrom.value(m_root + QStringLiteral("/bob/1.jpg")),
                 Move(aside + QStringLiteral("/1 (2).jpg"), true));
        for (const Move& m : byFrom)
            QVERIFY2(QFileInfo::exists(m.first), qPrintable(m.first));
        QCOMPARE(read(aside + QStringLiteral("/2.jpg")), QByteArray("already there"));
        QVERIFY(run.err.contains("was taken: moved to " + QFile::encodeName(aside) + "/2 (2).jpg"));
    }

    // A crash after the first file went to the trash: the next open puts it back, takes its
    // .trashinfo away, and both photos are still in the library.
    void aCrashMidRemovalIsRolledBack()
    {
        makeLibrary();
        const auto files = test::treeChecksums(m_root);
        const test::Run run = test::cli({QStringLiteral("remove-photos"), m_library->path(),
                                         QString::number(image("ann/1.jpg")), QString::number(image("bob/1.jpg"))},
                                        {QStringLiteral("LOOKALIKE_CRASH_AFTER_MOVES=1"),
                                         QStringLiteral("XDG_DATA_HOME=") + m_dir->filePath(QStringLiteral("xdg"))});
        QCOMPARE(run.code, 137);
        QCOMPARE(entries(m_trash + QStringLiteral("/files")).size(), 1);
        QVERIFY(test::treeChecksums(m_root) != files);
        auto recovered = LabelEditor(*m_library).recover();
        QVERIFY(recovered);
        QCOMPARE(recovered->batchesRolledBack, 1);
        QCOMPARE(recovered->filesRestored, 1);
        QVERIFY(recovered->problems.empty());
        QCOMPARE(test::treeChecksums(m_root), files);
        QVERIFY(entries(m_trash + QStringLiteral("/info")).isEmpty());
        QVERIFY(inLibrary(image("ann/1.jpg")) && inLibrary(image("bob/1.jpg")));
    }

    // The face search caches follow the generation; photo descriptors are not theirs.
    void photoVectorsLeaveTheFaceGenerationAlone()
    {
        makeLibrary();
        Database& db = m_library->database();
        QVERIFY(db.exec("INSERT INTO models(name, dimension) VALUES('photo-look-v1', 4)"));
        QVERIFY(db.exec(QStringLiteral("INSERT INTO items(image_id, kind) VALUES(%1, 1)").arg(image("bob/1.jpg"))));
        const qint64 item = db.lastInsertId();
        const qint64 before = m_library->vectorGeneration();
        QVERIFY(db.exec(QStringLiteral("INSERT INTO vectors(item_id, model_id, data) SELECT %1, id, x'00000000' "
                                       "FROM models WHERE name = 'photo-look-v1'").arg(item)));
        QVERIFY(db.exec(QStringLiteral("DELETE FROM vectors WHERE item_id = %1").arg(item)));
        QCOMPARE(m_library->vectorGeneration(), before);
        QVERIFY(db.exec(QStringLiteral("DELETE FROM items WHERE image_id = %1 AND kind = 0").arg(image("bob/1.jpg"))));
        QVERIFY(m_library->vectorGeneration() > before); // a face's vector went
    }
};

QTEST_GUILESS_MAIN(TestPhotoRemoval)
#include "tst_photoremoval.moc"
