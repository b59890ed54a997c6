// Same-object search on the command line: training the codebook that ships in models/, and
// its benchmark (lookalike-cli bench objects).
#include "cli.h"
#include "modelregistry.h"
#include "objectbenchmark.h"
#include "objectphotos.h"
#include "parser.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QSaveFile>

namespace lookalike::cli {

int runTrainCodebook(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("OUTPUT"),
                                 QStringLiteral("The codebook file to write."));
    parser.addPositionalArgument(QStringLiteral("FOLDER"),
                                 QStringLiteral("Photos to learn from (one or more)."),
                                 QStringLiteral("FOLDER..."));
    const QCommandLineOption clusters(QStringLiteral("clusters"), QStringLiteral("Visual words."),
                                      QStringLiteral("N"), QStringLiteral("64"));
    const QCommandLineOption dimension(QStringLiteral("dimension"),
                                       QStringLiteral("Descriptor length after PCA."),
                                       QStringLiteral("N"), QStringLiteral("32"));
    const QCommandLineOption limit(QStringLiteral("max-descriptors"),
                                   QStringLiteral("Descriptors used at most (every m-th kept)."),
                                   QStringLiteral("N"), QStringLiteral("150000"));
    parser.addOptions({clusters, dimension, limit});
    if (auto code = parseArguments(
            parser, args, -1,
            QStringLiteral(
                "Learns the same-object codebook (RootSIFT PCA and visual words) from the "
                "photos in FOLDERs, deterministically: the same photos give the same file. "
                "The shipped models/object-codebook.bin is made by packaging/train-codebook.sh.")))
        return *code;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() < 2)
        return usage(QStringLiteral("train-codebook needs OUTPUT and at least one FOLDER"));
    QString error;
    const auto k = intOption(parser, QStringLiteral("clusters"), 2, 4096, &error);
    const auto r = intOption(parser, QStringLiteral("dimension"), 2, 128, &error);
    const auto m = intOption(parser, QStringLiteral("max-descriptors"), 1000, 100000000, &error);
    if (!k || !r || !m)
        return usage(error);
    ObjectCodebook::TrainOptions train;
    train.clusters = *k;
    train.reducedDimension = *r;
    QElapsedTimer clock;
    clock.start();
    qint64 photos = 0, descriptors = 0;
    auto codebook = ObjectPhotos::trainCodebook(
        positional.mid(1), train, LocalFeatureExtractor::Options{}, *m, &photos, &descriptors);
    if (!codebook)
        return fail(codebook.error());
    const QByteArray bytes = codebook->toBytes();
    QSaveFile out(positional[0]);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(positional[0], out.errorString()));
    printJson(QJsonObject{
        {QStringLiteral("file"), positional[0]},
        {QStringLiteral("size"), bytes.size()},
        {QStringLiteral("sha256"),
         QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex())},
        {QStringLiteral("photos"), photos},
        {QStringLiteral("descriptors"), descriptors},
        {QStringLiteral("clusters"), *k},
        {QStringLiteral("dimension"), *r},
        {QStringLiteral("seconds"), clock.nsecsElapsed() / 1e9}});
    return Success;
}

int benchObjects(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("SMVS"),
                                 QStringLiteral("The smvs-dev folder (queries.tsv, dvd_covers/)."));
    parser.addPositionalArgument(QStringLiteral("DISTRACTORS"),
                                 QStringLiteral("Folders of unrelated photos."),
                                 QStringLiteral("[DISTRACTORS...]"));
    const QCommandLineOption limit(
        QStringLiteral("distractors"),
        QStringLiteral("Distractor photos at most (evenly chosen), 0: all."), QStringLiteral("N"),
        QStringLiteral("0"));
    const QCommandLineOption scale(
        QStringLiteral("scale"),
        QStringLiteral("Library size for the timing at scale (synthetic filler)."),
        QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption candidates(
        QStringLiteral("candidates"),
        QStringLiteral("VLAD candidates re-ranked (default: the manifest's)."), QStringLiteral("N"),
        QStringLiteral("-1"));
    const QCommandLineOption queries(
        QStringLiteral("queries"),
        QStringLiteral("Only N of the phone photos (evenly chosen), 0: all."), QStringLiteral("N"),
        QStringLiteral("0"));
    const QCommandLineOption factory(
        QStringLiteral("factory"),
        QStringLiteral("FAISS factory of the VLAD index (default: the library's, SQ8; Flat to compare)."),
        QStringLiteral("F"), QString());
    const QCommandLineOption passSample(
        QStringLiteral("pass-photos"),
        QStringLiteral("Library photos the object pass cost is measured on (default 100)."),
        QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption libraryFile(
        QStringLiteral("library"),
        QStringLiteral("With --scale: also write (once) a library file of that many photos and "
                       "query it as the app does (cache built from SQLite, keypoints read from it)."),
        QStringLiteral("FILE"), QString());
    parser.addOptions({limit, scale, candidates, queries, factory, passSample, libraryFile});
    if (auto code = parseArguments(
            parser, args, -1,
            QStringLiteral(
                "Same object, another photo: SMVS phone photos of DVD covers against the clean "
                "scans among distractors. Precision@1 with and without the keypoint re-rank, "
                "query times, and the same at --scale photos.")))
        return *code;
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usage(QStringLiteral("bench objects needs the smvs-dev folder"));
    QString error;
    const auto l = intOption(parser, QStringLiteral("distractors"), 0, 10000000, &error);
    const auto s = intOption(parser, QStringLiteral("scale"), 0, 10000000, &error);
    const auto c = intOption(parser, QStringLiteral("candidates"), -1, 10000, &error);
    const auto q = intOption(parser, QStringLiteral("queries"), 0, 100000, &error);
    const auto p = intOption(parser, QStringLiteral("pass-photos"), 0, 100000, &error);
    if (!l || !s || !c || !q || !p)
        return usage(error);
    auto registry = ModelRegistry::load();
    if (!registry)
        return fail(registry.error());
    ObjectBenchmark::Options options;
    options.smvs = positional[0];
    options.distractors = positional.mid(1);
    options.distractorLimit = *l;
    options.scale = *s;
    options.candidates = *c;
    options.queryLimit = *q;
    options.factory = parser.value(factory);
    options.passSample = *p;
    options.libraryFile = parser.value(libraryFile);
    auto result = ObjectBenchmark::run(*registry, options, &g_cancel);
    if (!result)
        return fail(result.error());
    printJson(*result);
    return Success;
}

} // namespace lookalike::cli
