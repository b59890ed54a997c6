#include "cli.h"
#include "imageformat.h"
#include "library.h"
#include "libraryindex.h"
#include "parser.h"
#include "vectorindex.h"
#include <QFileInfo>

namespace lookalike::cli {

int runStats(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("LIBRARY"), QStringLiteral("The library file."));
    if (auto code = parseArguments(parser, args, 1, QStringLiteral("Counts, model and search index of a library.")))
        return *code;
    const QString path = parser.positionalArguments()[0];
    auto library = openForReading(path);
    if (!library)
        return fail(library.error());
    const LibraryStats s = (*library)->stats();
    const QString model = (*library)->defaultModel();
    QJsonObject index;
    if (!model.isEmpty()) {
        auto loaded = LibraryIndex::load(**library, model);
        if (!loaded)
            return fail(loaded.error());
        if (loaded->index) {
            const VectorIndex::Meta& meta = loaded->index->meta();
            index = QJsonObject{{QStringLiteral("type"), meta.factory},
                                {QStringLiteral("vectors"), meta.count},
                                {QStringLiteral("dimension"), meta.dimension},
                                {QStringLiteral("file"), (*library)->indexPath(model)},
                                {QStringLiteral("bytes"), QFileInfo((*library)->indexPath(model)).size()},
                                {QStringLiteral("rebuilt"), loaded->rebuilt}};
        }
    }
    QJsonArray labels;
    for (const auto& [name, count] : (*library)->labelCounts())
        labels.append(QJsonObject{{QStringLiteral("label"), name}, {QStringLiteral("faces"), count}});
    auto formats = [&](ImageStatus status) {
        QJsonObject out;
        for (const auto& [format, count] : (*library)->formatCounts(status))
            out.insert(format.isEmpty() ? QStringLiteral("unknown") : ImageFormat::displayName(format), count);
        return out;
    };
    printJson(QJsonObject{
        {QStringLiteral("library"), path},
        {QStringLiteral("formats"), formats(ImageStatus::Indexed)},
        {QStringLiteral("failed_formats"), formats(ImageStatus::Failed)},
        {QStringLiteral("schema_version"), (*library)->schemaVersion()},
        {QStringLiteral("images"), s.images},
        {QStringLiteral("images_failed"), s.imagesFailed},
        {QStringLiteral("faces"), s.faces},
        {QStringLiteral("not_faces"), s.notFaces},
        {QStringLiteral("labels"), s.labels},
        {QStringLiteral("roots"), s.roots},
        {QStringLiteral("model"), model},
        {QStringLiteral("index"), index},
        {QStringLiteral("bytes"), QFileInfo(path).size()},
        {QStringLiteral("label_counts"), labels},
    });
    return Success;
}

} // namespace lookalike::cli
