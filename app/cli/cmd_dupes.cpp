#include "cli.h"
#include "duplicatefinder.h"
#include "exporter.h"
#include "parser.h"
#include <QSaveFile>
#include <QTextStream>

namespace lookalike::cli {

namespace {

const auto csvField = &Exporter::csvField;

Status writeCsv(const std::vector<FacePair>& pairs, const QString& file)
{
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Text))
        return Error{QStringLiteral("cannot write %1: %2").arg(file, out.errorString())};
    QTextStream s(&out);
    s << "path_a,path_b,similarity,label_a,label_b\n";
    for (const FacePair& p : pairs)
        s << csvField(p.a.path) << ',' << csvField(p.b.path) << ',' << QString::number(double(p.similarity), 'f', 6)
          << ',' << csvField(p.a.label) << ',' << csvField(p.b.label) << '\n';
    s.flush();
    if (!out.commit())
        return Error{QStringLiteral("cannot write %1: %2").arg(file, out.errorString())};
    return success();
}

QJsonObject faceJson(const FaceRecord& f)
{
    return QJsonObject{{QStringLiteral("face_id"), f.id}, {QStringLiteral("path"), f.path},
                       {QStringLiteral("label"), f.label}};
}

} // namespace

int runDupes(const QStringList& givenArgs)
{
    QStringList args = givenArgs;
    if (takePhotosFlag(args))
        return runDupesPhotos(args);
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("LIBRARY"), QStringLiteral("The library file."));
    const QCommandLineOption threshold(QStringLiteral("threshold"),
                                       QStringLiteral("Smallest cosine similarity of a pair (default 0.6)."),
                                       QStringLiteral("S"), QStringLiteral("0.6"));
    const QCommandLineOption crossLabel(QStringLiteral("cross-label"),
                                        QStringLiteral("Only pairs whose labels differ: one person filed under two names."));
    const QCommandLineOption k(QStringList{QStringLiteral("k")},
                               QStringLiteral("Neighbours examined per face (default 10)."), QStringLiteral("K"),
                               QStringLiteral("10"));
    const QCommandLineOption csv(QStringLiteral("csv"),
                                 QStringLiteral("Also write the pairs to FILE as path_a,path_b,similarity,label_a,label_b."),
                                 QStringLiteral("FILE"));
    parser.addOptions({threshold, crossLabel, k, csv});
    if (auto code = parseArguments(parser, args, 1,
                                   QStringLiteral("List pairs of faces at least S similar, most similar first, each pair once.")))
        return *code;
    QString error;
    const auto thresholdValue = realOption(parser, QStringLiteral("threshold"), -1.0, 1.0, &error);
    const auto kValue = intOption(parser, QStringLiteral("k"), 1, 1000, &error);
    if (!thresholdValue || !kValue)
        return usage(error);

    auto library = openForReading(parser.positionalArguments()[0]);
    if (!library)
        return fail(library.error());
    DuplicateFinder::Options options;
    options.threshold = float(*thresholdValue);
    options.k = *kValue;
    options.crossLabelOnly = parser.isSet(crossLabel);
    options.cancel = &g_cancel;
    const QString model = (*library)->defaultModel();
    auto pairs = DuplicateFinder::find(**library, model, options);
    if (!pairs)
        return fail(pairs.error());
    if (parser.isSet(csv))
        if (Status s = writeCsv(*pairs, parser.value(csv)); !s)
            return fail(s.error());
    QJsonArray out;
    for (const FacePair& p : *pairs)
        out.append(QJsonObject{{QStringLiteral("a"), faceJson(p.a)},
                               {QStringLiteral("b"), faceJson(p.b)},
                               {QStringLiteral("similarity"), double(p.similarity)}});
    printJson(QJsonObject{{QStringLiteral("pairs"), out}, {QStringLiteral("count"), qint64(pairs->size())}});
    return Success;
}

} // namespace lookalike::cli
