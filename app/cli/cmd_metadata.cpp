// write-metadata: the names of labelled faces into XMP, through the journal.
#include "cli.h"
#include "editing.h"
#include "metadatawriter.h"
#include "parser.h"

namespace lookalike::cli {

int runWriteMetadata(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("LIBRARY"), QStringLiteral("The library file."));
    const QCommandLineOption embedded(
        QStringLiteral("embedded"),
        QStringLiteral(
            "Write into JPEG and PNG photos themselves (through a verified copy) instead of "
            "XMP sidecars; other formats still get a sidecar."));
    parser.addOption(embedded);
    if (auto code = parseArguments(
            parser, args, 1,
            QStringLiteral(
                "Write the name of every labelled face into the photos' XMP metadata (MWG and "
                "Microsoft regions) for digiKam, Lightroom and Windows. Sidecars "
                "(photo.jpg.xmp) by default: originals are not touched. Run again after "
                "changes: files that already hold the names are left alone. "
                "\"lookalike-cli undo LIBRARY\" puts every file back as it was.")))
        return *code;
    auto library = openForEditing(parser.positionalArguments()[0]);
    if (!library)
        return fail(library.error());
    MetadataWriter::Options options;
    options.embedded = parser.isSet(embedded);
    options.cancel = &g_cancel;
    auto report = MetadataWriter::run(**library, options);
    if (!report)
        return fail(report.error());
    for (const auto& problem : report->problems)
        info(QStringLiteral("not written: %1: %2").arg(problem.path, problem.reason));
    if (report->cancelled)
        info(QStringLiteral("stopped: nothing was written"));
    printJson(QJsonObject{{QStringLiteral("batch"), report->batchId},
                          {QStringLiteral("photos"), report->photos},
                          {QStringLiteral("written"), report->written},
                          {QStringLiteral("unchanged"), report->unchanged},
                          {QStringLiteral("cancelled"), report->cancelled},
                          {QStringLiteral("files"), QJsonArray::fromStringList(report->files)},
                          {QStringLiteral("problems"), skipsJson(report->problems)}});
    return report->problems.empty() ? Success : Failure;
}

} // namespace lookalike::cli
