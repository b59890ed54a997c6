#include "cli.h"
#include <QCoreApplication>
#include <QGuiApplication>
#include <QTextStream>
#include <cstdio>
#include <map>
#include <memory>

using namespace lookalike::cli;

namespace {

const char* kUsage = R"(Usage: lookalike-cli COMMAND [OPTIONS]

Find lookalike faces in photo folders.

Commands:
  index LIBRARY FOLDER   index the faces of every photo in FOLDER into LIBRARY
  query LIBRARY IMAGE    find the faces in LIBRARY most like the faces in IMAGE
  dupes LIBRARY          list pairs of very similar faces (same person, twice);
                         --photos: groups of duplicate photos (--remove-others to trash them)
  export LIBRARY FILE    write every face and its embedding as CSV or NPY
  stats LIBRARY          counts, model and index of a library
  relabel LIBRARY PATH|FACE_ID LABEL
                         label faces, optionally moving the photo into LABEL's folder
  merge-labels LIBRARY FROM INTO
                         give every face of FROM the label INTO
  mark-face LIBRARY FACE_ID... --face|--not-face
                         say which detections are faces; --list shows those that are not
  undo LIBRARY [N]       undo the last N label changes, file moves and removals
  remove-photos LIBRARY PHOTO...
                         move photos to the trash (or --to-folder) and out of the library
  not-duplicates LIBRARY PHOTO_A PHOTO_B
                         never pair these two photos as duplicates again
  review LIBRARY         faces likely under the wrong label, one person under two labels,
                         the same photo twice; most likely first (--mode duplicate-photos:
                         groups of duplicate photos)
  clusters LIBRARY       group unlabelled faces into suggested people
  map LIBRARY --out FILE lay the library out by similarity: SVG, PNG or CSV
  write-metadata LIBRARY write face names into XMP sidecars (or the photos: --embedded)
  recover LIBRARY        roll back a label change a crash left half done
  bench WHAT             measure accuracy and speed (verify, index, dupes, query, objects)
  image-model LIBRARY    the learned image model of a library's look-alikes; --set NAME
                         chooses one and embeds the photos (--set none: model-free)
  train-codebook OUTPUT FOLDER...
                         learn the same-object search codebook from photos

LIBRARY is the library's SQLite file; it is created by index when missing.
Run "lookalike-cli COMMAND --help" for a command's options.
Output: JSON on stdout; messages on stderr. Exit codes: 0 success, 1 usage error, 2 failure.
)";

// map draws text into pictures, which needs fonts and so a QGuiApplication; it never shows
// a window, so it runs on the offscreen platform unless told otherwise.
std::unique_ptr<QCoreApplication> makeApplication(int& argc, char** argv)
{
    if (argc >= 2 && qstrcmp(argv[1], "map") == 0) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        return std::make_unique<QGuiApplication>(argc, argv);
    }
    return std::make_unique<QCoreApplication>(argc, argv);
}

} // namespace

int main(int argc, char** argv)
{
    const auto app = makeApplication(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("lookalike-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LOOKALIKE_VERSION));
    installInterruptHandler();

    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args[1] == QLatin1String("--help") || args[1] == QLatin1String("-h") ||
        args[1] == QLatin1String("help")) {
        const bool asked = args.size() >= 2;
        std::fputs(kUsage, asked ? stdout : stderr);
        return asked ? Success : UsageError;
    }
    if (args[1] == QLatin1String("--version") || args[1] == QLatin1String("-v")) {
        std::printf("lookalike-cli %s\n", LOOKALIKE_VERSION);
        return Success;
    }
    static const std::map<QString, int (*)(const QStringList&)> commands = {
        {QStringLiteral("index"), runIndex},   {QStringLiteral("query"), runQuery},
        {QStringLiteral("dupes"), runDupes},   {QStringLiteral("export"), runExport},
        {QStringLiteral("stats"), runStats},   {QStringLiteral("bench"), runBench},
        {QStringLiteral("relabel"), runRelabel}, {QStringLiteral("merge-labels"), runMergeLabels},
        {QStringLiteral("undo"), runUndo},     {QStringLiteral("review"), runReview},
        {QStringLiteral("clusters"), runClusters}, {QStringLiteral("map"), runMap},
        {QStringLiteral("write-metadata"), runWriteMetadata},
        {QStringLiteral("recover"), runRecover},
        {QStringLiteral("remove-photos"), runRemovePhotos},
        {QStringLiteral("not-duplicates"), runNotDuplicates},
        {QStringLiteral("mark-face"), runMarkFace},
        {QStringLiteral("train-codebook"), runTrainCodebook},
        {QStringLiteral("image-model"), runImageModel},
    };
    const QString name = args[1];
    const auto it = commands.find(name);
    if (it == commands.end())
        return usage(QStringLiteral("unknown command \"%1\"; run lookalike-cli --help").arg(name));
    args.removeAt(1);
    args[0] = QStringLiteral("lookalike-cli ") + name;
    return it->second(args);
}
