// Face names shared through XMP: regions written with Debian's exiv2 command in the MWG and
// Microsoft forms (embedded and in sidecars) are imported onto the faces the real models
// find; names Lookalike knows are written back (lookalike-cli write-metadata), read back
// with exiv2 -px with every other field unchanged, a second run changes nothing, and undo
// (and crash recovery) restore the files byte for byte.
#include "clirun.h"
#include "database.h"
#include "facepipeline.h"
#include "filerewriter.h"
#include "imageloader.h"
#include "indexer.h"
#include "labeleditor.h"
#include "library.h"
#include "modelregistry.h"
#include "photoformats.h"
#include "reviewfinder.h"
#include "testdata.h"
#include "threadbudget.h"
#include "xmpregions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike;
using lookalike::test::cli;
using lookalike::test::Run;
using lookalike::test::dataPath;

namespace {

const char* kObama = "faces/face_recognition/examples/obama.jpg";
const char* kBiden = "faces/face_recognition/examples/biden.jpg";
const char* kObama2 = "faces/face_recognition/examples/obama2.jpg";

QString exiv2(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral("exiv2"), args);
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

// exiv2 -px lines without the region fields (the "every other field" of a file).
QStringList otherXmpLines(const QString& path)
{
    QStringList out;
    for (const QString& line :
         exiv2({QStringLiteral("-px"), path}).split(u'\n', Qt::SkipEmptyParts))
        if (!line.startsWith(u"Xmp.mwg-rs.") && !line.startsWith(u"Xmp.MP.RegionInfo"))
            out << line.simplified();
    return out;
}

QByteArray bytesOf(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// exiv2 commands that add one MWG region (centre form) and/or one Microsoft region.
QString regionCommands(const QString& name, const QRectF& b, bool mwg, bool microsoft,
                       const QSize& size)
{
    QStringList c;
    if (mwg) {
        const QString r = QStringLiteral("Xmp.mwg-rs.Regions/mwg-rs:RegionList[1]");
        c << QStringLiteral("set Xmp.mwg-rs.Regions/mwg-rs:AppliedToDimensions/stDim:w %1")
                 .arg(size.width())
          << QStringLiteral("set Xmp.mwg-rs.Regions/mwg-rs:AppliedToDimensions/stDim:h %1")
                 .arg(size.height())
          << QStringLiteral("set Xmp.mwg-rs.Regions/mwg-rs:RegionList XmpText type=Bag")
          << QStringLiteral("set %1 XmpText type=Struct").arg(r)
          << QStringLiteral("set %1/mwg-rs:Name %2").arg(r, name)
          << QStringLiteral("set %1/mwg-rs:Type Face").arg(r)
          << QStringLiteral("set %1/mwg-rs:Area XmpText type=Struct").arg(r)
          << QStringLiteral("set %1/mwg-rs:Area/stArea:x %2").arg(r).arg(b.center().x())
          << QStringLiteral("set %1/mwg-rs:Area/stArea:y %2").arg(r).arg(b.center().y())
          << QStringLiteral("set %1/mwg-rs:Area/stArea:w %2").arg(r).arg(b.width())
          << QStringLiteral("set %1/mwg-rs:Area/stArea:h %2").arg(r).arg(b.height())
          << QStringLiteral("set %1/mwg-rs:Area/stArea:unit normalized").arg(r);
    }
    if (microsoft) {
        const QString r = QStringLiteral("Xmp.MP.RegionInfo/MPRI:Regions[1]");
        c << QStringLiteral("set Xmp.MP.RegionInfo/MPRI:Regions XmpText type=Bag")
          << QStringLiteral("set %1 XmpText type=Struct").arg(r)
          << QStringLiteral("set %1/MPReg:PersonDisplayName %2").arg(r, name)
          << QStringLiteral("set %1/MPReg:Rectangle %2, %3, %4, %5")
                 .arg(r)
                 .arg(b.x())
                 .arg(b.y())
                 .arg(b.width())
                 .arg(b.height());
    }
    return c.join(u'\n') + u'\n';
}

} // namespace

class TestMetadata : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::optional<ModelRegistry> m_registry;
    QHash<QString, QRectF> m_faces; // shared photo -> its face box, relative
    QHash<QString, QSize> m_sizes;

    QString folder(const QString& name) const { return m_dir.filePath(name); }
    // Copies a shared photo to `to` (writable) and returns `to`.
    QString place(const char* photo, const QString& to);
    // Runs exiv2 -m with `commands` on `file`.
    void annotate(const QString& file, const QString& commands);
    // A new sidecar for `photo` at `sidecar`, holding `commands`.
    void sidecar(const QString& photo, const QString& sidecar, const QString& commands);
    Indexer::Summary index(const QString& db, const QString& root, bool folders, bool names = true);
    QHash<QString, QStringList> labelsByFile(const QString& db);

private slots:
    void initTestCase();
    void importsMwgMicrosoftAndPeopleTags();
    void namesCanBeTurnedOff();
    void folderAndMetadataDisagreeingIsAReviewItem();
    void writesSidecarsAndUndoes();
    void keepsAnExistingSidecarsFields();
    void embeddedKeepsEveryFieldAndUndoes();
    void heicGetsASidecarEvenWhenEmbeddedIsAsked();
    void crashMidWriteIsRolledBack();
};

void TestMetadata::initTestCase()
{
    QVERIFY(m_dir.isValid());
    REQUIRE_TEST_DATA(kObama);
    REQUIRE_TOOL("exiv2");
    ThreadBudget::forWorkers(1);
    auto registry = ModelRegistry::load();
    QVERIFY2(registry, qPrintable(registry.error()));
    m_registry = std::move(*registry);
    auto pipeline = FacePipeline::create(*m_registry);
    QVERIFY2(pipeline, qPrintable(pipeline.error()));
    for (const char* photo : {kObama, kBiden, kObama2}) {
        auto loaded = ImageLoader::load(dataPath(QString::fromLatin1(photo)));
        QVERIFY(loaded);
        auto faces = (*pipeline)->process(*loaded);
        QVERIFY(faces && faces->size() == 1);
        m_faces.insert(QString::fromLatin1(photo), faces->front().box);
        m_sizes.insert(QString::fromLatin1(photo), loaded->fullSize);
    }
}

QString TestMetadata::place(const char* photo, const QString& to)
{
    QDir().mkpath(QFileInfo(to).absolutePath());
    QFile::remove(to);
    QFile::copy(dataPath(QString::fromLatin1(photo)), to);
    QFile(to).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    return to;
}

void TestMetadata::annotate(const QString& file, const QString& commands)
{
    const QString script = file + QStringLiteral(".cmd");
    QFile f(script);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(commands.toUtf8());
    f.close();
    const QString error =
        test::runTool(QStringLiteral("exiv2"), {QStringLiteral("-m"), script, file});
    QFile::remove(script);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestMetadata::sidecar(const QString& photo, const QString& sidecar, const QString& commands)
{
    // exiv2 -eX writes "<photo without suffix>.xmp" with the photo's XMP: the sidecar.
    const QString extracted = QFileInfo(photo).path() + u'/' + QFileInfo(photo).completeBaseName() +
                              QStringLiteral(".xmp");
    QString error = test::runTool(QStringLiteral("exiv2"),
                                  {QStringLiteral("-f"), QStringLiteral("-eX"), photo});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    if (extracted != sidecar)
        QVERIFY(QFile::rename(extracted, sidecar));
    annotate(sidecar, commands);
}

Indexer::Summary TestMetadata::index(const QString& db, const QString& root, bool folders,
                                     bool names)
{
    Indexer::Options options;
    options.labelsFromSubfolders = folders;
    options.namesFromMetadata = names;
    options.threads = 2;
    auto summary = Indexer(*m_registry).run(db, root, options);
    if (!summary)
        qFatal("indexing failed: %s", qPrintable(summary.error()));
    return *summary;
}

QHash<QString, QStringList> TestMetadata::labelsByFile(const QString& db)
{
    QHash<QString, QStringList> out;
    auto library = Library::open(db, Library::Mode::ReadOnly);
    for (const FaceRecord& f : (*library)->allFaces())
        out[QFileInfo(f.path).fileName()] << f.label;
    for (QStringList& labels : out)
        labels.sort();
    return out;
}

void TestMetadata::importsMwgMicrosoftAndPeopleTags()
{
    const QString root = folder(QStringLiteral("import"));
    const QString a = place(kObama, root + QStringLiteral("/a.jpg"));
    annotate(a, regionCommands(QStringLiteral("Barack Obama"), m_faces[kObama], true, false,
                               m_sizes[kObama]));
    const QString b = place(kBiden, root + QStringLiteral("/b.jpg"));
    sidecar(
        b, b + QStringLiteral(".xmp"),
        regionCommands(QStringLiteral("Joe Biden"), m_faces[kBiden], false, true, m_sizes[kBiden]));
    const QString c = place(kObama2, root + QStringLiteral("/c.jpg"));
    annotate(c, QStringLiteral("set Xmp.digiKam.TagsList XmpSeq People/Family/Barack Obama\n"));
    // A face the detector does not find: a person marked it (on the flag, top left).
    const QString d = place(kObama, root + QStringLiteral("/d.jpg"));
    annotate(d, regionCommands(QStringLiteral("Someone Missed"), QRectF(0.05, 0.05, 0.2, 0.16),
                               true, true, m_sizes[kObama]));
    const QString db = folder(QStringLiteral("import.db"));
    const auto summary = index(db, root, false);
    QCOMPARE(summary.imagesFailed, 0);
    const auto labels = labelsByFile(db);
    QCOMPARE(labels[QStringLiteral("a.jpg")], QStringList{QStringLiteral("Barack Obama")});
    QCOMPARE(labels[QStringLiteral("b.jpg")], QStringList{QStringLiteral("Joe Biden")});
    QCOMPARE(labels[QStringLiteral("c.jpg")], QStringList{QStringLiteral("Barack Obama")});
    QCOMPARE(labels[QStringLiteral("d.jpg")],
             (QStringList{QString(), QStringLiteral("Someone Missed")}));
}

void TestMetadata::namesCanBeTurnedOff()
{
    const QString root = folder(QStringLiteral("off"));
    const QString a = place(kObama, root + QStringLiteral("/a.jpg"));
    annotate(a, regionCommands(QStringLiteral("Barack Obama"), m_faces[kObama], true, true,
                               m_sizes[kObama]));
    const QString db = folder(QStringLiteral("off.db"));
    index(db, root, false, false);
    QCOMPARE(labelsByFile(db)[QStringLiteral("a.jpg")], QStringList{QString()});
}

void TestMetadata::folderAndMetadataDisagreeingIsAReviewItem()
{
    const QString root = folder(QStringLiteral("people"));
    const QString a = place(kObama, root + QStringLiteral("/Joe/a.jpg"));
    annotate(a, regionCommands(QStringLiteral("Barack Obama"), m_faces[kObama], true, false,
                               m_sizes[kObama]));
    place(kBiden, root + QStringLiteral("/Joe/b.jpg"));
    const QString db = folder(QStringLiteral("people.db"));
    index(db, root, true);
    const auto labels = labelsByFile(db);
    QCOMPARE(labels[QStringLiteral("a.jpg")],
             QStringList{QStringLiteral("Joe")}); // not silently changed
    auto library = Library::open(db, Library::Mode::ReadOnly);
    {
        Statement q = (*library)->database().prepare(
            "SELECT folder_label, metadata_label, source, resolved FROM name_conflicts");
        QVERIFY(q.next());
        QCOMPARE(q.text(0), QStringLiteral("Joe"));
        QCOMPARE(q.text(1), QStringLiteral("Barack Obama"));
        QCOMPARE(q.text(2), QFileInfo(a).canonicalFilePath());
        QCOMPARE(q.integer(3), 0);
        QVERIFY(!q.next());
    }
    // The review lists it until the user decides; deciding (a relabel) settles it.
    ReviewFinder::Options options;
    options.kind = ReviewKind::MetadataName;
    auto items = ReviewFinder::find(**library, (*library)->defaultModel(), options);
    QVERIFY2(items, qPrintable(items.error()));
    QCOMPARE(int(items->size()), 1);
    QCOMPARE(items->front().suspect.label, QStringLiteral("Joe"));
    QCOMPARE(items->front().evidence.label, QStringLiteral("Barack Obama"));
    Run listed =
        cli({QStringLiteral("review"), db, QStringLiteral("--mode"), QStringLiteral("names")});
    QVERIFY2(listed.code == 0, listed.err.constData());
    QCOMPARE(listed.json()[QStringLiteral("count")].toInt(), 1);
    library->reset();
    auto editable = Library::open(db, Library::Mode::OpenExisting);
    QVERIFY(LabelEditor(**editable)
                .relabel({items->front().suspect.id}, QStringLiteral("Barack Obama"),
                         EditOptions{false, false}));
    auto after = ReviewFinder::find(**editable, (*editable)->defaultModel(), options);
    QVERIFY(after && after->empty());
}

void TestMetadata::writesSidecarsAndUndoes()
{
    const QString root = folder(QStringLiteral("write"));
    const QString a = place(kObama, root + QStringLiteral("/Barack Obama/a.jpg"));
    const QString b = place(kBiden, root + QStringLiteral("/Joe Biden/b.jpg"));
    const QByteArray originalA = bytesOf(a), originalB = bytesOf(b);
    const QString db = folder(QStringLiteral("write.db"));
    index(db, root, true);
    Run first = cli({QStringLiteral("write-metadata"), db});
    QVERIFY2(first.code == 0, first.err.constData());
    QCOMPARE(first.json()[QStringLiteral("written")].toInt(), 2);
    const QString sidecarA = a + QStringLiteral(".xmp");
    QVERIFY(QFileInfo::exists(sidecarA));
    QCOMPARE(bytesOf(a), originalA); // the photo itself is not touched
    QCOMPARE(bytesOf(b), originalB);
    const QString px = exiv2({QStringLiteral("-px"), sidecarA});
    QVERIFY2(px.contains(QStringLiteral("mwg-rs:Name XmpText    12  Barack Obama")),
             qPrintable(px));
    QVERIFY(px.contains(QStringLiteral("MPReg:PersonDisplayName XmpText    12  Barack Obama")));
    QVERIFY(px.contains(QStringLiteral("stArea:unit XmpText    10  normalized")));
    // What Lookalike wrote is read back as it was meant: the same face, the same name.
    int orientation = 0;
    auto names = XmpRegions::fromPacket(bytesOf(sidecarA), m_sizes[kObama], orientation);
    QVERIFY(names && names->regions.size() == 1);
    QVERIFY(names->regions.front().box.intersects(m_faces[kObama]));
    // A second run changes nothing.
    const QByteArray written = bytesOf(sidecarA);
    Run second = cli({QStringLiteral("write-metadata"), db});
    QCOMPARE(second.code, 0);
    QCOMPARE(second.json()[QStringLiteral("written")].toInt(), 0);
    QCOMPARE(second.json()[QStringLiteral("unchanged")].toInt(), 2);
    QCOMPARE(bytesOf(sidecarA), written);
    // Undo removes the sidecars it created.
    Run undo = cli({QStringLiteral("undo"), db});
    QVERIFY2(undo.code == 0, undo.err.constData());
    QVERIFY(!QFileInfo::exists(sidecarA));
    QVERIFY(!QFileInfo::exists(b + QStringLiteral(".xmp")));
    QVERIFY(!QFileInfo::exists(db + QStringLiteral(".backups/") +
                               QString::number(first.json()[QStringLiteral("batch")].toInt())));
}

void TestMetadata::keepsAnExistingSidecarsFields()
{
    const QString root = folder(QStringLiteral("existing"));
    const QString a = place(kObama, root + QStringLiteral("/a.jpg"));
    // digiKam's sidecar: a Microsoft region of another person, the photo's own fields, a rating.
    const QString side = root + QStringLiteral("/a.xmp");
    sidecar(a, side,
            regionCommands(QStringLiteral("Pete Souza"), QRectF(0.7, 0.7, 0.2, 0.2), false, true,
                           m_sizes[kObama]) +
                QStringLiteral("set Xmp.xmp.Rating 4\nset Xmp.dc.subject XmpBag portrait\n"));
    const QByteArray before = bytesOf(side);
    const QStringList otherBefore = otherXmpLines(side);
    const QString db = folder(QStringLiteral("existing.db"));
    index(db, root, false);
    auto library = Library::open(db, Library::Mode::OpenExisting);
    const std::vector<FaceRecord> faces = (*library)->allFaces();
    std::vector<qint64> unnamed;
    for (const FaceRecord& f : faces)
        if (f.label.isEmpty())
            unnamed.push_back(f.id);
    QVERIFY(!unnamed.empty());
    QVERIFY(LabelEditor(**library).relabel(unnamed, QStringLiteral("Barack Obama"), {}));
    library->reset();
    Run run = cli({QStringLiteral("write-metadata"), db});
    QVERIFY2(run.code == 0, run.err.constData());
    QCOMPARE(run.json()[QStringLiteral("files")].toArray().first().toString(),
             side); // the one there
    QVERIFY(!QFileInfo::exists(a + QStringLiteral(".xmp")));
    QCOMPARE(otherXmpLines(side), otherBefore);
    const QString px = exiv2({QStringLiteral("-px"), side});
    QVERIFY2(px.contains(QStringLiteral("Pete Souza")) &&
                 px.contains(QStringLiteral("Barack Obama")),
             qPrintable(px));
    QVERIFY(cli({QStringLiteral("undo"), db}).code == 0);
    QCOMPARE(bytesOf(side), before);
}

void TestMetadata::embeddedKeepsEveryFieldAndUndoes()
{
    const QString root = folder(QStringLiteral("embedded"));
    const QString a = place(kObama, root + QStringLiteral("/Barack Obama/a.jpg"));
    const QByteArray original = bytesOf(a);
    const QStringList exifBefore = exiv2({QStringLiteral("-pa"), a}).split(u'\n');
    const QStringList xmpBefore = otherXmpLines(a);
    const QString db = folder(QStringLiteral("embedded.db"));
    index(db, root, true);
    Run run = cli({QStringLiteral("write-metadata"), db, QStringLiteral("--embedded")});
    QVERIFY2(run.code == 0, run.err.constData());
    QCOMPARE(run.json()[QStringLiteral("written")].toInt(), 1);
    QVERIFY(!QFileInfo::exists(a + QStringLiteral(".xmp")));
    QVERIFY(bytesOf(a) != original);
    const QString px = exiv2({QStringLiteral("-px"), a});
    QVERIFY2(px.contains(QStringLiteral("Barack Obama")) &&
                 px.contains(QStringLiteral("Xmp.MP.RegionInfo")),
             qPrintable(px));
    QCOMPARE(otherXmpLines(a), xmpBefore);
    QStringList exifAfter;
    for (const QString& line : exiv2({QStringLiteral("-pa"), a}).split(u'\n'))
        if (!line.startsWith(u"Xmp.mwg-rs.") && !line.startsWith(u"Xmp.MP.RegionInfo"))
            exifAfter << line;
    QCOMPARE(exifAfter, exifBefore);
    QVERIFY(ImageLoader::load(a)); // still a photo
    const QByteArray written = bytesOf(a);
    QCOMPARE(cli({QStringLiteral("write-metadata"), db, QStringLiteral("--embedded")})
                 .json()[QStringLiteral("written")]
                 .toInt(),
             0);
    QCOMPARE(bytesOf(a), written);
    QVERIFY(cli({QStringLiteral("undo"), db}).code == 0);
    QCOMPARE(bytesOf(a), original);
}

void TestMetadata::heicGetsASidecarEvenWhenEmbeddedIsAsked()
{
    REQUIRE_TOOL("heif-enc");
    const QString root = folder(QStringLiteral("heic"));
    QDir().mkpath(root + QStringLiteral("/Barack Obama"));
    const QString heic = root + QStringLiteral("/Barack Obama/a.heic");
    const QString error = test::makeHeic({dataPath(kObama)}, heic);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QByteArray original = bytesOf(heic);
    const QString db = folder(QStringLiteral("heic.db"));
    index(db, root, true);
    Run run = cli({QStringLiteral("write-metadata"), db, QStringLiteral("--embedded")});
    QVERIFY2(run.code == 0, run.err.constData());
    QCOMPARE(bytesOf(heic), original);
    QVERIFY(exiv2({QStringLiteral("-px"), heic + QStringLiteral(".xmp")})
                .contains(QStringLiteral("Barack Obama")));
}

void TestMetadata::crashMidWriteIsRolledBack()
{
    const QString root = folder(QStringLiteral("crash"));
    const QString a = place(kObama, root + QStringLiteral("/Barack Obama/a.jpg"));
    const QString b = place(kBiden, root + QStringLiteral("/Joe Biden/b.jpg"));
    const QByteArray originalA = bytesOf(a), originalB = bytesOf(b);
    const QString db = folder(QStringLiteral("crash.db"));
    index(db, root, true);
    // The process dies after the first photo was replaced, as kill -9 would.
    Run crashed = cli({QStringLiteral("write-metadata"), db, QStringLiteral("--embedded")},
                      {QStringLiteral("LOOKALIKE_CRASH_AFTER_MOVES=1")});
    QCOMPARE(crashed.code, 137);
    QVERIFY(bytesOf(a) != originalA || bytesOf(b) != originalB);
    auto library = Library::open(db, Library::Mode::OpenExisting);
    auto recovered = LabelEditor(**library).recover();
    QVERIFY(recovered && recovered->batchesRolledBack == 1);
    QVERIFY(recovered->problems.empty());
    QCOMPARE(bytesOf(a), originalA);
    QCOMPARE(bytesOf(b), originalB);
    QVERIFY(!QFileInfo::exists(FileRewriter::preparedPath(a)));
    QVERIFY(!QFileInfo::exists(FileRewriter::preparedPath(b)));
}

QTEST_GUILESS_MAIN(TestMetadata)
#include "tst_metadata.moc"
