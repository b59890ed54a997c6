// lookalike-cli bench photos: whole-photo near-duplicates (with findimagedupes for comparison),
// looks-like mAP, descriptor cost and the searches at scale (PhotoBenchmark).
#include "cli.h"
#include "modelregistry.h"
#include "parser.h"
#include "photobenchmark.h"

namespace lookalike::cli {

int benchPhotos(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("HOLIDAYS"), QStringLiteral("The holidays-dev folder."));
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("Folders of unrelated photos (distractors)."),
                                 QStringLiteral("[DIR...]"));
    const QCommandLineOption originals(QStringLiteral("originals"),
                                       QStringLiteral("Photos given edited variants (default 40)."), QStringLiteral("N"),
                                       QStringLiteral("40"));
    const QCommandLineOption scale(QStringLiteral("scale"),
                                   QStringLiteral("Synthetic photos for the all-pairs and query timing (default 100000, 0: skip)."),
                                   QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption parts(QStringLiteral("parts"),
                                   QStringLiteral("Which parts, comma-separated: a (near-duplicates), b (looks-like "
                                                  "mAP), c (descriptor cost), d (at scale); default all."),
                                   QStringLiteral("LIST"), QStringLiteral("a,b,c,d"));
    const QCommandLineOption work(QStringLiteral("work-dir"),
                                  QStringLiteral("Write the near-duplicate set here (kept) instead of a temporary folder."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption noFid(QStringLiteral("no-findimagedupes"), QStringLiteral("Do not run findimagedupes."));
    parser.addOptions({originals, scale, parts, work, noFid});
    if (auto code = parseArguments(parser, args, -1,
                                   QStringLiteral("Whole photos: near-duplicate recall/precision/time against "
                                                  "findimagedupes, looks-like mAP against an HSV histogram and "
                                                  "digiKam's Haar signature, descriptor cost, and all-pairs and "
                                                  "query times at --scale photos.")))
        return *code;
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usage(QStringLiteral("bench photos needs the holidays-dev folder"));
    QString error;
    const auto o = intOption(parser, QStringLiteral("originals"), 1, 10000, &error);
    const auto s = intOption(parser, QStringLiteral("scale"), 0, 10000000, &error);
    if (!o || !s)
        return usage(error);
    auto registry = ModelRegistry::load();
    if (!registry)
        return fail(registry.error());
    PhotoBenchmark::Options options;
    options.holidays = positional[0];
    options.distractors = positional.mid(1);
    options.originals = *o;
    options.scale = *s;
    options.parts = parser.value(parts).split(u',', Qt::SkipEmptyParts);
    options.workDir = parser.value(work);
    options.findimagedupes = !parser.isSet(noFid);
    auto result = PhotoBenchmark::run(*registry, options, &g_cancel);
    if (!result)
        return fail(result.error());
    printJson(*result);
    return Success;
}

} // namespace lookalike::cli
