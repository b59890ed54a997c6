// Whole photos on the command line: query LIBRARY IMAGE --photos, dupes LIBRARY --photos.
#include "cli.h"
#include "exporter.h"
#include "library.h"
#include "parser.h"
#include "photoduplicatefinder.h"
#include "photosearcher.h"
#include "photostore.h"
#include <QHash>
#include <QSaveFile>
#include <QTextStream>

namespace lookalike::cli {

namespace {

struct CsvRow {
    QString a, b;
    PhotoMatchKind kind;
    float score;
};

Status writeCsv(const std::vector<CsvRow>& rows, const QString& file)
{
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Text))
        return Error{QStringLiteral("cannot write %1: %2").arg(file, out.errorString())};
    QTextStream s(&out);
    s << "path_a,path_b,kind,score\n";
    for (const CsvRow& r : rows)
        s << Exporter::csvField(r.a) << ',' << Exporter::csvField(r.b) << ',' << photoMatchKindName(r.kind)
          << ',' << QString::number(double(r.score), 'f', 6) << '\n';
    s.flush();
    if (!out.commit())
        return Error{QStringLiteral("cannot write %1: %2").arg(file, out.errorString())};
    return success();
}

} // namespace

bool takePhotosFlag(QStringList& args)
{
    return args.removeAll(QStringLiteral("--photos")) > 0;
}

int runQueryPhotos(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("LIBRARY"), QStringLiteral("The library file."));
    parser.addPositionalArgument(QStringLiteral("IMAGE"), QStringLiteral("A photo (indexed or not)."));
    const QCommandLineOption k(QStringList{QStringLiteral("k")},
                               QStringLiteral("Look-alike photos at most (default 10; duplicates are all listed)."),
                               QStringLiteral("K"), QStringLiteral("10"));
    const QCommandLineOption minSim(QStringLiteral("min-similarity"),
                                    QStringLiteral("Only look-alikes at least this similar, 0..1 (default 0)."),
                                    QStringLiteral("S"), QStringLiteral("0"));
    parser.addOptions({k, minSim});
    if (auto code = parseArguments(parser, args, 2,
                                   QStringLiteral("With --photos: the photos of LIBRARY that are copies of IMAGE "
                                                  "(kind exact: same file content; near: resized, recompressed, "
                                                  "converted, cropped or lightly edited) and then those that look "
                                                  "like it (kind similar), by descending similarity 0..1.")))
        return *code;
    QString error;
    const auto kValue = intOption(parser, QStringLiteral("k"), 1, 10000, &error);
    const auto minValue = realOption(parser, QStringLiteral("min-similarity"), 0.0, 1.0, &error);
    if (!kValue || !minValue)
        return usage(error);
    const QStringList pos = parser.positionalArguments();
    auto library = openForReading(pos[0]);
    if (!library)
        return fail(library.error());
    auto searcher = PhotoSearcher::open(**library);
    if (!searcher)
        return fail(searcher.error());
    if (searcher->index().size() == 0)
        info(QStringLiteral("%1 has no photo descriptors yet: run \"lookalike-cli index\" on its folders").arg(pos[0]));
    PhotoSearcher::Options options;
    options.limit = *kValue;
    options.minSimilarity = float(*minValue);
    auto matches = searcher->search(pos[1], options);
    if (!matches)
        return fail(QStringLiteral("%1: %2").arg(pos[1], matches.error()));
    QJsonArray out;
    for (const PhotoMatch& m : *matches)
        out.append(QJsonObject{{QStringLiteral("image_id"), m.imageId},
                               {QStringLiteral("path"), m.path},
                               {QStringLiteral("similarity"), double(m.similarity)},
                               {QStringLiteral("kind"), photoMatchKindName(m.kind)}});
    printJson(QJsonObject{{QStringLiteral("photos"), out}});
    return Success;
}

int runDupesPhotos(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("LIBRARY"), QStringLiteral("The library file."));
    const QCommandLineOption kind(QStringLiteral("kind"),
                                  QStringLiteral("exact (same content), near (also near-duplicates, the default) or "
                                                 "similar (also photos that look alike)."),
                                  QStringLiteral("KIND"), QStringLiteral("near"));
    const QCommandLineOption threshold(QStringLiteral("threshold"),
                                       QStringLiteral("0..1. similar: smallest look similarity (default 0.9); near: "
                                                      "smallest fingerprint similarity, hash only (default: the "
                                                      "fingerprint and thumbnail check)."),
                                       QStringLiteral("X"));
    const QCommandLineOption csv(QStringLiteral("csv"),
                                 QStringLiteral("Also write the linked pairs to FILE as path_a,path_b,kind,score."),
                                 QStringLiteral("FILE"));
    parser.addOptions({kind, threshold, csv});
    if (auto code = parseArguments(parser, args, 1,
                                   QStringLiteral("With --photos: groups of duplicate photos, largest first, the "
                                                  "photo to keep first (largest, original format, oldest). Pairs "
                                                  "marked \"not duplicates\" are left out.")))
        return *code;
    PhotoDuplicateFinder::Options options;
    if (!parsePhotoMatchKind(parser.value(kind), &options.kind))
        return usage(QStringLiteral("--kind is exact, near or similar, not %1").arg(parser.value(kind)));
    if (parser.isSet(threshold)) {
        QString error;
        const auto x = realOption(parser, QStringLiteral("threshold"), 0.0, 1.0, &error);
        if (!x)
            return usage(error);
        if (options.kind == PhotoMatchKind::Similar)
            options.similarThreshold = float(*x);
        else
            options.nearBits = int(std::lround((1.0 - *x) * 256));
    }
    options.cancel = &g_cancel;
    auto library = openForReading(parser.positionalArguments()[0]);
    if (!library)
        return fail(library.error());
    auto groups = PhotoDuplicateFinder::find(**library, options);
    if (!groups)
        return fail(groups.error());
    std::vector<qint64> ids;
    for (const PhotoGroup& g : *groups)
        ids.insert(ids.end(), g.imageIds.begin(), g.imageIds.end());
    QHash<qint64, PhotoFacts> facts;
    for (const PhotoFacts& f : PhotoStore::photoFacts(**library, ids))
        facts.insert(f.imageId, f);
    QJsonArray out;
    std::vector<CsvRow> rows;
    for (const PhotoGroup& g : *groups) {
        QJsonArray photos;
        for (qint64 id : g.imageIds) {
            const PhotoFacts f = facts.value(id);
            photos.append(QJsonObject{{QStringLiteral("image_id"), id},
                                      {QStringLiteral("path"), f.path},
                                      {QStringLiteral("width"), f.width},
                                      {QStringLiteral("height"), f.height},
                                      {QStringLiteral("bytes"), f.bytes},
                                      {QStringLiteral("format"), f.format}});
        }
        QJsonArray links;
        for (const PhotoGroup::Link& l : g.links) {
            rows.push_back({facts.value(l.a).path, facts.value(l.b).path, l.kind, l.score});
            links.append(QJsonObject{{QStringLiteral("path_a"), rows.back().a},
                                     {QStringLiteral("path_b"), rows.back().b},
                                     {QStringLiteral("kind"), photoMatchKindName(l.kind)},
                                     {QStringLiteral("score"), double(l.score)}});
        }
        out.append(QJsonObject{{QStringLiteral("kind"), photoMatchKindName(g.kind)},
                               {QStringLiteral("keeper"), facts.value(g.imageIds.front()).path},
                               {QStringLiteral("photos"), photos},
                               {QStringLiteral("links"), links}});
    }
    if (parser.isSet(csv))
        if (Status s = writeCsv(rows, parser.value(csv)); !s)
            return fail(s.error());
    printJson(QJsonObject{{QStringLiteral("groups"), out}, {QStringLiteral("count"), qint64(groups->size())}});
    return Success;
}

} // namespace lookalike::cli
