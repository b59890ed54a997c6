// MapGroups: items grouped by label, largest group first, unlabelled items in no group; a
// group's colour follows its name alone, the same in every run (the view, the exports and
// the next start agree).
#include "mapgroups.h"
#include <QSet>
#include <QtTest>

using namespace lookalike;

class TestMapGroups : public QObject {
    Q_OBJECT

private slots:
    void groupsByLabelLargestFirst()
    {
        const std::vector<MapItemInfo> items{{QStringLiteral("/a/1.jpg"), QStringLiteral("Ann")},
                                             {QStringLiteral("/b/2.jpg"), QStringLiteral("Bob")},
                                             {QStringLiteral("/b/3.jpg"), QStringLiteral("Bob")},
                                             {QStringLiteral("/c/4.jpg"), QString()}};
        const MapGroups g = MapGroups::build(
            qint64(items.size()), [&](qint64 i) { return items[size_t(i)]; }, MapColouring::Label);
        QCOMPARE(g.names, (QStringList{QStringLiteral("Bob"), QStringLiteral("Ann")}));
        QCOMPARE(g.group, (std::vector<int>{1, 0, 0, -1}));
        QCOMPARE(g.colour(-1), MapGroups::noGroupColour());
        QCOMPARE(g.colour(0), MapGroups::colourOf(QStringLiteral("Bob")));
    }

    // Fixed values: a hash seeded per process (qHash) would fail here in most runs.
    void colourIsTheSameInEveryRun()
    {
        QCOMPARE(MapGroups::colourOf(QStringLiteral("George_W_Bush")).rgb(),
                 QColor(0x9edae5).rgb());
        QCOMPARE(MapGroups::colourOf(QStringLiteral("Colin_Powell")).rgb(), QColor(0x2ca02c).rgb());
        QCOMPARE(MapGroups::colourOf(QStringLiteral("Zoë")).rgb(), QColor(0xbcbd22).rgb());
    }

    // By folder (the photos' map): few groups, each in a strong colour of its own, the same
    // in every run.
    void foldersTakeDistinctStrongColours()
    {
        const QStringList folders{QStringLiteral("jpg"), QStringLiteral("urban100"),
                                  QStringLiteral("sun_hays80"), QStringLiteral("imagenet_sample"),
                                  QStringLiteral("cbsd68")};
        std::vector<MapItemInfo> items;
        for (int f = 0; f < folders.size(); ++f)
            for (int i = 0; i <= f; ++i)
                items.push_back({QStringLiteral("/p/%1/%2.jpg").arg(folders[f]).arg(i)});
        const MapGroups g = MapGroups::build(
            qint64(items.size()), [&](qint64 i) { return items[size_t(i)]; }, MapColouring::Folder);
        QCOMPARE(g.names.size(), 5);
        QSet<QRgb> colours;
        for (int i = 0; i < 5; ++i)
            colours.insert(g.colour(i).rgb());
        QCOMPARE(colours.size(), 5);
        const MapGroups again = MapGroups::build(
            qint64(items.size()), [&](qint64 i) { return items[size_t(i)]; }, MapColouring::Folder);
        QCOMPARE(again.distinct, g.distinct);
    }
};

QTEST_GUILESS_MAIN(TestMapGroups)
#include "tst_mapgroups.moc"
