// LabelModel: "All faces", "Unlabelled", then people with counts; filter text; counts
// update in place and people that come or go are inserted and removed, never a reset; after
// any change the rows equal a model built afresh.
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
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.refresh();
        QCOMPARE(reset.count(), 0); // a new person is a row inserted
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(2, 0).data().toString(), QStringLiteral("Leonard"));
    }

    // The rows a model shows: (name, count) of each.
    static QList<QPair<QString, qint64>> rowsOf(const LabelModel& model)
    {
        QList<QPair<QString, qint64>> out;
        for (int row = 0; row < model.rowCount(); ++row)
            out.append({model.index(row, 0).data().toString(),
                        model.index(row, 1).data(LabelModel::CountRole).toLongLong()});
        return out;
    }

    void aChangeUpdatesOnlyTheRowsItTouches()
    {
        // Eight labels of 3 faces each (24 faces); relabelling faces changes two counts, or
        // brings or takes away a row: the model says so for those rows alone, and ends as a
        // model built afresh from the catalog.
        const QString lib = m_dir.filePath(QStringLiteral("f.lookalike"));
        QVERIFY(test::makeSyntheticLibrary(lib, photos("f", 24), 1,
                                           {"Amy", "Bernadette", "Howard", "Leonard", "Penny",
                                            "Raj", "Sheldon", "Stuart"}));
        FaceCatalog catalog;
        catalog.open(lib);
        QTRY_VERIFY(catalog.isLoaded() && !catalog.isLoading());
        LabelModel model(&catalog);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 9);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        auto same = [&] {
            LabelModel fresh(&catalog);
            return rowsOf(model) == rowsOf(fresh);
        };

        // One face of Howard's to Raj: the two counts change, nothing else.
        const qint64 howard = catalog.idsWithLabel(QStringLiteral("Howard")).front();
        catalog.setLabel({howard}, QStringLiteral("Raj"));
        model.refresh();
        QVERIFY(same());
        QCOMPARE(changed.count(), 2);
        for (const QList<QVariant>& signal : changed) {
            const auto from = signal[0].value<QModelIndex>(), to = signal[1].value<QModelIndex>();
            QCOMPARE(from.row(), to.row());
            const QString name = from.data().toString();
            QVERIFY2(name == QStringLiteral("Howard") || name == QStringLiteral("Raj"), qPrintable(name));
        }
        QCOMPARE(inserted.count() + removed.count() + reset.count(), 0);

        // Every face of Leonard's to a new name after him: Leonard's row goes, Mary's comes.
        changed.clear();
        catalog.setLabel(catalog.idsWithLabel(QStringLiteral("Leonard")), QStringLiteral("Mary"));
        model.refresh();
        QVERIFY(same());
        QCOMPARE(removed.count() + inserted.count(), 2);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(model.rowOf(LabelFilter::label(QStringLiteral("Mary"))), 4);
        QCOMPARE(model.rowOf(LabelFilter::label(QStringLiteral("Leonard"))), -1);

        // A face without a label: "Unlabelled" appears after "All faces".
        catalog.setLabel({catalog.idsWithLabel(QStringLiteral("Amy")).front()}, QString());
        model.refresh();
        QVERIFY(same());
        QVERIFY(model.filterAt(1) == LabelFilter::unlabelled());

        // A filter text and back.
        model.setFilterText(QStringLiteral("ar"));
        QCOMPARE(model.rowCount(), 5); // All faces, Unlabelled, Howard, Mary, Stuart
        model.setFilterText({});
        QVERIFY(same());
        QCOMPARE(reset.count(), 0);
    }
};

QTEST_MAIN(TestLabelModel)
#include "tst_labelmodel.moc"
