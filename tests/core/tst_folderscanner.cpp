// FolderScanner: a synthetic tree in a temp folder (images under wrong names, non-images,
// hidden entries, symlink loops, links to folders inside and outside the root, a broken
// link), then the shared tricky photos.
#include "folderscanner.h"
#include "testdata.h"

#include <QBuffer>
#include <QDateTime>
#include <QImage>
#include <QImageWriter>
#include <QTemporaryDir>
#include <QtTest>
#include <unistd.h>

using lookalike::FolderScanner;
using lookalike::ScanResult;

namespace {

QByteArray encode(const char* format)
{
    QImage image(16, 12, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QImageWriter(&buffer, format).write(image);
    return buffer.data();
}

QStringList paths(const ScanResult& result, const QString& root)
{
    QStringList out;
    for (const auto& file : result.files)
        out << QDir(root).relativeFilePath(file.path);
    return out;
}

// relative path -> reason
QMap<QString, QString> problems(const ScanResult& result, const QString& root)
{
    QMap<QString, QString> out;
    for (const auto& problem : result.problems)
        out.insert(QDir(root).relativeFilePath(problem.path), problem.reason);
    return out;
}

} // namespace

class TestFolderScanner : public QObject {
    Q_OBJECT

private:
    void write(const QString& relative, const QByteArray& data);
    void link(const QString& target, const QString& relative);
    QTemporaryDir m_temp;
    QString m_root;    // the tree scanned
    QString m_outside; // a folder outside it, reached through a symlink

private slots:
    void initTestCase();
    void recursiveScan();
    void reportsLoopsAndLinks();
    void nonRecursiveScan();
    void sizeAndMtime();
    void progressAndCancel();
    void badRoots_data();
    void badRoots();
    void unreadableFolder();
    void labelFor_data();
    void labelFor();
    void trickyFolder();
};

void TestFolderScanner::write(const QString& relative, const QByteArray& data)
{
    const QString path = m_temp.filePath(relative);
    QVERIFY(QDir().mkpath(QFileInfo(path).path()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(data), data.size());
}

void TestFolderScanner::link(const QString& target, const QString& relative)
{
    QVERIFY2(QFile::link(target, m_temp.filePath(relative)), qPrintable(relative));
}

void TestFolderScanner::initTestCase()
{
    QVERIFY(m_temp.isValid());
    m_root = m_temp.filePath("root");
    m_outside = m_temp.filePath("outside");
    write("root/a.jpg", encode("jpeg"));
    write("root/photo-named.txt", encode("png"));
    write("root/notes.txt", "shopping list");
    write("root/scores.csv", "name,score\nalice,1\n");
    write("root/fake.jpg", "this is not a JPEG");
    write("root/empty.jpg", {});
    write("root/.hidden.jpg", encode("jpeg"));
    write("root/.cache/x.jpg", encode("jpeg"));
    write("root/2019/d.png", encode("png"));
    write("root/2019/deep/e.webp", encode("webp"));
    write("root/2020/f.bmp", encode("bmp"));
    write("outside/g.tif", encode("tiff"));
    link(m_root, "root/loop");                     // back to the root itself
    link(m_root + "/2019", "root/2019/deep/back"); // back to an ancestor
    link(m_outside, "root/outside-link");          // followed
    link(m_root + "/2020", "root/same-as-2020");   // the real folder wins
    link(m_root + "/a.jpg", "root/file-link.jpg"); // a linked file is a file
    link(m_temp.filePath("gone.jpg"), "root/dangling.jpg");
}

void TestFolderScanner::recursiveScan()
{
    const ScanResult result = FolderScanner::scan(m_root);
    QCOMPARE(paths(result, m_root),
             QStringList({"2019/d.png", "2019/deep/e.webp", "2020/f.bmp", "a.jpg", "file-link.jpg",
                          "outside-link/g.tif", "photo-named.txt"}));
    QCOMPARE(result.nonImages, 2); // notes.txt, scores.csv; fake.jpg and empty.jpg are reported
    QVERIFY(!result.cancelled);
    for (const auto& file : result.files)
        QVERIFY(QDir::isAbsolutePath(file.path) && QDir::cleanPath(file.path) == file.path);
}

void TestFolderScanner::reportsLoopsAndLinks()
{
    const auto found = problems(FolderScanner::scan(m_root), m_root);
    QCOMPARE(found.keys(), QStringList({"2019/deep/back", "dangling.jpg", "empty.jpg", "fake.jpg", "loop",
                                        "same-as-2020"}));
    QVERIFY2(found["fake.jpg"].contains("not a supported image format"), qPrintable(found["fake.jpg"]));
    QVERIFY2(found["loop"].startsWith("symlink loop: leads back to "), qPrintable(found["loop"]));
    QVERIFY(found["2019/deep/back"].startsWith("symlink loop: leads back to "));
    QVERIFY2(found["same-as-2020"].startsWith("same folder as "),
             qPrintable(found["same-as-2020"]));
    QVERIFY(found["same-as-2020"].endsWith("/2020, already scanned"));
    QVERIFY2(found["dangling.jpg"].startsWith("broken symbolic link to "),
             qPrintable(found["dangling.jpg"]));
}

void TestFolderScanner::nonRecursiveScan()
{
    const ScanResult result = FolderScanner::scan(m_root, {.recursive = false});
    QCOMPARE(paths(result, m_root), QStringList({"a.jpg", "file-link.jpg", "photo-named.txt"}));
    QCOMPARE(result.nonImages, 2);
    QCOMPARE(problems(result, m_root).keys(), QStringList({"dangling.jpg", "empty.jpg", "fake.jpg"}));
}

void TestFolderScanner::sizeAndMtime()
{
    const QString path = m_root + "/2020/f.bmp";
    const QDateTime when(QDate(2021, 5, 1), QTime(12, 0), Qt::UTC);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.setFileTime(when, QFileDevice::FileModificationTime));
    file.close();
    // A relative root with a trailing slash still gives absolute, clean paths.
    QVERIFY(QDir::setCurrent(m_temp.path()));
    const ScanResult result = FolderScanner::scan("root/2020/");
    QCOMPARE(result.files.size(), 1u);
    QCOMPARE(result.files[0].path, path);
    QCOMPARE(result.files[0].size, QFileInfo(path).size());
    QCOMPARE(result.files[0].mtimeMs, when.toMSecsSinceEpoch());
}

void TestFolderScanner::progressAndCancel()
{
    QList<qint64> reported;
    const auto progress = [&](qint64 found) { reported << found; };
    const ScanResult done = FolderScanner::scan(m_root, {.progress = progress});
    QVERIFY(!reported.isEmpty());
    QCOMPARE(reported.last(), qint64(done.files.size()));
    QVERIFY(std::ranges::is_sorted(reported));

    reported.clear();
    const std::atomic_bool cancel = true;
    const ScanResult cancelled =
        FolderScanner::scan(m_root, {.cancel = &cancel, .progress = progress});
    QVERIFY(cancelled.cancelled);
    QVERIFY(cancelled.files.empty());
    QCOMPARE(reported, QList<qint64>({0}));
}

void TestFolderScanner::badRoots_data()
{
    QTest::addColumn<QString>("relative");
    QTest::addColumn<QString>("reason");
    QTest::newRow("missing") << "no-such-folder"
                             << "folder does not exist";
    QTest::newRow("a file") << "root/a.jpg"
                            << "not a folder";
}

void TestFolderScanner::badRoots()
{
    QFETCH(QString, relative);
    QFETCH(QString, reason);
    const QString root = m_temp.filePath(relative);
    const ScanResult result = FolderScanner::scan(root);
    QVERIFY(result.files.empty());
    QCOMPARE(result.problems.size(), 1u);
    QCOMPARE(result.problems[0].path, root);
    QCOMPARE(result.problems[0].reason, reason);
}

void TestFolderScanner::unreadableFolder()
{
    if (geteuid() == 0)
        QSKIP("running as root: permissions do not deny reading");
    write("locked-root/open/h.jpg", encode("jpeg"));
    write("locked-root/locked/i.jpg", encode("jpeg"));
    write("locked-root/secret.jpg", encode("jpeg"));
    const QString root = m_temp.filePath("locked-root");
    QVERIFY(QFile::setPermissions(root + "/locked", QFileDevice::WriteOwner));
    QVERIFY(QFile::setPermissions(root + "/secret.jpg", QFileDevice::WriteOwner));
    const ScanResult result = FolderScanner::scan(root);
    QFile::setPermissions(root + "/locked",
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QCOMPARE(paths(result, root), QStringList({"open/h.jpg"}));
    const auto found = problems(result, root);
    QCOMPARE(found.keys(), QStringList({"locked", "secret.jpg"}));
    QCOMPARE(found["locked"], "permission denied: cannot list this folder");
    QCOMPARE(found["secret.jpg"], "cannot read: Permission denied");
}

void TestFolderScanner::labelFor_data()
{
    QTest::addColumn<QString>("root");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("label");
    QTest::newRow("directly in root") << "/photos"
                                      << "/photos/a.jpg"
                                      << "";
    QTest::newRow("one level") << "/photos"
                               << "/photos/2019/a.jpg"
                               << "2019";
    QTest::newRow("deeper") << "/photos"
                            << "/photos/2019/june/a.jpg"
                            << "2019";
    QTest::newRow("root with slash") << "/photos/"
                                     << "/photos/Alice/a.jpg"
                                     << "Alice";
    QTest::newRow("unclean path") << "/photos"
                                  << "/photos/./2019/../2020/a.jpg"
                                  << "2020";
    QTest::newRow("outside root") << "/photos"
                                  << "/other/Bob/a.jpg"
                                  << "";
    QTest::newRow("name prefix is not inside") << "/photos"
                                               << "/photos-old/Bob/a.jpg"
                                               << "";
    QTest::newRow("spaces and accents") << "/my photos"
                                        << "/my photos/Zoë K/a.jpg"
                                        << "Zoë K";
}

void TestFolderScanner::labelFor()
{
    QFETCH(QString, root);
    QFETCH(QString, path);
    QFETCH(QString, label);
    QCOMPARE(FolderScanner::labelFor(root, path), label);
}

void TestFolderScanner::trickyFolder()
{
    REQUIRE_TEST_DATA("tricky");
    const QString root = lookalike::test::dataPath("tricky");
    const ScanResult result = FolderScanner::scan(root);
    // corrupt/garbage_header.jpg is named like a photo but is not one: reported, not skipped.
    QCOMPARE(result.problems.size(), 1u);
    QVERIFY(result.problems[0].path.endsWith("corrupt/garbage_header.jpg"));
    QCOMPARE(result.nonImages, 0);
    QCOMPARE(result.files.size(), 28u);
    QStringList labels;
    for (const auto& file : result.files)
        if (!labels.contains(FolderScanner::labelFor(root, file.path)))
            labels << FolderScanner::labelFor(root, file.path);
    QCOMPARE(labels, QStringList({"alpha", "corrupt", "exif", "gray", "huge", "multiface", "noface",
                                  "odd", "rotated", "wrong-extension"}));
}

QTEST_GUILESS_MAIN(TestFolderScanner)
#include "tst_folderscanner.moc"
