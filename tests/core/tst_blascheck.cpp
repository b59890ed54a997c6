#include "blascheck.h"

#include <QtTest>

using namespace lookalike;

class TestBlasCheck : public QObject {
    Q_OBJECT

private slots:
    void findsTheLoadedBlas()
    {
        const BlasInfo info = checkBlas();
        QVERIFY2(!info.library.isEmpty(), "sgemm_ should resolve: FAISS links a BLAS");
        QVERIFY(!info.name.isEmpty());
        QCOMPARE(info.advice.isEmpty(), info.optimized);
        qInfo().noquote() << "BLAS:" << info.name << "from" << info.library;
    }

    void describes_data()
    {
        QTest::addColumn<QString>("library");
        QTest::addColumn<QString>("version");
        QTest::addColumn<bool>("optimized");
        QTest::newRow("openblas") << "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"
                                  << "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX" << true;
        QTest::newRow("reference")
            << "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0" << QString() << false;
        QTest::newRow("none") << QString() << QString() << false;
    }

    void describes()
    {
        QFETCH(QString, library);
        QFETCH(QString, version);
        QFETCH(bool, optimized);
        const BlasInfo info = describeBlas(library, version);
        QCOMPARE(info.optimized, optimized);
        QCOMPARE(info.library, library);
        QCOMPARE(info.advice.isEmpty(), optimized);
        if (optimized)
            QCOMPARE(info.name, version);
    }

    void referenceAdviceIsActionable()
    {
        const QString path = QStringLiteral("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0");
        const BlasInfo info = describeBlas(path, {});
        QVERIFY(info.advice.contains(path));
        QVERIFY(info.advice.contains(QLatin1String("bash packaging/setup.sh deps")));
        QVERIFY(info.advice.contains(QLatin1String("update-alternatives --set libblas.so.3")));
    }

    void setsOpenmpThreadsPerThread()
    {
        const int before = openmpThreads();
        setComputeThreads(0, 1);
        QCOMPARE(openmpThreads(), 1);
        setComputeThreads(0, before);
        QCOMPARE(openmpThreads(), before);
    }

    void scopedBlasThreadsRestore()
    {
        const int before = blasThreads();
        if (before < 0)
            QSKIP("this BLAS cannot report its threads");
        {
            ScopedBlasThreads single(1);
            QCOMPARE(blasThreads(), 1);
        }
        QCOMPARE(blasThreads(), before);
    }
};

QTEST_GUILESS_MAIN(TestBlasCheck)
#include "tst_blascheck.moc"
