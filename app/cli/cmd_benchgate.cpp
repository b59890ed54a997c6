// lookalike-cli bench gate: the face gate on real photos, and the features it is trained on.
#include "cli.h"
#include "gatebenchmark.h"
#include "modelregistry.h"
#include "parser.h"
#include <QDir>
#include <QFileInfo>

namespace lookalike::cli {

int runBenchGate(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(
        QStringLiteral("DATA"),
        QStringLiteral("The shared test photos (default: $LOOKALIKE_DATA_DIR, "
                       "else ../shared/data)."),
        QStringLiteral("[DATA]"));
    const QCommandLineOption threads(QStringLiteral("threads"), QStringLiteral("Worker threads."),
                                     QStringLiteral("N"), QStringLiteral("2"));
    const QCommandLineOption lfwLimit(
        QStringLiteral("lfw-limit"),
        QStringLiteral("Only N LFW photos, evenly spread (0: all 9,525)."), QStringLiteral("N"),
        QStringLiteral("0"));
    const QCommandLineOption dump(
        QStringLiteral("dump-features"),
        QStringLiteral("Also run the training photos (with harder copies) and write every "
                       "detection's features to FILE and FILE.npy for "
                       "models/facegate/train.py."),
        QStringLiteral("FILE"));
    const QCommandLineOption noGate(
        QStringLiteral("no-gate"),
        QStringLiteral("Run the pipeline without the face gate (as before it)."));
    const QCommandLineOption sets(
        QStringLiteral("sets"),
        QStringLiteral("Only these sets (noface, lfw, crowds, wallpaper), comma-separated."),
        QStringLiteral("LIST"));
    const QCommandLineOption score(
        QStringLiteral("detector-score"),
        QStringLiteral("The detector's threshold instead of the manifest's (lower: more "
                       "detections, for training on harder non-faces)."),
        QStringLiteral("S"));
    const QCommandLineOption hard(
        QStringLiteral("hard-copies"),
        QStringLiteral("With --dump-features: only much harder copies of the LFW training "
                       "photos (blurred like a crowd, dark, small)."));
    parser.addOptions({threads, lfwLimit, dump, noGate, sets, score, hard});
    if (auto code = parseArguments(
            parser, args, -1,
            QStringLiteral("The face gate on photos without people (held-out part), LFW and "
                           "crowd photos: false faces per 1,000 photos, main faces kept, face "
                           "counts kept, cost per face.")))
        return *code;
    QString error;
    const auto n = intOption(parser, QStringLiteral("threads"), 1, 64, &error);
    const auto limit = intOption(parser, QStringLiteral("lfw-limit"), 0, 100000000, &error);
    if (!n || !limit)
        return usage(error);
    std::optional<double> detectorScore = -1.0;
    if (parser.isSet(score) &&
        !(detectorScore = realOption(parser, QStringLiteral("detector-score"), 0.05, 1.0, &error)))
        return usage(error);
    const QStringList pos = parser.positionalArguments();
    if (pos.size() > 1)
        return usage(QStringLiteral("expected at most one DATA folder"));
    const QString env = qEnvironmentVariable("LOOKALIKE_DATA_DIR");
    const QString data = !pos.isEmpty()   ? pos[0]
                         : !env.isEmpty() ? env
                                          : QStringLiteral("../shared/data");
    if (!QFileInfo(data + QStringLiteral("/images/noface-dev")).isDir())
        return fail(
            QStringLiteral("%1 has no images/noface-dev: give the shared test photos' folder")
                .arg(data));
    auto registry = ModelRegistry::load();
    if (!registry)
        return fail(registry.error());
    GateSamples::Options options;
    options.threads = *n;
    options.pipeline.useGate = !parser.isSet(noGate);
    options.pipeline.scoreThreshold = *detectorScore;
    options.cancel = &g_cancel;
    int reported = -1;
    options.progress = [&reported](int done, int total) {
        const int percent = done * 100 / std::max(total, 1);
        if (percent / 10 != reported / 10) {
            reported = percent;
            info(QStringLiteral("bench gate: %1 of %2 photos").arg(done).arg(total));
        }
    };
    const bool dumping = parser.isSet(dump);
    std::vector<GateSamples::Photo> photos =
        parser.isSet(hard) && dumping
            ? GateSamples::hardCopies(QDir(data).absolutePath(), *limit)
            : GateSamples::list(QDir(data).absolutePath(), *limit, dumping);
    if (parser.isSet(sets)) {
        const QStringList wanted = parser.value(sets).split(QLatin1Char(','), Qt::SkipEmptyParts);
        std::erase_if(photos, [&](const GateSamples::Photo& p) { return !wanted.contains(p.set); });
    }
    auto samples = GateSamples::collect(*registry, std::move(photos), options);
    if (!samples)
        return fail(samples.error());
    if (g_cancel)
        return fail(QStringLiteral("interrupted"));
    if (dumping) {
        if (Status s = GateBenchmark::writeFeatures(*samples, parser.value(dump)); !s)
            return fail(s.error());
        info(QStringLiteral("wrote %1 detections to %2")
                 .arg(samples->detections.size())
                 .arg(parser.value(dump)));
    }
    auto pipeline = FacePipeline::create(*registry, options.pipeline);
    if (!pipeline)
        return fail(pipeline.error());
    QJsonObject out = GateBenchmark::report(*samples, **pipeline);
    out.insert(QStringLiteral("benchmark"), QStringLiteral("gate"));
    out.insert(QStringLiteral("threads"), *n);
    printJson(out);
    return Success;
}

} // namespace lookalike::cli
