#include "filemover.h"
#include <QTemporaryDir>
#include <QtTest>
#include <sys/stat.h>

using namespace lookalike;

namespace {

void write(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

QByteArray read(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

dev_t deviceOf(const QString& path)
{
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_dev : dev_t(-1);
}

} // namespace

class TestFileMover : public QObject {
    Q_OBJECT

private slots:
    void movesIntoANewFolder()
    {
        QTemporaryDir dir;
        write(dir.filePath(QStringLiteral("a/x.jpg")), "photo");
        QVERIFY(FileMover::move(dir.filePath(QStringLiteral("a/x.jpg")), dir.filePath(QStringLiteral("b/c/x.jpg"))));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("a/x.jpg"))));
        QCOMPARE(read(dir.filePath(QStringLiteral("b/c/x.jpg"))), QByteArray("photo"));
    }

    void neverOverwrites()
    {
        QTemporaryDir dir;
        write(dir.filePath(QStringLiteral("x.jpg")), "mine");
        write(dir.filePath(QStringLiteral("y.jpg")), "theirs");
        const Status s = FileMover::move(dir.filePath(QStringLiteral("x.jpg")), dir.filePath(QStringLiteral("y.jpg")));
        QVERIFY(!s);
        QVERIFY(s.error().contains(QStringLiteral("already exists")));
        QCOMPARE(read(dir.filePath(QStringLiteral("x.jpg"))), QByteArray("mine"));
        QCOMPARE(read(dir.filePath(QStringLiteral("y.jpg"))), QByteArray("theirs"));
    }

    void missingSourceIsAnError()
    {
        QTemporaryDir dir;
        QVERIFY(!FileMover::move(dir.filePath(QStringLiteral("none.jpg")), dir.filePath(QStringLiteral("b.jpg"))));
    }

    void freeNamePicksTheFirstUnusedNumber()
    {
        QTemporaryDir dir;
        const QString wanted = dir.filePath(QStringLiteral("x.jpg"));
        QCOMPARE(FileMover::freeName(wanted), wanted);
        write(wanted, "1");
        QCOMPARE(FileMover::freeName(wanted), dir.filePath(QStringLiteral("x (2).jpg")));
        write(dir.filePath(QStringLiteral("x (2).jpg")), "2");
        QCOMPARE(FileMover::freeName(wanted, {dir.filePath(QStringLiteral("x (3).jpg"))}),
                 dir.filePath(QStringLiteral("x (4).jpg")));
    }

    void movesAcrossFilesystemsByVerifiedCopy()
    {
        QTemporaryDir here;
        QTemporaryDir there(QStringLiteral("/dev/shm/lookalike-XXXXXX"));
        if (!there.isValid() || deviceOf(here.path()) == deviceOf(there.path()))
            QSKIP("no second filesystem (/dev/shm) to move across");
        const QByteArray bytes(3 << 20, 'p');
        write(here.filePath(QStringLiteral("big.jpg")), bytes);
        QVERIFY(FileMover::move(here.filePath(QStringLiteral("big.jpg")), there.filePath(QStringLiteral("p/big.jpg"))));
        QVERIFY(!QFile::exists(here.filePath(QStringLiteral("big.jpg"))));
        QCOMPARE(read(there.filePath(QStringLiteral("p/big.jpg"))), bytes);
        QVERIFY(!QFile::exists(there.filePath(QStringLiteral("p/big.jpg")) + FileMover::partialSuffix()));
    }

    void removesOnlyEmptyFoldersBelowTheStop()
    {
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath(QStringLiteral("a/b/c")));
        write(dir.filePath(QStringLiteral("a/keep.jpg")), "k");
        FileMover::removeEmptyFolders(dir.filePath(QStringLiteral("a/b/c")), dir.path());
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("a/b"))));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("a/keep.jpg"))));
    }
};

QTEST_GUILESS_MAIN(TestFileMover)
#include "tst_filemover.moc"
