// FaceGridModel: rows are ids (and similarities); growing or filtering the rows keeps views'
// selection; data() answers from memory; faces drag as application/x-lookalike-face-ids.
#include "facecatalog.h"
#include "facegridmodel.h"
#include "faceidsmime.h"
#include "thumbnailcache.h"
#include "uitestsupport.h"
#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike;
using namespace lookalike::ui;

namespace {

std::vector<FaceGridModel::Row> rows(std::initializer_list<qint64> ids)
{
    std::vector<FaceGridModel::Row> out;
    for (qint64 id : ids)
        out.push_back({id, NAN});
    return out;
}

std::vector<qint64> ids(const FaceGridModel& model)
{
    std::vector<qint64> out;
    for (const auto& r : model.rows())
        out.push_back(r.faceId);
    return out;
}

} // namespace

class TestFaceGridModel : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_library;

private slots:
    void initTestCase()
    {
        QStringList photos;
        for (int i = 0; i < 10; ++i)
            photos << m_dir.filePath(QStringLiteral("photo%1.jpg").arg(i));
        m_library = m_dir.filePath(QStringLiteral("lib.lookalike"));
        QVERIFY(test::makeSyntheticLibrary(m_library, photos, 1, {"Amy", "Raj"}));
    }

    void growingKeepsSelection()
    {
        FaceCatalog catalog;
        ThumbnailCache cache({});
        FaceGridModel model(&catalog, &cache);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QItemSelectionModel selection(&model);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setRows(rows({1, 2, 3}));
        selection.select(model.index(1), QItemSelectionModel::Select);
        const QPersistentModelIndex kept(model.index(2));
        reset.clear();

        model.setRows(rows({1, 2, 3, 4, 5})); // faces arrive during an import
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model.rowCount(), 5);
        QVERIFY(selection.isSelected(model.index(1)));
        QVERIFY(kept.isValid());
        QCOMPARE(kept.row(), 2);

        model.setRows(rows({1, 3, 5})); // a filter
        QCOMPARE(reset.count(), 0);
        QCOMPARE(ids(model), std::vector<qint64>({1, 3, 5}));
        QCOMPARE(kept.row(), 1);
        QVERIFY(selection.selectedIndexes().isEmpty()); // face 2 left

        model.setRows(rows({0, 1, 2, 3, 4, 5, 6})); // inserts at front, middle and end
        QCOMPARE(reset.count(), 0);
        QCOMPARE(ids(model), std::vector<qint64>({0, 1, 2, 3, 4, 5, 6}));
        QCOMPARE(kept.row(), 3);

        model.setRows(rows({6, 5, 4})); // another order: a reset
        QCOMPARE(reset.count(), 1);
        QCOMPARE(ids(model), std::vector<qint64>({6, 5, 4}));
        model.setRows({});
        QCOMPARE(model.rowCount(), 0);
    }

    void similaritiesUpdateInPlace()
    {
        FaceCatalog catalog;
        ThumbnailCache cache({});
        FaceGridModel model(&catalog, &cache);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows({{10, 0.9f}, {11, 0.8f}, {12, 0.5f}});
        QCOMPARE(model.index(0).data(FaceGridModel::SimilarityRole).toDouble(), double(0.9f));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setRows({{10, 0.9f}, {11, 0.8f}}); // minimum similarity raised
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(!model.index(0).data(FaceGridModel::FaceIdRole).isNull());
        model.setRows(rows({10}));
        QVERIFY(!model.index(0).data(FaceGridModel::SimilarityRole).isValid());
    }

    void dataComesFromTheCatalog()
    {
        FaceCatalog catalog;
        catalog.open(m_library);
        QTRY_VERIFY(catalog.isLoaded());
        ThumbnailCache cache({});
        FaceGridModel model(&catalog, &cache);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto all = catalog.ids();
        model.setRows({{all[0], 0.734f}, {all[1], 0.5f}});
        const QModelIndex first = model.index(0);
        QCOMPARE(first.data(FaceGridModel::FaceIdRole).toLongLong(), all[0]);
        QCOMPARE(first.data(FaceGridModel::LabelRole).toString(), QStringLiteral("Amy"));
        QCOMPARE(first.data(FaceGridModel::PathRole).toString(),
                 m_dir.filePath(QStringLiteral("photo0.jpg")));
        const QString tip = first.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("photo0.jpg")) &&
                     tip.contains(QStringLiteral("Amy")) && tip.contains(QStringLiteral("0.734")) &&
                     tip.contains(QStringLiteral("Detector score")),
                 qPrintable(tip));
        QVERIFY(model.flags(first) & Qt::ItemIsDragEnabled);
    }

    void dragsFaceIds()
    {
        FaceCatalog catalog;
        catalog.open(m_library);
        QTRY_VERIFY(catalog.isLoaded());
        ThumbnailCache cache({});
        FaceGridModel model(&catalog, &cache);
        const auto all = catalog.ids();
        model.setRows(rows({all[0], all[1], all[2]}));
        QVERIFY(model.mimeTypes().contains(FaceIdsMime::type()));
        std::unique_ptr<QMimeData> mime(model.mimeData({model.index(2), model.index(0)}));
        QVERIFY(mime);
        QCOMPARE(FaceIdsMime::decode(mime.get()), std::vector<qint64>({all[2], all[0]}));
        QVERIFY(mime->text().contains(QStringLiteral("photo2.jpg")));
        QVERIFY(!mime->hasUrls()); // a face dropped back on the window is not a photo query
    }
};

QTEST_MAIN(TestFaceGridModel)
#include "tst_facegridmodel.moc"
