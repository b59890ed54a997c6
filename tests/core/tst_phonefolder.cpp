// A phone's and a camera's folder indexed end to end: HEIC, AVIF, DNG, a RAW beside its JPEG
// (one photo: one indexed, both paths known, never a duplicate pair, moved together with a
// label), and damaged files that fail with a reason while the job goes on. Real models, a
// real library file, real photos from ../shared/data turned into these formats.
#include "database.h"
#include "dngwriter.h"
#include "imageloader.h"
#include "indexer.h"
#include "labeleditor.h"
#include "library.h"
#include "modelregistry.h"
#include "photoformats.h"
#include "reviewfinder.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike;
using lookalike::test::dataPath;

namespace {

const char* kObama = "faces/face_recognition/examples/obama.jpg";
const char* kBiden = "faces/face_recognition/examples/biden.jpg";

QImage upright(const char* photo)
{
    ImageLoader::Options options;
    options.workingMaxSide = 0;
    auto loaded = ImageLoader::load(dataPath(QString::fromLatin1(photo)), options);
    return loaded ? loaded->image : QImage();
}

} // namespace

class TestPhoneFolder : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::optional<ModelRegistry> m_registry;

    Indexer::Summary index(const QString& db, const QString& root, bool folders = false)
    {
        Indexer::Options options;
        options.threads = 2;
        options.labelsFromSubfolders = folders;
        auto summary = Indexer(*m_registry).run(db, root, options);
        if (!summary)
            qFatal("indexing failed: %s", qPrintable(summary.error()));
        return *summary;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        REQUIRE_TEST_DATA(kObama);
        REQUIRE_TOOL("heif-enc");
        REQUIRE_TOOL("avifenc");
        auto registry = ModelRegistry::load();
        QVERIFY2(registry, qPrintable(registry.error()));
        m_registry = std::move(*registry);
    }

    void everyFormatIndexedDamagedOnesNamed()
    {
        const QString root = m_dir.filePath(QStringLiteral("phone"));
        QDir().mkpath(root);
        QVERIFY(
            test::makeHeic({dataPath(kObama)}, root + QStringLiteral("/IMG_0001.HEIC")).isEmpty());
        QVERIFY(
            test::makeAvif(dataPath(kBiden), root + QStringLiteral("/PXL_0002.avif")).isEmpty());
        DngWriter::Options dng;
        QVERIFY(DngWriter::write(upright(kBiden), root + QStringLiteral("/DSC_0003.DNG"), dng));
        // A RAW and its JPEG: one photo.
        QVERIFY(QFile::copy(dataPath(kObama), root + QStringLiteral("/IMG_0004.JPG")));
        dng.preview = DngWriter::Preview::None;
        QVERIFY(DngWriter::write(upright(kObama), root + QStringLiteral("/IMG_0004.DNG"), dng));
        // Damaged: a HEIC cut short and a DNG whose directories are gone.
        QFile heic(root + QStringLiteral("/IMG_0001.HEIC"));
        QVERIFY(heic.open(QIODevice::ReadOnly));
        QFile broken(root + QStringLiteral("/IMG_0005.HEIC"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write(heic.read(heic.size() / 2));
        broken.close();
        QFile raw(root + QStringLiteral("/DSC_0006.NEF"));
        QVERIFY(raw.open(QIODevice::WriteOnly));
        raw.write(QByteArray("II*\0\x08\0\0\0\x01\0\x0e\x01\x02\0\x04\0\0\0NIK\0", 22));
        raw.close();

        const QString db = m_dir.filePath(QStringLiteral("phone.db"));
        const auto summary = index(db, root);
        QCOMPARE(summary.imagesSeen, 6); // the RAW twin is not a photo of its own
        QCOMPARE(summary.rawTwins, 1);
        QCOMPARE(summary.imagesIndexed, 4);
        QCOMPARE(summary.imagesFailed, 2);
        QCOMPARE(summary.faces, 4);
        QStringList failed;
        for (const auto& f : summary.failures) {
            failed << QFileInfo(f.path).fileName();
            QVERIFY2(!f.error.isEmpty(), qPrintable(f.path));
        }
        failed.sort();
        QCOMPARE(failed,
                 (QStringList{QStringLiteral("DSC_0006.NEF"), QStringLiteral("IMG_0005.HEIC")}));
        auto library = Library::open(db, Library::Mode::ReadOnly);
        QVERIFY(library);
        QHash<QString, QString> formats;
        Statement q = (*library)->database().prepare(
            "SELECT path, format, twin FROM images WHERE status = 0");
        while (q.next()) {
            formats.insert(QFileInfo(q.text(0)).fileName(), q.text(1));
            if (q.text(0).endsWith(u"IMG_0004.JPG"))
                QCOMPARE(QFileInfo(q.text(2)).fileName(), QStringLiteral("IMG_0004.DNG"));
        }
        QCOMPARE(formats.value(QStringLiteral("IMG_0001.HEIC")), QStringLiteral("heic"));
        QCOMPARE(formats.value(QStringLiteral("PXL_0002.avif")), QStringLiteral("avif"));
        QCOMPARE(formats.value(QStringLiteral("DSC_0003.DNG")), QStringLiteral("dng"));
        QCOMPARE(formats.value(QStringLiteral("IMG_0004.JPG")), QStringLiteral("jpeg"));
        QVERIFY(!formats.contains(QStringLiteral("IMG_0004.DNG")));
        // The twins are never a "same photo twice" pair: only one of them is in the library.
        ReviewFinder::Options options;
        options.kind = ReviewKind::SamePhoto;
        auto same = ReviewFinder::find(**library, (*library)->defaultModel(), options);
        QVERIFY(same);
        for (const ReviewItem& item : *same)
            QVERIFY(!item.suspect.path.contains(u"IMG_0004") ||
                    !item.evidence.path.contains(u"IMG_0004"));
        // A second run finds nothing to do.
        const auto again = index(db, root);
        QCOMPARE(again.imagesIndexed, 0);
        QCOMPARE(again.imagesUnchanged, 4 + 2);
    }

    void aRawIndexedAloneKeepsItsLabelsWhenItsJpegArrives()
    {
        const QString root = m_dir.filePath(QStringLiteral("camera"));
        QDir().mkpath(root);
        DngWriter::Options dng;
        dng.preview = DngWriter::Preview::None;
        QVERIFY(DngWriter::write(upright(kObama), root + QStringLiteral("/IMG_0007.DNG"), dng));
        const QString db = m_dir.filePath(QStringLiteral("camera.db"));
        QCOMPARE(index(db, root).imagesIndexed, 1);
        {
            auto library = Library::open(db, Library::Mode::OpenExisting);
            const auto faces = (*library)->allFaces();
            QCOMPARE(int(faces.size()), 1);
            QVERIFY(LabelEditor(**library).relabel({faces.front().id},
                                                   QStringLiteral("Barack Obama"), {}));
        }
        QVERIFY(QFile::copy(dataPath(kObama), root + QStringLiteral("/IMG_0007.jpg")));
        const auto summary = index(db, root);
        QCOMPARE(summary.imagesIndexed, 0);
        auto library = Library::open(db, Library::Mode::ReadOnly);
        const auto faces = (*library)->allFaces();
        QCOMPARE(int(faces.size()), 1);
        QCOMPARE(faces.front().label, QStringLiteral("Barack Obama"));
        QVERIFY(faces.front().path.endsWith(u"IMG_0007.DNG"));
        QVERIFY((*library)->twinOf(faces.front().imageId).endsWith(u"IMG_0007.jpg"));
    }

    void theRawMovesWithItsPhotoAndBack()
    {
        const QString root = m_dir.filePath(QStringLiteral("people"));
        QDir().mkpath(root + QStringLiteral("/Joe"));
        QVERIFY(QFile::copy(dataPath(kObama), root + QStringLiteral("/Joe/IMG_0008.JPG")));
        DngWriter::Options dng;
        QVERIFY(DngWriter::write(upright(kObama), root + QStringLiteral("/Joe/IMG_0008.DNG"), dng));
        QVERIFY(QFile::copy(dataPath(kBiden), root + QStringLiteral("/Joe/b.jpg")));
        const QString db = m_dir.filePath(QStringLiteral("people.db"));
        index(db, root, true);
        auto library = Library::open(db, Library::Mode::OpenExisting);
        qint64 face = 0;
        for (const FaceRecord& f : (*library)->allFaces())
            if (f.path.endsWith(u"IMG_0008.JPG"))
                face = f.id;
        QVERIFY(face);
        LabelEditor editor(**library);
        QVERIFY(editor.relabel({face}, QStringLiteral("Barack Obama"), {}));
        QVERIFY(QFileInfo::exists(root + QStringLiteral("/Barack Obama/IMG_0008.JPG")));
        QVERIFY(QFileInfo::exists(root + QStringLiteral("/Barack Obama/IMG_0008.DNG")));
        QVERIFY(!QFileInfo::exists(root + QStringLiteral("/Joe/IMG_0008.DNG")));
        const qint64 image = (*library)->face(face)->imageId;
        QCOMPARE((*library)->twinOf(image), root + QStringLiteral("/Barack Obama/IMG_0008.DNG"));
        auto undone = editor.undo();
        QVERIFY(undone && undone->problems.empty());
        QVERIFY(QFileInfo::exists(root + QStringLiteral("/Joe/IMG_0008.DNG")));
        QCOMPARE((*library)->twinOf(image), root + QStringLiteral("/Joe/IMG_0008.DNG"));
    }
};

QTEST_GUILESS_MAIN(TestPhoneFolder)
#include "tst_phonefolder.moc"
