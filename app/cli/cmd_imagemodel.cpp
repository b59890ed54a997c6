// The library's learned image model on the command line: image-model LIBRARY shows it,
// image-model LIBRARY --set NAME chooses one and embeds the photos (resumable: Ctrl-C stops
// cleanly and the same command continues), --set none goes back to model-free look-alikes.
#include "cli.h"
#include "imagemodeljob.h"
#include "imagemodelstore.h"
#include "library.h"
#include "modelregistry.h"
#include "parser.h"
#include "progressprinter.h"

namespace lookalike::cli {

namespace {

const QString kTask = QStringLiteral("image-embedding");

QJsonArray modelsJson(const ModelRegistry& registry, const QString& chosen, const QString& active)
{
    QJsonArray out;
    for (const QString& id : registry.idsForTask(kTask)) {
        const ModelSpec spec = registry.spec(id);
        out.append(QJsonObject{{QStringLiteral("id"), id},
                               {QStringLiteral("dimension"), spec.dimension},
                               {QStringLiteral("size"), spec.size},
                               {QStringLiteral("license"), spec.license},
                               {QStringLiteral("installed"), registry.model(id).ok()},
                               {QStringLiteral("chosen"), id == chosen},
                               {QStringLiteral("active"), id == active}});
    }
    return out;
}

QJsonObject statusJson(Library& library, const ModelRegistry& registry)
{
    const QString chosen = ImageModelStore::chosen(library);
    const QString active = ImageModelStore::active(library);
    qint64 failed = 0;
    const qint64 embedded =
        chosen.isEmpty() ? 0 : ImageModelStore::embeddedCount(library, chosen, &failed);
    return QJsonObject{{QStringLiteral("library"), library.path()},
                       {QStringLiteral("chosen"), chosen},
                       {QStringLiteral("active"), active},
                       {QStringLiteral("photos"), ImageModelStore::photoCount(library)},
                       {QStringLiteral("embedded"), embedded - failed},
                       {QStringLiteral("unreadable"), failed},
                       {QStringLiteral("models"), modelsJson(registry, chosen, active)}};
}

QJsonObject summaryJson(const ImageModelJob::Summary& s)
{
    QJsonArray failures;
    for (const ImageModelJob::Failure& f : s.failures)
        failures.append(
            QJsonObject{{QStringLiteral("path"), f.path}, {QStringLiteral("error"), f.error}});
    return QJsonObject{{QStringLiteral("model"), s.model},
                       {QStringLiteral("active"), s.active},
                       {QStringLiteral("photos"), s.photos},
                       {QStringLiteral("embedded"), s.embedded},
                       {QStringLiteral("already_embedded"), s.alreadyEmbedded},
                       {QStringLiteral("failed"), s.failed},
                       {QStringLiteral("failures"), failures},
                       {QStringLiteral("cancelled"), s.cancelled},
                       {QStringLiteral("seconds"), s.seconds}};
}

// Chooses `name` and embeds what it lacks, with progress on stderr.
int setModel(Library& library, const ModelRegistry& registry, const QString& name, int threads)
{
    if (!registry.idsForTask(kTask).contains(name))
        return usage(
            QStringLiteral("%1 is not an image model of the manifest; choose one of: %2, or none")
                .arg(name, registry.idsForTask(kTask).join(QStringLiteral(", "))));
    // A model OpenCV 4.6 cannot run is named with the one to use, not offered for download.
    if (const QString instead = registry.spec(name).instead; !instead.isEmpty())
        return usage(QStringLiteral("%1 is a model this build's OpenCV cannot run: use %2")
                        .arg(name, instead));
    // The file first: a library never chooses a model it cannot run.
    if (auto spec = registry.model(name); !spec)
        return fail(spec.error());
    const QString before = ImageModelStore::active(library);
    if (Status s = ImageModelStore::choose(library, name); !s)
        return fail(QStringLiteral("cannot write to %1: %2").arg(library.path(), s.error()));
    ProgressPrinter printer;
    ImageModelJob::Options options;
    options.threads = threads;
    auto summary = ImageModelJob::run(library, registry, options, &g_cancel,
                                      [&](const ImageModelJob::Progress& p) {
                                          Indexer::Progress shown;
                                          shown.phase = Indexer::Phase::EmbeddingPhotos;
                                          shown.done = p.done;
                                          shown.total = p.total;
                                          shown.failed = p.failed;
                                          shown.imagesPerSecond = p.photosPerSecond;
                                          shown.etaSeconds = p.etaSeconds;
                                          printer.update(shown);
                                      });
    printer.finish();
    if (!summary)
        return fail(summary.error());
    for (const ImageModelJob::Failure& f : summary->failures)
        info(f.error); // names the file
    printJson(summaryJson(*summary));
    if (summary->active != name)
        info(QStringLiteral(
                 "stopped early: look-alikes still use %1; run the same command again to finish")
                 .arg(before.isEmpty() ? QStringLiteral("the model-free descriptors") : before));
    return Success;
}

} // namespace

int runImageModel(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("LIBRARY"), QStringLiteral("The library file."));
    const QCommandLineOption set(
        QStringLiteral("set"),
        QStringLiteral("Choose the image model NAME (an image-embedding model of the manifest, "
                       "fetched first with lookalike-fetch-models --model NAME) and embed every "
                       "photo with it; look-alikes switch to it when all are done. Interrupted, "
                       "the same command continues. none: back to the model-free descriptors."),
        QStringLiteral("NAME"));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("Worker threads (default: one per core)."),
                                     QStringLiteral("N"), QStringLiteral("0"));
    parser.addOptions({set, threads});
    if (auto code = parseArguments(
            parser, args, 1,
            QStringLiteral("Show the learned image model LIBRARY's look-alikes use (chosen, active "
                           "when every photo has its vector) and the manifest's image models, or "
                           "choose one with --set. Prints JSON.")))
        return *code;
    QString error;
    const auto threadCount = intOption(parser, QStringLiteral("threads"), 0, 64, &error);
    if (!threadCount)
        return usage(error);
    auto registry = ModelRegistry::load();
    if (!registry)
        return fail(registry.error());
    const QString path = parser.positionalArguments().at(0);
    if (!parser.isSet(set)) {
        auto library = openForReading(path);
        if (!library)
            return fail(library.error());
        const QJsonObject status = statusJson(**library, *registry);
        printJson(status);
        const QString chosen = status.value(QStringLiteral("chosen")).toString();
        if (chosen != status.value(QStringLiteral("active")).toString())
            info(
                QStringLiteral(
                    "%1 is not complete yet: \"lookalike-cli image-model %2 --set %1\" finishes it")
                    .arg(chosen, path));
        return Success;
    }
    auto library = Library::open(path, Library::Mode::OpenExisting);
    if (!library)
        return fail(library.error());
    const QString name = parser.value(set);
    if (name == QLatin1String("none")) {
        if (Status s = ImageModelStore::choose(**library, QString()); !s)
            return fail(QStringLiteral("cannot write to %1: %2").arg(path, s.error()));
        info(QStringLiteral(
            "look-alikes now use the model-free descriptors (stored vectors are kept)"));
        printJson(statusJson(**library, *registry));
        return Success;
    }
    return setModel(**library, *registry, name, *threadCount);
}

} // namespace lookalike::cli
