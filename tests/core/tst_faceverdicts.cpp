// Detections that are not faces: hidden everywhere, marked by a person through the journal
// (undo), and remembered when the photo is indexed again.
#include "database.h"
#include "faceclusterer.h"
#include "faceverdicts.h"
#include "fixtures.h"
#include "labeleditor.h"
#include "library.h"
#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike;
using lookalike::test::fakeImage;

class TestFaceVerdicts : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Library> m_lib;
    qint64 m_root = 0;

    // a.jpg: a face and, smaller, a dog the gate set aside; b.jpg: one face. Labels from
    // folders: "ann" goes to a.jpg's face, not to the dog even when the dog is larger.
    std::vector<ImageResult> photos(bool dogLarger = false)
    {
        ImageResult a = fakeImage(QStringLiteral("/p/a.jpg"), 2, 1, QStringLiteral("ann"));
        a.faces[1].notFace = true;
        a.faces[1].faceProbability = 0.01f;
        if (dogLarger)
            a.faces[1].box.setSize({0.5, 0.6});
        return {a, fakeImage(QStringLiteral("/p/b.jpg"), 1, 2)};
    }

    void open(const char* name, bool dogLarger = false)
    {
        m_lib.reset();
        auto lib = Library::open(m_dir.filePath(QLatin1String(name)), Library::Mode::OpenOrCreate);
        QVERIFY2(lib, qPrintable(lib.error()));
        m_lib = std::move(*lib);
        m_root = *m_lib->ensureRoot(QStringLiteral("/p"), true, true);
        QVERIFY(m_lib->storeResults(m_root, photos(dogLarger), QStringLiteral("m"), 512));
    }

    qint64 idAt(const QString& path, int index)
    {
        std::vector<qint64> ids;
        m_lib->forEachFace([&](const FaceRecord& f) {
            if (f.path == path)
                ids.push_back(f.id);
        });
        return ids.at(size_t(index));
    }

    std::vector<qint64> visibleIds()
    {
        auto v = m_lib->vectors(QStringLiteral("m"));
        return v ? v->ids : std::vector<qint64>{};
    }

private slots:
    void notFacesAreKeptButHiddenEverywhere()
    {
        open("hidden.db", true);
        const qint64 dog = idAt(QStringLiteral("/p/a.jpg"), 1);
        QVERIFY(m_lib->face(dog)->notFace);
        const LibraryStats s = m_lib->stats();
        QCOMPARE(s.faces, 2);
        QCOMPARE(s.notFaces, 1);
        QCOMPARE(m_lib->vectorCount(QStringLiteral("m")), 2);
        const std::vector<qint64> visible = visibleIds();
        QCOMPARE(visible.size(), size_t(2));
        QVERIFY(std::find(visible.begin(), visible.end(), dog) == visible.end());
        QCOMPARE(m_lib->allFaces().size(), size_t(2));
        QCOMPARE(m_lib->facesInImage(m_lib->face(dog)->imageId).size(), size_t(1));
        QCOMPARE(m_lib->facesInImage(m_lib->face(dog)->imageId, true).size(), size_t(2));
        // The larger detection is the dog: the folder's label still goes to the face.
        QCOMPARE(m_lib->face(idAt(QStringLiteral("/p/a.jpg"), 0))->label, QStringLiteral("ann"));
        QVERIFY(m_lib->face(dog)->label.isEmpty());
        Statement q = m_lib->database().prepare("SELECT face_probability FROM items WHERE id = ?");
        q.bind(1, dog);
        QVERIFY(q.next());
        QCOMPARE(float(q.real(0)), 0.01f);
    }

    void markingGoesThroughTheJournalAndUndoRestoresIt()
    {
        open("mark.db");
        const qint64 face = idAt(QStringLiteral("/p/b.jpg"), 0);
        const qint64 dog = idAt(QStringLiteral("/p/a.jpg"), 1);
        const qint64 generation = m_lib->vectorGeneration();
        LabelEditor editor(*m_lib);
        auto marked = editor.markFaces({face}, false);
        QVERIFY2(marked, qPrintable(marked.error()));
        QCOMPARE(marked->facesChanged, 1);
        QVERIFY(m_lib->face(face)->notFace);
        QCOMPARE(m_lib->stats().notFaces, 2);
        QVERIFY(m_lib->vectorGeneration() > generation); // the search index is rebuilt
        QCOMPARE(editor.undoStack(1).front().second,
                 QStringLiteral("Mark 1 detection as not a face"));

        auto back = editor.markFaces({dog}, true);
        QVERIFY(back);
        QVERIFY(!m_lib->face(dog)->notFace);
        QCOMPARE(visibleIds(), (std::vector<qint64>{idAt(QStringLiteral("/p/a.jpg"), 0), dog}));
        // Marking again what is already so changes nothing and adds no step.
        auto again = editor.markFaces({dog}, true);
        QVERIFY(again);
        QCOMPARE(again->batchId, 0);

        auto undone = editor.undo(1);
        QVERIFY(undone);
        QCOMPARE(undone->facesChanged, 1);
        QVERIFY(m_lib->face(dog)->notFace); // the gate's verdict again
        QCOMPARE(FaceVerdicts::verdict(m_lib->database(), dog), int(FaceVerdicts::None));
        QVERIFY(editor.undo(1));
        QVERIFY(!m_lib->face(face)->notFace);
        QCOMPARE(m_lib->stats().notFaces, 1);
        QCOMPARE(m_lib->stats().faces, 2);
    }

    void unknownFacesAreRefused()
    {
        open("unknown.db");
        auto r = LabelEditor(*m_lib).markFaces({999999}, false);
        QVERIFY(!r);
        QVERIFY(r.error().contains(QStringLiteral("999999")));
    }

    // The photo changes on disk and is indexed again: new detections in the same place keep
    // the person's verdicts, and undo still reaches them.
    void reindexingKeepsVerdictsAndUndoFollowsThem()
    {
        open("reindex.db");
        const qint64 dog = idAt(QStringLiteral("/p/a.jpg"), 1);
        const qint64 face = idAt(QStringLiteral("/p/b.jpg"), 0);
        LabelEditor editor(*m_lib);
        QVERIFY(editor.markFaces({dog}, true));
        QVERIFY(editor.markFaces({face}, false));

        std::vector<ImageResult> again = photos();
        for (ImageResult& r : again) {
            r.mtimeMs += 1000;
            for (DetectedFace& f : r.faces)
                f.box.translate(0.02, 0.01); // detected a little elsewhere
        }
        again[0].faces.push_back(test::fakeFace(77, 0.7)); // and a new detection
        again[0].faces.back().notFace = true;
        QVERIFY(m_lib->storeResults(m_root, again, QStringLiteral("m"), 512));
        const qint64 newDog = idAt(QStringLiteral("/p/a.jpg"), 1);
        const qint64 newFace = idAt(QStringLiteral("/p/b.jpg"), 0);
        QVERIFY(newDog != dog && newFace != face);
        QVERIFY(!m_lib->face(newDog)->notFace); // the person said it is a face
        QVERIFY(m_lib->face(newFace)->notFace); // ... and that this is not one
        QVERIFY(m_lib->face(idAt(QStringLiteral("/p/a.jpg"), 2))->notFace); // the gate's
        QCOMPARE(m_lib->stats().notFaces, 2);

        QVERIFY(editor.undo(1)); // "not a face" on b.jpg, now on the new detection
        QVERIFY(!m_lib->face(newFace)->notFace);
        QVERIFY(editor.undo(1));
        QVERIFY(m_lib->face(newDog)->notFace);
    }

    void hiddenFacesLeaveSuggestedPeople()
    {
        open("people.db");
        const qint64 face = idAt(QStringLiteral("/p/b.jpg"), 0);
        auto vectors = m_lib->vectors(QStringLiteral("m"));
        QVERIFY(vectors);
        QVERIFY(FaceClusterer::recluster(*m_lib, *vectors, {}));
        QVERIFY(LabelEditor(*m_lib).markFaces({face}, false));
        for (const FaceCluster& c : FaceClusterer::stored(*m_lib))
            QVERIFY(std::find(c.faces.begin(), c.faces.end(), face) == c.faces.end());
    }

    void regionsMatchByOverlap()
    {
        std::vector<FaceVerdicts::Region> regions{
            {1, QRectF(0.1, 0.1, 0.2, 0.2), FaceVerdicts::Face},
            {2, QRectF(0.6, 0.6, 0.2, 0.2), FaceVerdicts::NotFace}};
        std::vector<DetectedFace> faces(3);
        faces[0].box = QRectF(0.62, 0.6, 0.2, 0.2);  // region 2
        faces[1].box = QRectF(0.3, 0.3, 0.2, 0.2);   // touches region 1 only at a corner
        faces[2].box = QRectF(0.11, 0.1, 0.2, 0.21); // region 1
        QCOMPARE(FaceVerdicts::match(regions, faces), (std::vector<int>{1, -1, 0}));
    }
};

QTEST_GUILESS_MAIN(TestFaceVerdicts)
#include "tst_faceverdicts.moc"
