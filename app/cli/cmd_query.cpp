#include "cli.h"
#include "modelregistry.h"
#include "parser.h"
#include "searcher.h"

namespace lookalike::cli {

namespace {

QJsonArray boxJson(const QRectF& box)
{
    return QJsonArray{box.x(), box.y(), box.width(), box.height()};
}

QJsonObject matchJson(const FaceMatch& m)
{
    return QJsonObject{
        {QStringLiteral("face_id"), m.face.id},
        {QStringLiteral("path"), m.face.path},
        {QStringLiteral("label"), m.face.label},
        {QStringLiteral("box"), boxJson(m.face.box)},
        {QStringLiteral("similarity"), double(m.similarity)},
    };
}

} // namespace

int runQuery(const QStringList& givenArgs)
{
    QStringList args = givenArgs;
    if (takePhotosFlag(args))
        return runQueryPhotos(args);
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("LIBRARY"), QStringLiteral("The library file."));
    parser.addPositionalArgument(QStringLiteral("IMAGE"), QStringLiteral("A photo with one or more faces."));
    const QCommandLineOption k(QStringList{QStringLiteral("k")}, QStringLiteral("Matches per face (default 10)."),
                               QStringLiteral("K"), QStringLiteral("10"));
    const QCommandLineOption minSim(QStringLiteral("min-similarity"),
                                    QStringLiteral("Only matches at least this similar, -1..1 (default -1: all)."),
                                    QStringLiteral("S"), QStringLiteral("-1"));
    parser.addOptions({k, minSim});
    if (auto code = parseArguments(parser, args, 2,
                                   QStringLiteral("Find the faces in LIBRARY most like each face in IMAGE, "
                                                  "largest face first, by descending cosine similarity.")))
        return *code;
    QString error;
    const auto kValue = intOption(parser, QStringLiteral("k"), 1, 10000, &error);
    const auto minValue = realOption(parser, QStringLiteral("min-similarity"), -1.0, 1.0, &error);
    if (!kValue || !minValue)
        return usage(error);

    auto registry = ModelRegistry::load();
    if (!registry)
        return fail(registry.error());
    const QStringList pos = parser.positionalArguments();
    auto searcher = Searcher::open(pos[0], *registry);
    if (!searcher)
        return fail(searcher.error());
    warnPending((*searcher)->library());
    auto faces = (*searcher)->queryImage(pos[1], *kValue, float(*minValue));
    if (!faces)
        return fail(QStringLiteral("%1: %2").arg(pos[1], faces.error()));
    QJsonArray out;
    for (const QueryFace& q : *faces) {
        QJsonArray matches;
        for (const FaceMatch& m : q.matches)
            matches.append(matchJson(m));
        out.append(QJsonObject{{QStringLiteral("box"), boxJson(q.face.box)},
                               {QStringLiteral("score"), double(q.face.score)},
                               {QStringLiteral("matches"), matches}});
    }
    if (faces->empty())
        info(QStringLiteral("no face found in %1").arg(pos[1]));
    printJson(QJsonObject{{QStringLiteral("faces"), out}});
    return Success;
}

} // namespace lookalike::cli
