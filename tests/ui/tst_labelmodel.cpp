// LabelModel: "All faces", "Unlabelled", then people with counts; filter text; counts
// update in place, new people reset the model.
#include "facecatalog.h"
#include "labelmodel.h"
#include "uitestsupport.h"
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike;
using namespace lookalike::ui;

class TestLabelModel : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QStringList photos(const QString& prefix, int n)
    {
        QStringList out;
        for (int i = 0; i < n; ++i)
            out << m_dir.filePath(prefix + QString::number(i) + QStringLiteral(".jpg"));
        return out;
    }

private slots:
    void rowsAndCounts()
    {
        const QString lib = m_dir.filePath(QStringLiteral("a.lookalike"));
        QVERIFY(test::makeSyntheticLibrary(lib, photos("a", 6), 1, {"raj", "Amy", ""}));
        FaceCatalog catalog;
        LabelModel model(&catalog);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 1); // All faces, empty
        catalog.open(lib);
        QTRY_VERIFY(catalog.isLoaded());
        model.refresh();
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.columnCount(), 2);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("All faces"));
        QCOMPARE(model.index(0, 1).data(LabelModel::CountRole).toLongLong(), 6);
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("Unlabelled"));
        QCOMPARE(model.index(2, 0).data().toString(),
                 QStringLiteral("Amy")); // case-insensitive order
        QCOMPARE(model.index(3, 0).data().toString(), QStringLiteral("raj"));
        QCOMPARE(model.index(3, 1).data().toString(), QStringLiteral("2"));
        QVERIFY(model.filterAt(2) == LabelFilter::label(QStringLiteral("Amy")));
        QVERIFY(model.filterAt(1) == LabelFilter::unlabelled());
        QCOMPARE(model.rowOf(LabelFilter::label(QStringLiteral("raj"))), 3);
    }

    void filterTextKeepsTheFixedRows()
    {
        const QString lib = m_dir.filePath(QStringLiteral("b.lookalike"));
        QVERIFY(test::makeSyntheticLibrary(lib, photos("b", 4), 1,
                                           {"Sheldon", "Stuart", "Penny", "Howard"}));
        FaceCatalog catalog;
        catalog.open(lib);
        QTRY_VERIFY(catalog.isLoaded());
        LabelModel model(&catalog);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 5);
        model.setFilterText(QStringLiteral("st"));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("Stuart"));
        model.setFilterText({});
        QCOMPARE(model.rowCount(), 5);
    }

    void countChangesDoNotReset()
    {
        const QString lib = m_dir.filePath(QStringLiteral("c.lookalike"));
        QVERIFY(test::makeSyntheticLibrary(lib, photos("c", 2), 1, {"Amy"}));
        FaceCatalog catalog;
        catalog.open(lib);
        QTRY_VERIFY(catalog.isLoaded());
        LabelModel model(&catalog);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(test::makeSyntheticLibrary(lib, photos("d", 3), 1, {"Amy"}));
        catalog.refresh();
        QTRY_COMPARE(catalog.count(), 5);
        model.refresh();
        QCOMPARE(reset.count(), 0);
        QVERIFY(changed.count() >= 1);
        QCOMPARE(model.index(1, 1).data(LabelModel::CountRole).toLongLong(), 5);
        QVERIFY(test::makeSyntheticLibrary(lib, photos("e", 1), 1, {"Leonard"}));
        catalog.refresh();
        QTRY_COMPARE(catalog.count(), 6);
        model.refresh();
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 3);
    }
};

QTEST_MAIN(TestLabelModel)
#include "tst_labelmodel.moc"
