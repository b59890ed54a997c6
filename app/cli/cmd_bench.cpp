// lookalike-cli bench: the figures behind the README's claims. Each prints one JSON object.
#include "blascheck.h"
#include "cli.h"
#if __has_include("benchmarks.h")
#include "benchmarks.h"
#define LOOKALIKE_HAVE_GRAPH_BENCH 1
#endif
#include "indexer.h"
#include "librarybenchmark.h"
#include "library.h"
#include "mapbenchmark.h"
#include "modelregistry.h"
#include "parser.h"
#include "searcher.h"
#include "syntheticvectors.h"
#include "verificationbenchmark.h"
#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <algorithm>
#include <sys/resource.h>

namespace lookalike::cli {

namespace {

double peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

QJsonObject blasJson()
{
    const BlasInfo blas = checkBlas();
    if (!blas.optimized)
        info(QStringLiteral("warning: ") + blas.advice);
    return QJsonObject{{QStringLiteral("optimized"), blas.optimized}, {QStringLiteral("name"), blas.name}};
}

int benchVerify(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("LFW"), QStringLiteral("LFW folder with images/ and pairsDevTrain.txt."));
    const QCommandLineOption threads(QStringLiteral("threads"), QStringLiteral("Worker threads."), QStringLiteral("N"), QStringLiteral("2"));
    const QCommandLineOption noFlip(QStringLiteral("no-flip"), QStringLiteral("Embed the face only, not also its mirror image."));
    parser.addOptions({threads, noFlip});
    if (auto code = parseArguments(parser, args, 1,
                                   QStringLiteral("Face verification accuracy on an LFW pair list, 10-fold, cosine.")))
        return *code;
    QString error;
    const auto n = intOption(parser, QStringLiteral("threads"), 1, 64, &error);
    if (!n)
        return usage(error);
    auto registry = ModelRegistry::load();
    if (!registry)
        return fail(registry.error());
    VerificationBenchmark::Options options;
    options.threads = *n;
    options.pipeline.flipAverage = !parser.isSet(noFlip);
    auto report = VerificationBenchmark::run(*registry, parser.positionalArguments()[0], {}, options);
    if (!report)
        return fail(report.error());
    QJsonArray folds;
    for (double a : report->foldAccuracies)
        folds.append(a);
    printJson(QJsonObject{{QStringLiteral("benchmark"), QStringLiteral("verify")},
                          {QStringLiteral("accuracy"), report->accuracy},
                          {QStringLiteral("accuracy_stddev"), report->accuracyStdDev},
                          {QStringLiteral("threshold"), report->threshold},
                          {QStringLiteral("folds"), folds},
                          {QStringLiteral("pairs"), report->pairs},
                          {QStringLiteral("images"), report->images},
                          {QStringLiteral("fallbacks"), report->fallbacks},
                          {QStringLiteral("failures"), report->failures},
                          {QStringLiteral("flip_average"), options.pipeline.flipAverage},
                          {QStringLiteral("ms_per_image_per_thread"), report->msPerImage},
                          {QStringLiteral("seconds"), report->seconds}});
    return Success;
}

// Links the first `limit` photos of `folder` (sorted) into `into`, keeping subfolders.
int linkSubset(const QString& relativeFolder, const QString& into, int limit)
{
    const QString folder = QFileInfo(relativeFolder).absoluteFilePath(); // links must not be relative
    QStringList files;
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    int linked = 0;
    for (const QString& file : files.mid(0, limit)) {
        const QString target = into + QLatin1Char('/') + QDir(folder).relativeFilePath(file);
        QDir().mkpath(QFileInfo(target).absolutePath());
        linked += QFile::link(file, target) ? 1 : 0;
    }
    return linked;
}

QJsonObject indexOnce(const ModelRegistry& registry, const QString& folder, int threads, bool fast, bool* ok)
{
    QTemporaryDir dir;
    Indexer::Options options;
    options.threads = threads;
    options.faces.flipAverage = !fast;
    auto summary = Indexer(registry).run(dir.filePath(QStringLiteral("bench.db")), folder, options, &g_cancel);
    *ok = summary.ok();
    if (!summary) {
        fail(summary.error());
        return {};
    }
    const double s = std::max(summary->seconds, 1e-6);
    return QJsonObject{{QStringLiteral("threads"), threads},
                       {QStringLiteral("flip_average"), !fast},
                       {QStringLiteral("images"), summary->imagesIndexed + summary->imagesFailed},
                       {QStringLiteral("faces"), summary->faces},
                       {QStringLiteral("seconds"), summary->seconds},
                       {QStringLiteral("images_per_second"), (summary->imagesIndexed + summary->imagesFailed) / s},
                       {QStringLiteral("faces_per_second"), summary->faces / s},
                       {QStringLiteral("peak_rss_mb"), peakRssMb()}};
}

int benchIndex(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FOLDER"), QStringLiteral("Photos to index (into a temporary library)."));
    const QCommandLineOption threads(QStringLiteral("threads"), QStringLiteral("Thread counts to measure, e.g. 1,2."),
                                     QStringLiteral("LIST"), QStringLiteral("1,2"));
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("Only the first N photos (sorted by path)."),
                                   QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption fast(QStringLiteral("fast"), QStringLiteral("As index --fast: no mirror-image average."));
    parser.addOptions({threads, limit, fast});
    if (auto code = parseArguments(parser, args, 1,
                                   QStringLiteral("Indexing throughput (photos/s, faces/s) and peak memory, each thread "
                                                  "count in a fresh process and a fresh library.")))
        return *code;
    QString error;
    const auto limitValue = intOption(parser, QStringLiteral("limit"), 0, 100000000, &error);
    if (!limitValue)
        return usage(error);
    QString folder = parser.positionalArguments()[0];
    QTemporaryDir subset;
    if (*limitValue > 0) {
        if (linkSubset(folder, subset.path(), *limitValue) == 0)
            return fail(QStringLiteral("no photos in %1").arg(folder));
        folder = subset.path();
    }
    const QStringList counts = parser.value(threads).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (counts.size() == 1) { // measure here, in this process
        auto registry = ModelRegistry::load();
        if (!registry)
            return fail(registry.error());
        bool ok = false;
        const QJsonObject run = indexOnce(*registry, folder, counts[0].toInt(), parser.isSet(fast), &ok);
        if (!ok)
            return Failure;
        printJson(run);
        return Success;
    }
    QJsonArray runs;
    for (const QString& count : counts) { // one process per thread count: honest peak memory
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QStringList childArgs{QStringLiteral("bench"), QStringLiteral("index"), folder, QStringLiteral("--threads"), count};
        if (parser.isSet(fast))
            childArgs << QStringLiteral("--fast");
        child.start(QCoreApplication::applicationFilePath(), childArgs);
        child.waitForFinished(-1);
        if (child.exitCode() != 0)
            return fail(QStringLiteral("the %1-thread run failed").arg(count));
        runs.append(QJsonDocument::fromJson(child.readAllStandardOutput()).object());
    }
    printJson(QJsonObject{{QStringLiteral("benchmark"), QStringLiteral("index")},
                          {QStringLiteral("folder"), parser.positionalArguments()[0]},
                          {QStringLiteral("runs"), runs}});
    return Success;
}

// One measurement of bench query in this process (the child of the runs below).
int benchQueryOnce(const QCommandLineParser& parser, const QString& library, int repeats)
{
    auto registry = ModelRegistry::load();
    if (!registry)
        return fail(registry.error());
    OpenQueryOptions options;
    options.library = library;
    options.image = parser.positionalArguments()[0];
    options.repeats = repeats;
    options.cold = parser.value(QStringLiteral("measure")) == QLatin1String("cold");
    auto figures = benchOpenAndQuery(*registry, options);
    if (!figures)
        return fail(figures.error());
    printJson(*figures);
    return Success;
}

int benchQuery(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("IMAGE"), QStringLiteral("The photo to query, as if dropped on the window."));
    const QCommandLineOption faces(QStringLiteral("faces"), QStringLiteral("Faces in the synthetic library."),
                                   QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption repeats(QStringLiteral("repeats"), QStringLiteral("Warm queries to time."),
                                     QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption libraryOption(QStringLiteral("library"),
                                           QStringLiteral("Keep the synthetic library in FILE and reuse it when it "
                                                          "exists (writing 1,000,000 faces takes minutes)."),
                                           QStringLiteral("FILE"));
    const QCommandLineOption caches(QStringLiteral("cache"),
                                    QStringLiteral("Runs to make: cold (the index cache removed first, so the open "
                                                   "builds it), warm (a valid cache), or both."),
                                    QStringLiteral("LIST"), QStringLiteral("cold,warm"));
    QCommandLineOption measure(QStringLiteral("measure"), QStringLiteral("Internal: one run, cold or warm."),
                                     QStringLiteral("CACHE"));
    measure.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({faces, repeats, libraryOption, caches, measure});
    if (auto code = parseArguments(parser, args, 1,
                                   QStringLiteral("Opening a library of N faces cold (its index built) and warm (its "
                                                  "index cache read), then the latency of one dropped photo (decode, "
                                                  "detect, embed, search), recall@10 against an exact scan and peak "
                                                  "memory; each in a fresh process.")))
        return *code;
    QString error;
    const auto n = intOption(parser, QStringLiteral("faces"), 1, 10000000, &error);
    const auto r = intOption(parser, QStringLiteral("repeats"), 1, 10000, &error);
    if (!n || !r)
        return usage(error);
    QTemporaryDir dir;
    const QString db = parser.isSet(libraryOption) ? parser.value(libraryOption) : dir.filePath(QStringLiteral("query.db"));
    if (parser.isSet(measure))
        return benchQueryOnce(parser, db, *r);
    const QJsonObject blas = blasJson();
    double buildLibrary = 0;
    if (!QFileInfo::exists(db)) {
        auto registry = ModelRegistry::load();
        if (!registry)
            return fail(registry.error());
        QElapsedTimer clock;
        clock.start();
        info(QStringLiteral("writing %1 synthetic faces to %2").arg(*n).arg(db));
        if (Status s = makeSyntheticLibrary(db, *n, registry->idForTask(QStringLiteral("face-embedding"))); !s)
            return fail(s.error());
        buildLibrary = clock.elapsed() / 1000.0;
    }
    QJsonObject out{{QStringLiteral("benchmark"), QStringLiteral("query")},
                    {QStringLiteral("build_library_seconds"), buildLibrary},
                    {QStringLiteral("blas"), blas}};
    for (const QString& cache : parser.value(caches).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (cache != QLatin1String("cold") && cache != QLatin1String("warm"))
            return usage(QStringLiteral("--cache takes cold and warm, not \"%1\"").arg(cache));
        QProcess child; // one process per run: honest peak memory
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("bench"), QStringLiteral("query"), parser.positionalArguments()[0],
                     QStringLiteral("--library"), db, QStringLiteral("--repeats"), QString::number(*r),
                     QStringLiteral("--measure"), cache});
        child.waitForFinished(-1);
        if (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0)
            return fail(QStringLiteral("the %1 run failed").arg(cache));
        const QJsonObject run = QJsonDocument::fromJson(child.readAllStandardOutput()).object();
        out.insert(cache, run);
        out.insert(QStringLiteral("library_faces"), run.value(QStringLiteral("index")));
    }
    printJson(out);
    return Success;
}

// bench dupes and bench search: a synthetic-vector benchmark from core/bench/benchmarks.h, run on
// N faces and printed with the BLAS in use.
int benchSynthetic(const QStringList& args, const QString& name, qint64 defaultFaces,
                   const QString& description, QJsonObject (*run)(qint64))
{
    QCommandLineParser parser;
    const QCommandLineOption faces(QStringLiteral("faces"), QStringLiteral("Synthetic faces (clustered unit vectors)."),
                                   QStringLiteral("N"), QString::number(defaultFaces));
    parser.addOption(faces);
    if (auto code = parseArguments(parser, args, 0, description))
        return *code;
    QString error;
    const auto n = intOption(parser, QStringLiteral("faces"), 100, 10000000, &error);
    if (!n)
        return usage(error);
    const QJsonObject blas = blasJson();
    if (!run)
        return fail(QStringLiteral("bench %1 is not built").arg(name));
    QJsonObject out = run(*n);
    out.insert(QStringLiteral("benchmark"), name);
    out.insert(QStringLiteral("blas"), blas);
    printJson(out);
    return Success;
}

#ifdef LOOKALIKE_HAVE_GRAPH_BENCH
constexpr auto kGraphBench = &benchNeighbourGraphJson;
constexpr auto kSearchBench = &benchQueryJson;
constexpr auto kReviewBench = &benchReviewJson;
#else
constexpr QJsonObject (*kGraphBench)(qint64) = nullptr;
constexpr QJsonObject (*kSearchBench)(qint64) = nullptr;
constexpr QJsonObject (*kReviewBench)(qint64) = nullptr;
#endif

int benchDupes(const QStringList& args)
{
    return benchSynthetic(args, QStringLiteral("dupes"), 56000,
                          QStringLiteral("All-pairs nearest neighbours as dupes runs them: seconds (training "
                                         "included) and recall of the true top-10, with the probe curve."),
                          kGraphBench);
}

int benchSearch(const QStringList& args)
{
    return benchSynthetic(args, QStringLiteral("search"), 100000,
                          QStringLiteral("Single-query latency and recall of the search index alone, exact "
                                         "and approximate, on N synthetic faces."),
                          kSearchBench);
}

int benchReview(const QStringList& args)
{
    return benchSynthetic(args, QStringLiteral("review"), 50000,
                          QStringLiteral("The review finder (cross-label, outlier, same photo), suggestions and "
                                         "people clustering over a library of N synthetic faces with planted "
                                         "misfiles: seconds and how many were found."),
                          kReviewBench);
}

int benchPhotoMap(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption photos(QStringLiteral("photos"),
                                    QStringLiteral("The photos of this library (their look vectors)."),
                                    QStringLiteral("LIBRARY"));
    parser.addOption(photos);
    if (auto code = parseArguments(parser, args, 0, QStringLiteral("The photos' map: seconds and neighbours kept.")))
        return *code;
    const QJsonObject blas = blasJson();
    QJsonObject out = benchPhotoMapJson(parser.value(photos));
    if (out.contains(QStringLiteral("error")))
        return fail(out.value(QStringLiteral("error")).toString());
    out.insert(QStringLiteral("benchmark"), QStringLiteral("map"));
    out.insert(QStringLiteral("blas"), blas);
    printJson(out);
    return Success;
}

int benchMap(const QStringList& args)
{
    if (args.contains(QStringLiteral("--photos")))
        return benchPhotoMap(args);
    return benchSynthetic(args, QStringLiteral("map"), 100000,
                          QStringLiteral("The map's layout of N synthetic faces: seconds by stage, and the "
                                         "share of 10 nearest neighbours kept on the map and on a PCA "
                                         "projection (--photos LIBRARY: of a library's photos instead)."),
                          [](qint64 n) { return benchMapJson(n); });
}

} // namespace

int runBench(const QStringList& args)
{
    static const char* kHelp = R"(Usage: lookalike-cli bench WHAT [OPTIONS]

  verify LFW          verification accuracy on LFW's pair list (10-fold, cosine)
  index FOLDER        indexing photos/s, faces/s and peak memory at 1 and 2 threads
  query IMAGE         latency of one dropped photo on a 100,000-face library
  dupes               all-pairs neighbours over 56,000 faces: seconds and recall
  search              the search index alone: latency and recall, exact and approximate
  review              the review finder, suggestions and clustering over 50,000 faces
  map                 the map's layout of 100,000 faces: seconds and neighbours kept
                      (--photos LIBRARY: of that library's photos)
  formats FOLDER      indexing the same photos as JPEG, HEIC and DNG (preview / sensor data)
  raw-memory PHOTO    decode time and peak memory of a generated 50 MP RAW
  gate [DATA]         the face gate: false faces without people, faces kept, cost per face
  objects SMVS [DIR...]  same object, another photo: SMVS precision@1 and query time
  photos HOLIDAYS [DIR...]  whole photos: near-duplicates vs findimagedupes, looks-like mAP, cost, scale
)";
    const QString what = args.value(1);
    QStringList rest = args;
    rest.removeAt(1);
    rest[0] = args[0] + QLatin1Char(' ') + what;
    if (what == QLatin1String("verify"))
        return benchVerify(rest);
    if (what == QLatin1String("index"))
        return benchIndex(rest);
    if (what == QLatin1String("query"))
        return benchQuery(rest);
    if (what == QLatin1String("dupes"))
        return benchDupes(rest);
    if (what == QLatin1String("search"))
        return benchSearch(rest);
    if (what == QLatin1String("review"))
        return benchReview(rest);
    if (what == QLatin1String("map"))
        return benchMap(rest);
    if (what == QLatin1String("formats"))
        return benchFormats(rest);
    if (what == QLatin1String("raw-memory"))
        return benchRawMemory(rest);
    if (what == QLatin1String("gate"))
        return runBenchGate(rest);
    if (what == QLatin1String("objects"))
        return benchObjects(rest);
    if (what == QLatin1String("photos"))
        return benchPhotos(rest);
    std::fputs(kHelp, what == QLatin1String("--help") || what == QLatin1String("-h") ? stdout : stderr);
    return what == QLatin1String("--help") || what == QLatin1String("-h") ? Success : UsageError;
}

} // namespace lookalike::cli
