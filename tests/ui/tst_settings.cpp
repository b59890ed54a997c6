// Settings: typed values survive a new QSettings on the same file; bounds are enforced.
#include "settings.h"
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike::ui;

class TestSettings : public QObject {
    Q_OBJECT
private slots:
    void roundTrip()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("settings.ini"));
        {
            QSettings store(file, QSettings::IniFormat);
            Settings s(&store);
            s.setTopK(250);
            s.setMinSimilarity(0.42);
            s.setPhotoMinSimilarity(0.8);
            s.setPhotoMinSimilarity(0.5, true); // its own key: the other scale
            s.setPhotoMinSimilarity(0.3, false, QStringLiteral("mobilenetv2-7")); // a model's
            s.setThumbnailSize(160);
            s.setLastLibrary(QStringLiteral("/tmp/a.lookalike"));
            s.setSplitterState("splitter");
        }
        QSettings store(file, QSettings::IniFormat);
        Settings s(&store);
        QCOMPARE(s.topK(), 250);
        QCOMPARE(s.minSimilarity(0.0), 0.42);
        QCOMPARE(s.photoMinSimilarity(0.0), 0.8);
        QCOMPARE(s.photoMinSimilarity(0.0, true), 0.5);
        QCOMPARE(s.photoMinSimilarity(0.0, false, QStringLiteral("mobilenetv2-7")), 0.3);
        QCOMPARE(s.photoMinSimilarity(0.9, true, QStringLiteral("mobilenetv2-7")), 0.9);
        QCOMPARE(s.thumbnailSize(), 160);
        QCOMPARE(s.lastLibrary(), QStringLiteral("/tmp/a.lookalike"));
        QCOMPARE(s.splitterState(), QByteArray("splitter"));
    }

    void defaultsAndBounds()
    {
        QTemporaryDir dir;
        QSettings store(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        Settings s(&store);
        QCOMPARE(s.thumbnailSize(), Settings::kDefaultThumbnail);
        QCOMPARE(s.minSimilarity(0.35), 0.35);
        s.setThumbnailSize(10000);
        QCOMPARE(s.thumbnailSize(), Settings::kMaxThumbnail);
        s.setTopK(-3);
        QCOMPARE(s.topK(), 1);
    }

    void recentLibrariesAreMostRecentFirstAndCapped()
    {
        QTemporaryDir dir;
        QSettings store(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        Settings s(&store);
        for (int i = 0; i < Settings::kMaxRecent + 3; ++i)
            s.addRecentLibrary(QStringLiteral("/libs/%1.lookalike").arg(i));
        s.addRecentLibrary(QStringLiteral("/libs/5.lookalike"));
        const QStringList recent = s.recentLibraries();
        QCOMPARE(recent.size(), Settings::kMaxRecent);
        QCOMPARE(recent.first(), QStringLiteral("/libs/5.lookalike"));
        QCOMPARE(recent.count(QStringLiteral("/libs/5.lookalike")), 1);
        s.removeRecentLibrary(QStringLiteral("/libs/5.lookalike"));
        QVERIFY(!s.recentLibraries().contains(QStringLiteral("/libs/5.lookalike")));
    }

    void unfinishedImportIsRememberedPerLibrary()
    {
        QTemporaryDir dir;
        QSettings store(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        Settings s(&store);
        ImportRequest r{QStringLiteral("/photos"), dir.filePath(QStringLiteral("a.lookalike")),
                        false, true};
        QVERIFY(!s.unfinishedImport(r.libraryPath));
        s.setUnfinishedImport(r);
        const auto back = s.unfinishedImport(r.libraryPath);
        QVERIFY(back);
        QCOMPARE(back->folder, r.folder);
        QCOMPARE(back->recursive, false);
        QCOMPARE(back->labelsFromSubfolders, true);
        QVERIFY(!s.unfinishedImport(dir.filePath(QStringLiteral("b.lookalike"))));
        s.clearUnfinishedImport(r.libraryPath);
        QVERIFY(!s.unfinishedImport(r.libraryPath));
    }
};

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
