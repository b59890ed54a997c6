// FolderSurvey: counts photos in the background and recognises <person>/<photos> layouts.
#include "foldersurvey.h"
#include "testdata.h"
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike::ui;

namespace {

void copy(const QString& from, const QString& to)
{
    QDir().mkpath(QFileInfo(to).absolutePath());
    QVERIFY(QFile::copy(from, to));
}

} // namespace

class TestFolderSurvey : public QObject {
    Q_OBJECT
private slots:
    void looksLikePeople_data()
    {
        QTest::addColumn<QStringList>("folders");
        QTest::addColumn<int>("images");
        QTest::addColumn<int>("inSubfolders");
        QTest::addColumn<bool>("expected");
        QTest::newRow("dataset") << QStringList{"amy", "penny", "raj"} << 15 << 15 << true;
        QTest::newRow("dataset with loose photos")
            << QStringList{"amy", "penny", "raj"} << 20 << 15 << true;
        QTest::newRow("mostly loose photos") << QStringList{"amy", "penny"} << 40 << 10 << false;
        QTest::newRow("one subfolder") << QStringList{"amy"} << 5 << 5 << false;
        QTest::newRow("years") << QStringList{"2019", "2020", "2021"} << 30 << 30 << false;
        QTest::newRow("camera folders")
            << QStringList{"DCIM", "100CANON", "2021-06"} << 30 << 30 << false;
        QTest::newRow("no photos") << QStringList{} << 0 << 0 << false;
    }
    void looksLikePeople()
    {
        QFETCH(QStringList, folders);
        QFETCH(int, images);
        QFETCH(int, inSubfolders);
        QFETCH(bool, expected);
        QCOMPARE(FolderSurvey::looksLikePeople(folders, images, inSubfolders), expected);
    }

    void surveysAFolderInTheBackground()
    {
        REQUIRE_TEST_DATA("faces/bbt");
        QTemporaryDir dir;
        const QString bbt = lookalike::test::dataPath(QStringLiteral("faces/bbt"));
        for (const QString& person : {QStringLiteral("amy"), QStringLiteral("penny")})
            for (const QString& f : QDir(bbt + QLatin1Char('/') + person).entryList(QDir::Files))
                copy(bbt + QLatin1Char('/') + person + QLatin1Char('/') + f,
                     dir.filePath(person + QLatin1Char('/') + f));
        copy(bbt + QStringLiteral("/bbt1.jpg"), dir.filePath(QStringLiteral("bbt1.jpg")));
        QFile notAnImage(dir.filePath(QStringLiteral("notes.txt")));
        QVERIFY(notAnImage.open(QIODevice::WriteOnly));
        notAnImage.write("not a photo");
        notAnImage.close();

        FolderSurvey survey;
        QSignalSpy finished(&survey, &FolderSurvey::finished);
        survey.survey(dir.path(), true);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        const FolderSurvey::Result r = survey.result();
        QCOMPARE(r.images, 11);
        QCOMPARE(r.inSubfolders, 10);
        QCOMPARE(r.subfolders, 2);
        QVERIFY(r.looksLikePeople);

        survey.survey(dir.path(), false);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
        QCOMPARE(survey.result().images, 1);
        QVERIFY(!survey.result().looksLikePeople);
    }

    void aNewSurveyReplacesTheOldOne()
    {
        REQUIRE_TEST_DATA("faces/bbt");
        FolderSurvey survey;
        QSignalSpy finished(&survey, &FolderSurvey::finished);
        survey.survey(lookalike::test::dataPath(QStringLiteral("faces/lfw-devtrain")), true);
        survey.survey(lookalike::test::dataPath(QStringLiteral("faces/bbt")), true);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
        QTest::qWait(200);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(survey.result().folder, lookalike::test::dataPath(QStringLiteral("faces/bbt")));
    }
};

QTEST_GUILESS_MAIN(TestFolderSurvey)
#include "tst_foldersurvey.moc"
