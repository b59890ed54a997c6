// lookalike-cli map: the library laid out by similarity, as SVG, PNG or CSV.
#include "cli.h"
#include "library.h"
#include "mapexporter.h"
#include "mapupdater.h"
#include "parser.h"
#include "photodescriber.h"
#include "photomap.h"
#include <QElapsedTimer>
#include <QFileInfo>
#include <cstdio>

namespace lookalike::cli {

namespace {

QString changeName(MapUpdater::Change change)
{
    switch (change) {
    case MapUpdater::Change::None:
        return QStringLiteral("cached");
    case MapUpdater::Change::Placed:
        return QStringLiteral("placed");
    case MapUpdater::Change::Computed:
        return QStringLiteral("computed");
    }
    return {};
}

// A line on stderr every few seconds while the layout runs.
std::function<void(double)> progressLines()
{
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    return [clock](double fraction) {
        if (clock->elapsed() < 3000 && fraction < 1.0)
            return;
        clock->restart();
        std::fprintf(stderr, "map: %3.0f%%\n", fraction * 100);
    };
}

Status writeOne(const QString& file, const MapUpdater::Result& map,
                const QHash<qint64, MapItemInfo>& items, MapColouring colouring,
                const MapExporter::Options& options)
{
    const QString suffix = QFileInfo(file).suffix().toLower();
    if (suffix == QLatin1String("csv")) {
        auto rows = MapExporter::writeCsv(file, map.ids, map.positions, items);
        return rows ? success() : Status(Error{rows.error()});
    }
    MapPicture picture;
    picture.positions = map.positions;
    picture.groups = MapGroups::build(
        qint64(map.ids.size()), [&](qint64 i) { return items.value(map.ids[i]); }, colouring);
    return suffix == QLatin1String("svg") ? MapExporter::writeSvg(file, picture, options)
                                          : MapExporter::writePng(file, picture, options);
}

} // namespace

int runMap(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("LIBRARY"), QStringLiteral("The library file."));
    const QCommandLineOption out(
        QStringLiteral("out"),
        QStringLiteral("Write the map to FILE: .svg or .png (a picture), .csv "
                       "(item_id,path,label,x,y). Repeatable."),
        QStringLiteral("FILE"));
    const QCommandLineOption colour(QStringLiteral("colour"),
                                    QStringLiteral("Colour points by label (default), person "
                                                   "(label or suggested person) or folder."),
                                    QStringLiteral("BY"), QStringLiteral("label"));
    const QCommandLineOption size(
        QStringLiteral("size"),
        QStringLiteral("Longer side of a picture in pixels (default 2000)."), QStringLiteral("PX"),
        QStringLiteral("2000"));
    const QCommandLineOption noNames(QStringLiteral("no-names"),
                                     QStringLiteral("Leave out the names written on the islands."));
    const QCommandLineOption recompute(
        QStringLiteral("recompute"),
        QStringLiteral("Lay the map out from scratch, even if the one kept in the library is "
                       "up to date or only needs new items placed."));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("Threads (default: one per core)."),
                                     QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption photos(
        QStringLiteral("photos"),
        QStringLiteral("Map the whole photos by their look vectors instead of the faces, coloured "
                       "by folder; the CSV's item_id is the image id, its label the folder."));
    parser.addOptions({out, colour, size, noNames, recompute, threads, photos});
    if (auto code = parseArguments(
            parser, args, 1,
            QStringLiteral("Lay the library out by similarity: similar items close together. The "
                           "layout is kept in the library and brought up to date when items "
                           "change.")))
        return *code;
    const bool photoMap = parser.isSet(photos);
    MapColouring colouring = photoMap ? MapColouring::Folder : MapColouring::Label;
    if (parser.isSet(colour) && !MapGroups::parse(parser.value(colour), &colouring))
        return usage(QStringLiteral("--colour is label, person or folder, not \"%1\"")
                         .arg(parser.value(colour)));
    if (photoMap && colouring != MapColouring::Folder)
        return usage(QStringLiteral("photos have no labels: with --photos, --colour is folder"));
    const QStringList files = parser.values(out);
    for (const QString& file : files)
        if (!QStringList{QStringLiteral("svg"), QStringLiteral("png"), QStringLiteral("csv")}
                 .contains(QFileInfo(file).suffix().toLower()))
            return usage(
                QStringLiteral("%1: the file name must end in .svg, .png or .csv").arg(file));
    QString error;
    const auto side = intOption(parser, QStringLiteral("size"), 100, 20000, &error);
    const auto threadCount = intOption(parser, QStringLiteral("threads"), 0, 256, &error);
    if (!side || !threadCount)
        return usage(error);

    auto library = Library::open(parser.positionalArguments()[0], Library::Mode::OpenExisting);
    if (!library)
        return fail(library.error());
    const QString model =
        photoMap ? QString::fromLatin1(PhotoDescriber::kLookModel) : (*library)->defaultModel();
    if (model.isEmpty())
        return fail(QStringLiteral("the library has no items yet: index a folder first"));
    if (photoMap && (*library)->vectorCount(model) == 0)
        return fail(QStringLiteral("the library has no photos yet: index a folder first"));
    MapUpdater::Options options;
    options.recompute = parser.isSet(recompute);
    options.layout.threads = *threadCount > 0 ? *threadCount : -1;
    options.layout.cancel = &g_cancel;
    options.layout.progress = progressLines();
    auto map = photoMap ? PhotoMap::update(**library, options)
                        : MapUpdater::update(**library, model, options);
    if (!map)
        return fail(map.error());
    const QHash<qint64, MapItemInfo> items =
        photoMap ? PhotoMap::itemInfo(**library) : MapExporter::itemInfo(**library);
    MapExporter::Options picture;
    picture.side = *side;
    picture.names = !parser.isSet(noNames);
    for (const QString& file : files)
        if (Status s = writeOne(file, *map, items, colouring, picture); !s)
            return fail(s.error());
    printJson(QJsonObject{
        {QStringLiteral("model"), model},
        {QStringLiteral("kind"), photoMap ? QStringLiteral("photos") : QStringLiteral("faces")},
        {QStringLiteral("items"), qint64(map->ids.size())},
        {QStringLiteral("layout"), changeName(map->change)},
        {QStringLiteral("placed"), map->placed},
        {QStringLiteral("seconds"), map->seconds},
        {QStringLiteral("files"), QJsonArray::fromStringList(files)}});
    return Success;
}

} // namespace lookalike::cli
