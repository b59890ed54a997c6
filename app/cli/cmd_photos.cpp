// Whole photos on the command line: query LIBRARY IMAGE --photos, dupes LIBRARY --photos
// (and review --mode duplicate-photos), remove-photos, not-duplicates.
#include "cli.h"
#include "database.h"
#include "editing.h"
#include "exporter.h"
#include "library.h"
#include "modelregistry.h"
#include "parser.h"
#include "photoduplicatefinder.h"
#include "photosearcher.h"
#include "photostore.h"
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QSaveFile>
#include <QTextStream>
#include <optional>

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

// Image ids of PHOTO arguments: an id, or the path of an indexed photo.
std::optional<std::vector<qint64>> photoIds(Library& library, const QStringList& args, QString* error)
{
    std::vector<qint64> ids;
    for (const QString& arg : args) {
        bool number = false;
        const qint64 id = arg.toLongLong(&number);
        Statement q = library.database().prepare(number ? "SELECT id FROM images WHERE id = ?"
                                                        : "SELECT id FROM images WHERE path = ?");
        number ? q.bind(1, id) : q.bind(1, QDir::cleanPath(QFileInfo(arg).absoluteFilePath()));
        if (!q.next()) {
            *error = QStringLiteral("no photo %1 in the library").arg(arg);
            return std::nullopt;
        }
        ids.push_back(q.integer(0));
    }
    return ids;
}

// The library named first in `pos`, opened for editing, and the photos named after it.
struct EditTarget {
    std::unique_ptr<Library> library;
    std::vector<qint64> ids;
};

Expected<EditTarget> openWithPhotos(const QStringList& pos)
{
    auto library = openForEditing(pos[0]);
    if (!library)
        return Error{library.error()};
    QString error;
    auto ids = photoIds(**library, pos.mid(1), &error);
    if (!ids)
        return Error{error};
    return EditTarget{std::move(*library), std::move(*ids)};
}

// Moves photos out of the library (trash, or --to-folder) and prints what happened.
int removeAndReport(Library& library, const std::vector<qint64>& ids, const QString& folder)
{
    PhotoRemoval removal;
    if (!folder.isEmpty()) {
        removal.to = PhotoRemoval::To::Folder;
        removal.folder = folder;
    }
    LabelEditor editor(library);
    auto report = editor.removePhotos(ids, removal);
    if (!report)
        return fail(report.error());
    tellMoves(*report);
    if (report->photosRemoved > 0)
        info(QStringLiteral("%1 photo(s) moved to %2; \"lookalike-cli undo %3\" puts them back")
                 .arg(report->photosRemoved)
                 .arg(folder.isEmpty() ? QStringLiteral("the trash") : folder, library.path()));
    printJson(QJsonObject{{QStringLiteral("batch"), report->batchId},
                          {QStringLiteral("photos_removed"), report->photosRemoved},
                          {QStringLiteral("moved"), movesJson(report->moved)},
                          {QStringLiteral("not_moved"), skipsJson(report->notMoved)}});
    return report->notMoved.empty() ? Success : Failure;
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
                                                  "converted, cropped or lightly edited), then the photos of the "
                                                  "same object (kind object, with its inliers: a library indexed "
                                                  "with --objects), and then those that look like it (kind "
                                                  "similar), by descending similarity 0..1.")))
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
    // Same object too when the library has object descriptors (index --objects); without
    // the codebook the rest of the query still runs.
    // Look-alikes by the library's image model when it has one (image-model --set); without
    // its file, by the model-free descriptors.
    if (auto registry = ModelRegistry::load(); !registry) {
        info(QStringLiteral("same-object search unavailable: %1").arg(registry.error()));
    } else {
        if (Status s = searcher->enableObjects(*registry); !s)
            info(QStringLiteral("same-object search unavailable: %1").arg(s.error()));
        if (Status s = searcher->enableImageModel(*registry); !s)
            info(QStringLiteral("look-alikes use the model-free descriptors: %1").arg(s.error()));
        else if (searcher->hasImageModel())
            info(QStringLiteral("look-alikes by the image model %1").arg(searcher->imageModelId()));
    }
    if (searcher->index().size() == 0)
        info(QStringLiteral("%1 has no photo descriptors yet: run \"lookalike-cli index\" on its folders").arg(pos[0]));
    PhotoSearcher::Options options;
    options.limit = *kValue;
    options.minSimilarity = float(*minValue);
    auto matches = searcher->search(pos[1], options);
    if (!matches)
        return fail(QStringLiteral("%1: %2").arg(pos[1], matches.error()));
    QJsonArray out;
    for (const PhotoMatch& m : *matches) {
        QJsonObject o{{QStringLiteral("image_id"), m.imageId},
                      {QStringLiteral("path"), m.path},
                      {QStringLiteral("similarity"), double(m.similarity)},
                      {QStringLiteral("kind"), photoMatchKindName(m.kind)}};
        if (m.kind == PhotoMatchKind::Object)
            o.insert(QStringLiteral("inliers"), m.inliers);
        out.append(o);
    }
    printJson(QJsonObject{{QStringLiteral("photos"), out}});
    return Success;
}

int runDupesPhotos(const QStringList& args, const QString& reviewMode)
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
    const QCommandLineOption removeOthers(QStringLiteral("remove-others"),
                                          QStringLiteral("Move every photo of every group but the one to keep to the "
                                                         "trash (or --to-folder), as one change that undo reverts."));
    const QCommandLineOption toFolder(QStringLiteral("to-folder"),
                                      QStringLiteral("With --remove-others: move them into DIR instead."),
                                      QStringLiteral("DIR"));
    parser.addOptions({kind, threshold, csv, removeOthers, toFolder});
    if (!reviewMode.isEmpty())
        parser.addOption(QCommandLineOption(QStringLiteral("mode"), QStringLiteral("duplicate-photos"),
                                            QStringLiteral("MODE")));
    if (auto code = parseArguments(parser, args, 1,
                                   QStringLiteral("With --photos: groups of duplicate photos, largest first, the "
                                                  "photo to keep first (largest, original format, oldest). Pairs "
                                                  "marked \"not duplicates\" are left out.")))
        return *code;
    if (parser.isSet(toFolder) && !parser.isSet(removeOthers))
        return usage(QStringLiteral("--to-folder goes with --remove-others"));
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
    auto library = parser.isSet(removeOthers) ? openForEditing(parser.positionalArguments()[0])
                                              : openForReading(parser.positionalArguments()[0]);
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
    if (parser.isSet(removeOthers)) {
        std::vector<qint64> others;
        for (const PhotoGroup& g : *groups)
            others.insert(others.end(), g.imageIds.begin() + 1, g.imageIds.end());
        if (others.empty()) {
            info(QStringLiteral("no duplicates to remove"));
            printJson(QJsonObject{{QStringLiteral("batch"), 0}, {QStringLiteral("photos_removed"), 0}});
            return Success;
        }
        return removeAndReport(**library, others, parser.value(toFolder));
    }
    QJsonObject result{{QStringLiteral("groups"), out}, {QStringLiteral("count"), qint64(groups->size())}};
    if (!reviewMode.isEmpty())
        result.insert(QStringLiteral("mode"), reviewMode);
    printJson(result);
    return Success;
}

int runRemovePhotos(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("LIBRARY"), QStringLiteral("The library file."));
    parser.addPositionalArgument(QStringLiteral("PHOTO"), QStringLiteral("Image ids or paths of indexed photos."),
                                 QStringLiteral("PHOTO..."));
    const QCommandLineOption toFolder(QStringLiteral("to-folder"),
                                      QStringLiteral("Move them into DIR instead of the trash."), QStringLiteral("DIR"));
    parser.addOption(toFolder);
    if (auto code = parseArguments(
            parser, args, -1,
            QStringLiteral("Move photos (and their RAW twins) to the desktop trash, or into "
                           "a folder, and out of the library, as one change: \"undo\" puts "
                           "the files back and the photos into the library with their faces "
                           "and labels. A file whose name is taken where it goes gets a free "
                           "one (\"x (2).jpg\" in a folder, \"x.2.jpg\" in the trash): the "
                           "JSON's moved lists each file's final path and renamed true.")))
        return *code;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 2)
        return usage(QStringLiteral("expected LIBRARY PHOTO..."));
    auto target = openWithPhotos(pos);
    if (!target)
        return fail(target.error());
    return removeAndReport(*target->library, target->ids, parser.value(toFolder));
}

int runNotDuplicates(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("LIBRARY"), QStringLiteral("The library file."));
    parser.addPositionalArgument(QStringLiteral("PHOTO_A"), QStringLiteral("Image id or path."));
    parser.addPositionalArgument(QStringLiteral("PHOTO_B"), QStringLiteral("Image id or path."));
    if (auto code = parseArguments(parser, args, 3,
                                   QStringLiteral("Two photos are not duplicates: dupes and the review never pair "
                                                  "them again. Undoable.")))
        return *code;
    const QStringList pos = parser.positionalArguments();
    auto target = openWithPhotos(pos);
    if (!target)
        return fail(target.error());
    const std::vector<qint64>& ids = target->ids;
    if (ids[0] == ids[1])
        return usage(QStringLiteral("the two photos are one"));
    auto report = LabelEditor(*target->library).markNotDuplicates({{ids[0], ids[1]}});
    if (!report)
        return fail(report.error());
    printJson(QJsonObject{{QStringLiteral("batch"), report->batchId}});
    return Success;
}

} // namespace lookalike::cli
