// ReviewQueueModel: threshold filtering of the cached candidates, the reviewed rows in front,
// reopening and picking items, all under QAbstractItemModelTester.
#include "reviewqueuemodel.h"
#include <QAbstractItemModelTester>
#include <QtTest>

using namespace lookalike;
using lookalike::ui::ReviewQueueModel;

namespace {

ReviewItem item(qint64 suspect, qint64 evidence, float similarity, float own,
                ReviewKind kind = ReviewKind::CrossLabel)
{
    ReviewItem r;
    r.kind = kind;
    r.suspect.id = suspect;
    r.suspect.path = QStringLiteral("/photos/a/%1.jpg").arg(suspect);
    r.suspect.label = QStringLiteral("a");
    r.evidence.id = evidence;
    r.evidence.path = QStringLiteral("/photos/b/%1.jpg").arg(evidence);
    r.evidence.label = QStringLiteral("b");
    r.similarity = similarity;
    r.ownSupport = own;
    r.confidence = similarity - own;
    return r;
}

// Ranked by confidence, as ReviewFinder returns them.
std::vector<ReviewItem> candidates()
{
    return {item(1, 11, 0.90f, 0.10f), item(2, 12, 0.50f, 0.00f), item(3, 13, 0.70f, 0.30f),
            item(4, 14, 0.30f, 0.10f)};
}

} // namespace

class TestReviewQueueModel : public QObject {
    Q_OBJECT

private slots:
    void thresholdFiltersLive_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<float>("threshold");
        QTest::addColumn<int>("count");
        QTest::newRow("cross-label, all") << int(ReviewKind::CrossLabel) << 0.2f << 4;
        QTest::newRow("cross-label, >= 0.5") << int(ReviewKind::CrossLabel) << 0.5f << 3;
        QTest::newRow("cross-label, >= 0.8") << int(ReviewKind::CrossLabel) << 0.8f << 1;
        QTest::newRow("cross-label, none") << int(ReviewKind::CrossLabel) << 0.95f << 0;
        QTest::newRow("outlier, own <= 0.1") << int(ReviewKind::Outlier) << 0.1f << 3;
        QTest::newRow("outlier, own <= 0.0") << int(ReviewKind::Outlier) << 0.0f << 1;
    }

    void thresholdFiltersLive()
    {
        QFETCH(int, kind);
        QFETCH(float, threshold);
        QFETCH(int, count);
        ReviewQueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reset(ReviewKind(kind), 0.2f);
        model.setCandidates(candidates());
        QCOMPARE(model.countAt(threshold), count); // what the slider shows before letting go
        model.setThreshold(threshold);
        QCOMPARE(model.rowCount(), count);
        QCOMPARE(model.pendingCount(), count);
        for (int row = 1; row < model.rowCount(); ++row) // still in confidence order
            QVERIFY(model.index(row - 1).data(ReviewQueueModel::ConfidenceRole).toDouble() >=
                    model.index(row).data(ReviewQueueModel::ConfidenceRole).toDouble());
    }

    void reviewedRowsStayInFront()
    {
        ReviewQueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reset(ReviewKind::CrossLabel, 0.2f);
        model.setCandidates(candidates());
        QCOMPARE(model.current()->suspect.id, 1);
        QCOMPARE(model.index(0).data(ReviewQueueModel::StateRole).toInt(),
                 int(ReviewQueueModel::Current));

        model.completeCurrent(ReviewQueueModel::Done, QStringLiteral("moved"));
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.currentRow(), 1);
        QCOMPARE(model.current()->suspect.id, 2);
        QCOMPARE(model.index(0).data(ReviewQueueModel::StateRole).toInt(),
                 int(ReviewQueueModel::Done));
        QVERIFY(model.index(0).data().toString().contains(QStringLiteral("moved")));

        // A fresh queue (after the edit) still lists the reviewed pair once, in front.
        model.setCandidates(candidates());
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.itemAt(0)->suspect.id, 1);
        QCOMPARE(model.current()->suspect.id, 2);

        // The threshold hides pending rows only.
        model.setThreshold(0.95f);
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(!model.current());
    }

    void reopenedItemIsCurrentWhateverTheThreshold()
    {
        ReviewQueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reset(ReviewKind::CrossLabel, 0.6f);
        model.setCandidates(candidates());
        model.completeCurrent(ReviewQueueModel::Skipped, QStringLiteral("Skipped"));
        model.completeCurrent(ReviewQueueModel::Done, QStringLiteral("Done"));
        QCOMPARE(model.reviewedCount(), 2);
        model.setThreshold(0.95f);
        QVERIFY(model.reopenLast());
        QCOMPARE(model.current()->suspect.id, 3);
        QCOMPARE(model.currentRow(), 1);
        model.setCandidates(candidates()); // the re-read after an undo keeps it current
        QCOMPARE(model.current()->suspect.id, 3);
        QVERIFY(model.reopenLast());
        QCOMPARE(model.current()->suspect.id, 1);
        QCOMPARE(model.currentRow(), 0);
        QVERIFY(!model.reopenLast());
    }

    void pickingAnItemMakesItCurrent()
    {
        ReviewQueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reset(ReviewKind::CrossLabel, 0.2f);
        model.setCandidates(candidates());
        model.makeCurrent(3);
        QCOMPARE(model.current()->suspect.id, 4);
        QCOMPARE(model.rowCount(), 4);
        model.completeCurrent(ReviewQueueModel::Done, QString());
        QCOMPARE(model.current()->suspect.id, 1); // back to rank order
        QCOMPARE(model.pendingItems().size(), size_t(3));
    }

    void keysIgnoreOrderAndUsePhotosWithoutFaces()
    {
        QCOMPARE(ReviewQueueModel::keyOf(item(5, 9, 1, 0)),
                 ReviewQueueModel::keyOf(item(9, 5, 1, 0)));
        ReviewItem photos;
        photos.kind = ReviewKind::SamePhoto;
        photos.suspect.imageId = 7;
        photos.evidence.imageId = 3;
        QCOMPARE(ReviewQueueModel::keyOf(photos), ReviewQueueModel::Key(-7, -3));
    }
};

QTEST_MAIN(TestReviewQueueModel)
#include "tst_reviewqueuemodel.moc"
