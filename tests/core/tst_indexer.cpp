// Integration tests of the whole indexing path: real photos from ../shared/data, the real
// ONNX models, a real SQLite library and a real FAISS index.
#include "database.h"
#include "indexer.h"
#include "library.h"
#include "modelregistry.h"
#include "searcher.h"
#include "testdata.h"
#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike;
using lookalike::test::dataPath;

namespace {

// Copies `relative` files (or whole folders) from the shared data into `to`.
void copyTree(const QString& from, const QString& to)
{
    QDir().mkpath(to);
    QDirIterator it(from, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString source = it.next();
        const QString target = to + QLatin1Char('/') + QDir(from).relativeFilePath(source);
        QDir().mkpath(QFileInfo(target).absolutePath());
        QFile::copy(source, target);
    }
}

QHash<QString, int> facesPerFile(Library& library)
{
    QHash<QString, int> counts;
    for (const FaceRecord& f : library.allFaces())
        ++counts[f.path];
    return counts;
}

} // namespace

class TestIndexer : public QObject {
    Q_OBJECT

private:
    std::optional<ModelRegistry> m_registry;
    QTemporaryDir m_dir;

    Indexer::Summary index(const QString& library, const QString& folder, bool labels,
                           int threads = 2)
    {
        Indexer::Options options;
        options.labelsFromSubfolders = labels;
        options.threads = threads;
        auto summary = Indexer(*m_registry).run(library, folder, options);
        if (!summary)
            qFatal("indexing failed: %s", qPrintable(summary.error()));
        return *summary;
    }

private slots:
    void initTestCase()
    {
        auto registry = ModelRegistry::load();
        QVERIFY2(registry, qPrintable(registry.error()));
        m_registry = std::move(*registry);
    }

    void missingFolderIsAClearError()
    {
        auto summary = Indexer(*m_registry).run(m_dir.filePath(QStringLiteral("x.db")),
                                                m_dir.filePath(QStringLiteral("no-such-folder")), {});
        QVERIFY(!summary);
        QVERIFY(summary.error().contains(QStringLiteral("not a folder")));
    }

    void labelledFacesFindTheirOwnPeople()
    {
        REQUIRE_TEST_DATA("faces/bbt");
        const QString db = m_dir.filePath(QStringLiteral("bbt.db"));
        const auto summary = index(db, dataPath(QStringLiteral("faces/bbt")), true);
        QCOMPARE(summary.imagesFailed, 0);
        QVERIFY(summary.faces >= 40);

        auto searcher = Searcher::open(db, *m_registry);
        QVERIFY2(searcher, qPrintable(searcher.error()));
        int labelled = 0, right = 0;
        for (const FaceRecord& face : (*searcher)->library().allFaces()) {
            if (face.label.isEmpty())
                continue;
            ++labelled;
            auto matches = (*searcher)->similarTo(face.id, 100, -1.f);
            QVERIFY(matches);
            for (const FaceMatch& m : *matches) {
                if (m.face.label.isEmpty())
                    continue; // group shots carry no label
                right += m.face.label == face.label ? 1 : 0;
                break;
            }
        }
        QCOMPARE(labelled, 40); // 8 people x 5 crops, one face each
        qInfo("nearest labelled neighbour has the same label for %d of %d faces", right, labelled);
        QVERIFY2(right >= 0.95 * labelled, qPrintable(QStringLiteral("%1 of %2").arg(right).arg(labelled)));
    }

    void trickyFilesAreIndexedOrReportedWithAReason()
    {
        REQUIRE_TEST_DATA("tricky");
        const QString db = m_dir.filePath(QStringLiteral("tricky.db"));
        const QString root = dataPath(QStringLiteral("tricky"));
        const auto summary = index(db, root, false);
        auto library = Library::open(db, Library::Mode::ReadOnly);
        QVERIFY(library);

        QStringList files;
        QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << QFileInfo(it.next()).canonicalFilePath();
        QCOMPARE(summary.imagesIndexed + summary.imagesFailed, summary.imagesSeen);
        // Every file is in the library or named among the failures with a reason.
        QSet<QString> indexed;
        Statement q = (*library)->database().prepare("SELECT path FROM images WHERE status = 0");
        while (q.next())
            indexed.insert(QFileInfo(q.text(0)).canonicalFilePath());
        QHash<QString, QString> failed;
        for (const Indexer::Failure& f : summary.failures)
            failed.insert(QFileInfo(f.path).canonicalFilePath(), f.error);
        for (const QString& file : files)
            QVERIFY2(indexed.contains(file) || !failed.value(file).trimmed().isEmpty(), qPrintable(file));
        const QString garbage = QFileInfo(root + QStringLiteral("/corrupt/garbage_header.jpg")).canonicalFilePath();
        QVERIFY2(failed.value(garbage).contains(QStringLiteral("not a supported image")), qPrintable(failed.value(garbage)));

        const QHash<QString, int> faces = facesPerFile(**library);
        auto count = [&](const char* relative) {
            return faces.value(QFileInfo(root + QLatin1Char('/') + QLatin1String(relative)).canonicalFilePath());
        };
        QCOMPARE(count("exif/image_T1.jpeg"), 1); // found only once the EXIF rotation is applied
        QVERIFY2(count("multiface/six_faces.jpg") >= 5, qPrintable(QString::number(count("multiface/six_faces.jpg"))));
        QVERIFY2(count("multiface/crowd_small_faces.jpg") >= 12,
                 qPrintable(QString::number(count("multiface/crowd_small_faces.jpg"))));
        for (const char* portrait : {"rotated/r0.jpg", "huge/face_4352x2903.jpg", "gray/camera_face.png",
                                     "alpha/obama_rgba.png", "wrong-extension/webp_face.jpg",
                                     "wrong-extension/png_alpha.jpg"})
            QVERIFY2(count(portrait) == 1, qPrintable(QStringLiteral("%1: %2 faces").arg(QLatin1String(portrait)).arg(count(portrait))));
        for (const char* empty : {"noface/coffee.png", "odd/blank.png"})
            QCOMPARE(count(empty), 0);
        QCOMPARE((*library)->integrityCheck(), QStringLiteral("ok"));
    }

    void secondRunTouchesNoUnchangedFile()
    {
        REQUIRE_TEST_DATA("faces/bbt/amy");
        QTemporaryDir photos;
        copyTree(dataPath(QStringLiteral("faces/bbt")), photos.path());
        const QString db = m_dir.filePath(QStringLiteral("rerun.db"));
        const auto first = index(db, photos.path(), true);
        QVERIFY(first.imagesIndexed > 40);

        auto indexedAt = [&] {
            auto library = Library::open(db, Library::Mode::ReadOnly);
            QHash<QString, qint64> stamps;
            Statement q = (*library)->database().prepare("SELECT path, indexed_at FROM images");
            while (q.next())
                stamps.insert(q.text(0), q.integer(1));
            return stamps;
        };
        const auto before = indexedAt();
        const auto second = index(db, photos.path(), true);
        QCOMPARE(second.imagesIndexed, 0);
        QCOMPARE(second.imagesFailed, 0);
        QCOMPARE(second.imagesUnchanged, first.imagesSeen);
        QCOMPARE(indexedAt(), before);

        // One file changed, one deleted: only those are touched.
        QVERIFY(QFile::remove(photos.filePath(QStringLiteral("amy/amy1.png"))));
        QVERIFY(QFile::copy(dataPath(QStringLiteral("faces/bbt/penny/penny1.png")),
                            photos.filePath(QStringLiteral("amy/amy2.png.tmp"))));
        QVERIFY(QFile::remove(photos.filePath(QStringLiteral("amy/amy2.png"))));
        QVERIFY(QFile::rename(photos.filePath(QStringLiteral("amy/amy2.png.tmp")),
                              photos.filePath(QStringLiteral("amy/amy2.png"))));
        const auto third = index(db, photos.path(), true);
        QCOMPARE(third.imagesRemoved, 1);
        QCOMPARE(third.imagesIndexed, 1);
        QCOMPARE(third.imagesUnchanged, first.imagesSeen - 2);
        auto library = Library::open(db, Library::Mode::ReadOnly);
        QCOMPARE((*library)->stats().faces, first.faces - 2 + third.faces);
    }

    void cancelKeepsFinishedWork()
    {
        REQUIRE_TEST_DATA("faces/lfw-devtrain");
        const QString db = m_dir.filePath(QStringLiteral("cancel.db"));
        std::atomic_bool cancel{false};
        Indexer::Options options;
        options.threads = 2;
        options.batchSize = 8;
        qint64 committedFaces = 0;
        auto summary = Indexer(*m_registry).run(
            db, dataPath(QStringLiteral("faces/lfw-devtrain/images")), options, &cancel, {},
            [&](qint64 faces) {
                committedFaces += faces;
                if (committedFaces >= 20)
                    cancel = true;
            });
        QVERIFY2(summary, qPrintable(summary.error()));
        QVERIFY(summary->cancelled);
        QVERIFY(summary->imagesIndexed > 0);
        QVERIFY(summary->imagesIndexed < 9000);
        auto library = Library::open(db, Library::Mode::ReadOnly);
        QCOMPARE((*library)->stats().images + (*library)->stats().imagesFailed,
                 summary->imagesIndexed + summary->imagesFailed);
        QCOMPARE((*library)->integrityCheck(), QStringLiteral("ok"));
    }
};

QTEST_GUILESS_MAIN(TestIndexer)
#include "tst_indexer.moc"
