#include "modelregistry.h"
#include "testdata.h"
#include "verificationbenchmark.h"

#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace lookalike;

using Pair = VerificationBenchmark::Pair;

class TestVerification : public QObject {
    Q_OBJECT

public:
    // Embedding 3,443 LFW photos takes about a minute on two idle cores and several on a
    // busy machine: raise QtTest's 5-minute watchdog to CTest's timeout. QtTest reads the
    // variable when the first test function starts.
    TestVerification()
    {
        if (!qEnvironmentVariableIsSet("QTEST_FUNCTION_TIMEOUT"))
            qputenv("QTEST_FUNCTION_TIMEOUT", "900000");
    }

private slots:
    void readsLfwPairList();
    void bestThresholdSeparates();
    void crossValidationOnSeparableScores();
    void crossValidationCountsMistakes();
    void lfwAccuracy();
};

void TestVerification::readsLfwPairList()
{
    QTemporaryDir dir;
    QFile file(dir.filePath("pairs.txt"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("2\nAaron_Peirsol\t1\t2\nAbdullah_Gul\t13\tAlan_Ball\t2\n");
    file.close();
    const auto pairs = VerificationBenchmark::readPairs(file.fileName(), "/lfw/images");
    QVERIFY2(pairs, qPrintable(pairs.error()));
    QCOMPARE(pairs->size(), size_t(2));
    QCOMPARE((*pairs)[0].first, QString("/lfw/images/Aaron_Peirsol/Aaron_Peirsol_0001.jpg"));
    QCOMPARE((*pairs)[0].second, QString("/lfw/images/Aaron_Peirsol/Aaron_Peirsol_0002.jpg"));
    QVERIFY((*pairs)[0].same);
    QCOMPARE((*pairs)[1].first, QString("/lfw/images/Abdullah_Gul/Abdullah_Gul_0013.jpg"));
    QCOMPARE((*pairs)[1].second, QString("/lfw/images/Alan_Ball/Alan_Ball_0002.jpg"));
    QVERIFY(!(*pairs)[1].same);
    QVERIFY(!VerificationBenchmark::readPairs(dir.filePath("absent.txt"), "/lfw/images"));
}

void TestVerification::bestThresholdSeparates()
{
    const std::vector<float> similarity{0.1f, 0.2f, 0.5f, 0.7f};
    const std::vector<bool> same{false, false, true, true};
    QVERIFY(std::abs(VerificationBenchmark::bestThreshold(similarity, same) - 0.35) < 1e-6);
}

void TestVerification::crossValidationOnSeparableScores()
{
    std::vector<Pair> pairs;
    std::vector<float> similarity;
    for (int i = 0; i < 100; ++i) {
        const bool same = i < 50;
        pairs.push_back({{}, {}, same});
        similarity.push_back(same ? 0.5f + i * 0.001f : 0.1f + i * 0.001f);
    }
    const auto report = VerificationBenchmark::crossValidate(pairs, similarity, 10);
    QCOMPARE(report.foldAccuracies.size(), size_t(10));
    QCOMPARE(report.accuracy, 1.0);
    QVERIFY(report.threshold > 0.2 && report.threshold < 0.5);
}

// One different pair scored like the same pairs costs its fold one mistake in ten.
void TestVerification::crossValidationCountsMistakes()
{
    std::vector<Pair> pairs;
    std::vector<float> similarity;
    for (int i = 0; i < 100; ++i) {
        const bool same = i < 50;
        pairs.push_back({{}, {}, same});
        similarity.push_back(same ? 0.8f : 0.1f);
    }
    similarity[99] = 0.9f;
    const auto report = VerificationBenchmark::crossValidate(pairs, similarity, 10);
    QCOMPARE(report.accuracy, 0.99);
    QCOMPARE(report.foldAccuracies.back(), 0.9);
}

void TestVerification::lfwAccuracy()
{
    REQUIRE_TEST_DATA("faces/lfw-devtrain/pairsDevTrain.txt");
    const auto registry = ModelRegistry::load();
    QVERIFY2(registry, qPrintable(registry.error()));
    VerificationBenchmark::Options options;
    options.threads = std::max(1, QThread::idealThreadCount());
    const auto report =
        VerificationBenchmark::run(*registry, test::dataPath("faces/lfw-devtrain"), {}, options);
    if (!report && report.error().contains(ModelRegistry::fixCommand()))
        QSKIP(qPrintable(report.error()));
    QVERIFY2(report, qPrintable(report.error()));
    qInfo("LFW pairsDevTrain: accuracy %.2f%% +- %.2f, threshold %.3f, %d pairs, %d photos, "
          "%d without a detected face, %.1f ms per photo per thread, %.0f s",
          report->accuracy * 100, report->accuracyStdDev * 100, report->threshold, report->pairs,
          report->images, report->fallbacks, report->msPerImage, report->seconds);
    QCOMPARE(report->failures, 0);
    QVERIFY2(report->accuracy >= 0.985, qPrintable(QString::number(report->accuracy)));
}

QTEST_GUILESS_MAIN(TestVerification)
#include "tst_verification.moc"
