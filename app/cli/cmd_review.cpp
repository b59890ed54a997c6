// review and clusters: what to look at after an import.
#include "cli.h"
#include "editing.h"
#include "exporter.h"
#include "faceclusterer.h"
#include "library.h"
#include "parser.h"
#include "reviewfinder.h"
#include <QJsonDocument>
#include <QSaveFile>

namespace lookalike::cli {

namespace {

Status save(const QString& file, const QByteArray& bytes)
{
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
        return Error{QStringLiteral("cannot write %1: %2").arg(file, out.errorString())};
    return success();
}

} // namespace

int runReview(const QStringList& args)
{
    // Duplicate photos are groups, not pairs of faces: dupes --photos answers them.
    for (int i = 1; i < args.size(); ++i)
        if (args[i] == QLatin1String("--mode=duplicate-photos") ||
            (args[i] == QLatin1String("--mode") && args.value(i + 1) == QLatin1String("duplicate-photos")))
            return runDupesPhotos(args, QStringLiteral("duplicate-photos"));
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("LIBRARY"), QStringLiteral("The library file."));
    const QCommandLineOption mode(QStringLiteral("mode"),
                                  QStringLiteral("cross-label (one person under two labels; default), outlier (far from "
                                                 "its own label), same-photo (a photo twice) or names (a subfolder and the photo's "
                                                 "XMP metadata name a face differently), or duplicate-photos (groups of duplicate photos, "
                                                 "with the options of dupes --photos)."),
                                  QStringLiteral("MODE"), QStringLiteral("cross-label"));
    const QCommandLineOption threshold(QStringLiteral("threshold"),
                                       QStringLiteral("cross-label: smallest similarity; outlier: largest similarity to "
                                                      "its own label (default 0.3)."),
                                       QStringLiteral("S"), QStringLiteral("0.3"));
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("At most N items (default all)."),
                                   QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption csv(QStringLiteral("csv"), QStringLiteral("Also write the queue as CSV."), QStringLiteral("FILE"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Also write the queue as JSON."), QStringLiteral("FILE"));
    const QCommandLineOption all(QStringLiteral("include-decided"), QStringLiteral("Also pairs already decided."));
    parser.addOptions({mode, threshold, limit, csv, json, all});
    if (auto code = parseArguments(parser, args, 1,
                                   QStringLiteral("The review queue: faces likely filed under the wrong label, most "
                                                  "likely first. Pairs marked as different people never come back.")))
        return *code;
    QString error;
    const auto floor = realOption(parser, QStringLiteral("threshold"), -1.0, 1.0, &error);
    const auto max = intOption(parser, QStringLiteral("limit"), 0, 100000000, &error);
    if (!floor || !max)
        return usage(error);
    ReviewFinder::Options options;
    const QString m = parser.value(mode);
    if (m == QLatin1String("cross-label"))
        options.kind = ReviewKind::CrossLabel;
    else if (m == QLatin1String("outlier"))
        options.kind = ReviewKind::Outlier;
    else if (m == QLatin1String("same-photo"))
        options.kind = ReviewKind::SamePhoto;
    else if (m == QLatin1String("names"))
        options.kind = ReviewKind::MetadataName;
    else
        return usage(QStringLiteral("--mode is cross-label, outlier, same-photo, names or duplicate-photos, not \"%1\"").arg(m));
    options.floor = float(*floor);
    options.includeDecided = parser.isSet(all);
    options.limit = *max;
    options.cancel = &g_cancel;
    auto library = openForReading(parser.positionalArguments()[0]);
    if (!library)
        return fail(library.error());
    auto items = ReviewFinder::find(**library, (*library)->defaultModel(), options);
    if (!items)
        return fail(items.error());
    if (*max > 0 && int(items->size()) > *max)
        items->resize(size_t(*max));
    const QJsonArray out = Exporter::reviewQueueJson(*items);
    if (parser.isSet(csv))
        if (Status s = save(parser.value(csv), Exporter::reviewQueueCsv(*items)); !s)
            return fail(s.error());
    if (parser.isSet(json))
        if (Status s = save(parser.value(json), QJsonDocument(out).toJson()); !s)
            return fail(s.error());
    printJson(QJsonObject{{QStringLiteral("mode"), m}, {QStringLiteral("count"), qint64(items->size())},
                          {QStringLiteral("items"), out}});
    return Success;
}

int runClusters(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("LIBRARY"), QStringLiteral("The library file."));
    const QCommandLineOption threshold(QStringLiteral("threshold"), QStringLiteral("Smallest similarity of an edge (default 0.45)."),
                                       QStringLiteral("S"), QStringLiteral("0.45"));
    const QCommandLineOption minSize(QStringLiteral("min-size"), QStringLiteral("Smallest group shown as a person (default 2)."),
                                     QStringLiteral("N"), QStringLiteral("2"));
    parser.addOptions({threshold, minSize});
    if (auto code = parseArguments(parser, args, 1,
                                   QStringLiteral("Group unlabelled faces into suggested people, largest first, and "
                                                  "suggest labels for faces close to a named person. Faces you labelled "
                                                  "are never regrouped.")))
        return *code;
    QString error;
    const auto t = realOption(parser, QStringLiteral("threshold"), -1.0, 1.0, &error);
    const auto size = intOption(parser, QStringLiteral("min-size"), 1, 1000000, &error);
    if (!t || !size)
        return usage(error);
    auto library = openForEditing(parser.positionalArguments()[0]); // stores the clusters
    if (!library)
        return fail(library.error());
    const QString model = (*library)->defaultModel(); // streamed twice, never held whole
    FaceClusterer::Options options;
    options.threshold = float(*t);
    options.minSize = *size;
    options.cancel = &g_cancel;
    auto clusters = FaceClusterer::recluster(**library, model, options);
    if (!clusters)
        return fail(clusters.error());
    QJsonArray people;
    for (const FaceCluster& c : *clusters) {
        QJsonArray faces;
        for (qint64 f : c.faces)
            faces.append(f);
        people.append(QJsonObject{{QStringLiteral("cluster"), c.number},
                                  {QStringLiteral("name"), FaceClusterer::displayName(c.number)},
                                  {QStringLiteral("faces"), qint64(c.faces.size())},
                                  {QStringLiteral("face_ids"), faces}});
    }
    auto suggestions = FaceClusterer::suggestions(**library, model, float(*t));
    if (!suggestions)
        return fail(suggestions.error());
    QJsonArray suggested;
    for (const LabelSuggestion& s : *suggestions)
        suggested.append(QJsonObject{{QStringLiteral("face_id"), s.face}, {QStringLiteral("label"), s.label},
                                     {QStringLiteral("similarity"), double(s.similarity)}});
    printJson(QJsonObject{{QStringLiteral("clusters"), people}, {QStringLiteral("suggestions"), suggested}});
    return Success;
}

} // namespace lookalike::cli
