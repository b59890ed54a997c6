// bench formats and bench raw-memory: HEIC and RAW next to JPEG, memory on a 50 MP RAW.
#include "cli.h"
#include "formatbenchmark.h"
#include "modelregistry.h"
#include "parser.h"
#include <QTemporaryDir>

namespace lookalike::cli {

int benchFormats(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FOLDER"),
                                 QStringLiteral("A folder of JPEG photos."));
    const QCommandLineOption limit(QStringLiteral("limit"),
                                   QStringLiteral("Photos to use (default 40)."),
                                   QStringLiteral("N"), QStringLiteral("40"));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("Worker threads (default 2)."),
                                     QStringLiteral("N"), QStringLiteral("2"));
    parser.addOptions({limit, threads});
    if (auto code = parseArguments(
            parser, args, 1,
            QStringLiteral("Indexing rate of the same photos as JPEG, HEIC, DNG with "
                           "an embedded preview and DNG without one (half-size decode).")))
        return *code;
    QString error;
    const auto n = intOption(parser, QStringLiteral("limit"), 1, 100000, &error);
    const auto t = intOption(parser, QStringLiteral("threads"), 1, 64, &error);
    if (!n || !t)
        return usage(error);
    auto registry = ModelRegistry::load();
    if (!registry)
        return fail(registry.error());
    QTemporaryDir work;
    auto result =
        FormatBenchmark::indexing(*registry, parser.positionalArguments()[0], work.path(), *n, *t);
    if (!result)
        return fail(result.error());
    printJson(*result);
    return Success;
}

int benchRawMemory(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PHOTO"),
                                 QStringLiteral("The picture to turn into a RAW."));
    const QCommandLineOption mp(QStringLiteral("megapixels"),
                                QStringLiteral("Sensor size (default 50)."), QStringLiteral("MP"),
                                QStringLiteral("50"));
    parser.addOption(mp);
    if (auto code = parseArguments(
            parser, args, 1,
            QStringLiteral("Writes a DNG of MP megapixels without a preview and decodes "
                           "it: seconds and peak resident memory.")))
        return *code;
    QString error;
    const auto megapixels = realOption(parser, QStringLiteral("megapixels"), 1, 200, &error);
    if (!megapixels)
        return usage(error);
    QTemporaryDir work;
    auto result =
        FormatBenchmark::rawMemory(parser.positionalArguments()[0], work.path(), *megapixels);
    if (!result)
        return fail(result.error());
    printJson(*result);
    return Success;
}

} // namespace lookalike::cli
