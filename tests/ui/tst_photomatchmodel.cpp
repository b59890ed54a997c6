// The sections of a photo query's results: duplicates, then "Same object in other photos"
// when the library was searched for objects (empty or not), then the look-alikes; header rows
// are not selectable, every result row says its kind, and the look-alikes still change at
// the end of their section when the threshold moves.
#include "photogridmodel.h"
#include "photomatchmodel.h"
#include "thumbnailcache.h"
#include <QAbstractItemModelTester>
#include <QtTest>

using namespace lookalike;
using namespace lookalike::ui;

namespace {

PhotoMatch match(qint64 id, PhotoMatchKind kind, float similarity, int inliers = 0)
{
    return {id, QStringLiteral("/p/%1.jpg").arg(id), similarity, kind, inliers};
}

} // namespace

class TestPhotoMatchModel : public QObject {
    Q_OBJECT

private slots:
    void sameObjectIsItsOwnSection()
    {
        ThumbnailCache thumbnails(ThumbnailCache::Options{});
        PhotoMatchModel model(&thumbnails);
        QAbstractItemModelTester tester(&model);
        model.setMatches({match(1, PhotoMatchKind::Exact, 1.f)},
                         {match(5, PhotoMatchKind::Similar, 0.8f), match(6, PhotoMatchKind::Similar, 0.7f)},
                         {match(3, PhotoMatchKind::Object, 0.4f, 80), match(4, PhotoMatchKind::Object, 0.3f, 31)},
                         true);
        QCOMPARE(model.rowCount(), 1 + 1 + 1 + 2 + 1 + 2);
        QCOMPARE(model.duplicatesHeaderRow(), 0);
        QCOMPARE(model.objectsHeaderRow(), 2);
        QCOMPARE(model.lookAlikesHeaderRow(), 5);
        const QModelIndex header = model.index(model.objectsHeaderRow());
        QCOMPARE(header.data(Qt::DisplayRole).toString(), QStringLiteral("Same object in other photos"));
        QVERIFY(header.data(PhotoGridModel::IsHeaderRole).toBool());
        QCOMPARE(header.data(PhotoGridModel::CountRole).toInt(), 2);
        QCOMPARE(model.flags(header), Qt::NoItemFlags);
        QCOMPARE(model.match(3)->imageId, 3);
        QCOMPARE(model.match(4)->imageId, 4);
        QVERIFY(model.index(3).data(PhotoGridModel::NoteRole).toString().contains(QLatin1String("80")));
        QVERIFY(model.index(3).data(PhotoGridModel::NoteRole).toString().contains(QLatin1String("same object")));
        QCOMPARE(model.match(6)->imageId, 5);
        QCOMPARE(model.rowOf(4), 4);
        // The threshold moves: look-alikes change at the end, the other sections stay.
        model.setLookAlikes({match(5, PhotoMatchKind::Similar, 0.8f)});
        QCOMPARE(model.rowCount(), 7);
        QCOMPARE(model.match(3)->imageId, 3);
    }

    void noObjectSectionWithoutObjects()
    {
        ThumbnailCache thumbnails(ThumbnailCache::Options{});
        PhotoMatchModel model(&thumbnails);
        QAbstractItemModelTester tester(&model);
        model.setMatches({}, {match(5, PhotoMatchKind::Similar, 0.8f)});
        QCOMPARE(model.objectsHeaderRow(), -1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.lookAlikesHeaderRow(), 1);
        // Searched, none found: the section says so.
        model.setMatches({}, {match(5, PhotoMatchKind::Similar, 0.8f)}, {}, true);
        QCOMPARE(model.objectsHeaderRow(), 1);
        QCOMPARE(model.rowCount(), 4);
        QVERIFY(model.index(1).data(PhotoGridModel::NoteRole).toString().startsWith(QLatin1String("none")));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestPhotoMatchModel)
#include "tst_photomatchmodel.moc"
