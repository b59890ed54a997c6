#include "cli.h"
#include "exporter.h"
#include "library.h"
#include "parser.h"

namespace lookalike::cli {

int runExport(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("LIBRARY"), QStringLiteral("The library file."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Where to write."));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("csv (one row per face with its embedding) or npy (float32 N x 512, "
                                                   "plus FILE.csv with the same rows without embeddings)."),
                                    QStringLiteral("csv|npy"), QStringLiteral("csv"));
    parser.addOption(format);
    if (auto code = parseArguments(parser, args, 2, QStringLiteral("Export every face for analysis outside the app.")))
        return *code;
    const QString kind = parser.value(format);
    if (kind != QLatin1String("csv") && kind != QLatin1String("npy"))
        return usage(QStringLiteral("--format is csv or npy, not \"%1\"").arg(kind));
    const QStringList pos = parser.positionalArguments();
    auto library = Library::open(pos[0], Library::Mode::OpenExisting);
    if (!library)
        return fail(library.error());
    const QString model = (*library)->defaultModel();
    auto rows = kind == QLatin1String("csv") ? Exporter::writeCsv(**library, model, pos[1])
                                             : Exporter::writeNpy(**library, model, pos[1]);
    if (!rows)
        return fail(rows.error());
    printJson(QJsonObject{{QStringLiteral("file"), pos[1]}, {QStringLiteral("format"), kind},
                          {QStringLiteral("faces"), *rows}});
    return Success;
}

} // namespace lookalike::cli
