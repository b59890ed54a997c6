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
                                    QStringLiteral("csv (one row per face with its embedding), npy (float32 N x 512, "
                                                   "plus FILE.csv with the same rows without embeddings), labels (the "
                                                   "label of every photo), decisions-csv or decisions-json (pairs you "
                                                   "decided on in the review). Default: npy when FILE ends in .npy, csv otherwise."),
                                    QStringLiteral("FORMAT"));
    parser.addOption(format);
    if (auto code = parseArguments(parser, args, 2, QStringLiteral("Export every face for analysis outside the app.")))
        return *code;
    const QStringList pos = parser.positionalArguments();
    // A FILE named .npy gets NumPy's format unless asked otherwise: 2 GB of float32 at
    // 1,000,000 faces, where CSV text under that name would be 6.5 GB a NumPy reader rejects.
    const QString kind = parser.isSet(format) ? parser.value(format)
                         : pos[1].endsWith(QLatin1String(".npy"), Qt::CaseInsensitive) ? QStringLiteral("npy")
                                                                                        : QStringLiteral("csv");
    const QStringList kinds{QStringLiteral("csv"), QStringLiteral("npy"), QStringLiteral("labels"),
                            QStringLiteral("decisions-csv"), QStringLiteral("decisions-json")};
    if (!kinds.contains(kind))
        return usage(QStringLiteral("--format is one of %1, not \"%2\"").arg(kinds.join(QStringLiteral(", ")), kind));
    auto library = openForReading(pos[0]);
    if (!library)
        return fail(library.error());
    const QString model = (*library)->defaultModel();
    auto rows = kind == QLatin1String("csv")       ? Exporter::writeCsv(**library, model, pos[1])
                : kind == QLatin1String("npy")     ? Exporter::writeNpy(**library, model, pos[1])
                : kind == QLatin1String("labels")  ? Exporter::writePhotoLabels(**library, pos[1])
                                                   : Exporter::writeDecisions(**library, model, pos[1],
                                                                              kind == QLatin1String("decisions-json"));
    if (!rows)
        return fail(rows.error());
    printJson(QJsonObject{{QStringLiteral("file"), pos[1]}, {QStringLiteral("format"), kind},
                          {QStringLiteral("rows"), *rows}});
    return Success;
}

} // namespace lookalike::cli
