#include "imagemodeljob.h"

#include "database.h"
#include "imageembedder.h"
#include "imagemodelstore.h"
#include "library.h"
#include "modelregistry.h"
#include "threadbudget.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QThread>
#include <algorithm>
#include <memory>
#include <thread>

Q_LOGGING_CATEGORY(lcImageModelJob, "lookalike.core.imagemodels.job", QtInfoMsg)

namespace lookalike {

namespace {

using Pending = ImageModelStore::Pending;

struct Outcome {
    bool done = false;       // false: not reached before a cancel
    bool unreadable = false; // the file could not be decoded: marked, not retried
    std::vector<float> vector;
    QString error;
};

// Photos [begin, end) of `todo` decoded and embedded: strand s (one embedder each) takes
// begin + s, begin + s + strands, ...; strand 0 runs on the calling thread.
std::vector<Outcome> embedChunk(const std::vector<Pending>& todo, size_t begin, size_t end,
                                const std::vector<std::unique_ptr<ImageEmbedder>>& embedders,
                                const ImageLoader::Options& load, const std::atomic_bool* cancel)
{
    std::vector<Outcome> out(end - begin);
    const size_t strands = embedders.size();
    auto strand = [&](size_t s) {
        for (size_t i = begin + s; i < end; i += strands) {
            if (cancel && cancel->load())
                return;
            Outcome& o = out[i - begin];
            o.done = true;
            auto image = ImageLoader::load(todo[i].path, load);
            if (!image) {
                o.unreadable = true;
                o.error = image.error();
                continue;
            }
            auto vector = embedders[s]->embed(image->image);
            if (vector)
                o.vector = std::move(*vector);
            else
                o.error = vector.error();
        }
    };
    std::vector<std::thread> threads;
    for (size_t s = 1; s < strands; ++s)
        threads.emplace_back(strand, s);
    strand(0);
    for (std::thread& t : threads)
        t.join();
    return out;
}

Expected<std::vector<std::unique_ptr<ImageEmbedder>>> createEmbedders(const ModelSpec& spec,
                                                                      int count)
{
    std::vector<std::unique_ptr<ImageEmbedder>> embedders;
    for (int i = 0; i < count; ++i) {
        auto embedder = ImageEmbedder::create(spec);
        if (!embedder)
            return Error{embedder.error()};
        embedders.push_back(std::move(*embedder));
    }
    return embedders;
}

} // namespace

ImageLoader::Options ImageModelJob::loadOptions(const ModelSpec& spec)
{
    ImageLoader::Options options;
    options.workingMaxSide = std::max(256, 2 * std::max(spec.inputWidth, spec.inputHeight));
    return options;
}

Expected<ImageModelJob::Summary> ImageModelJob::run(const QString& libraryPath,
                                                    const ModelRegistry& registry,
                                                    const Options& options,
                                                    const std::atomic_bool* cancel,
                                                    const ProgressCallback& progress)
{
    auto library = Library::open(libraryPath, Library::Mode::OpenExisting);
    if (!library)
        return Error{library.error()};
    return run(**library, registry, options, cancel, progress);
}

Expected<ImageModelJob::Summary> ImageModelJob::run(Library& library, const ModelRegistry& registry,
                                                    const Options& options,
                                                    const std::atomic_bool* cancel,
                                                    const ProgressCallback& progress)
{
    QElapsedTimer clock;
    clock.start();
    Summary summary;
    summary.model = ImageModelStore::chosen(library);
    summary.active = ImageModelStore::active(library);
    summary.photos = ImageModelStore::photoCount(library);
    if (summary.model.isEmpty())
        return summary;
    const std::vector<Pending> todo = ImageModelStore::pending(library, summary.model);
    summary.alreadyEmbedded = summary.photos - qint64(todo.size());
    if (!todo.empty()) {
        // The model first: a missing or unloadable file stops the job before anything is written.
        auto spec = registry.model(summary.model);
        if (!spec)
            return Error{spec.error()};
        const int wanted = options.threads > 0 ? options.threads : QThread::idealThreadCount();
        const int threads = std::clamp(int(todo.size()), 1, std::max(1, wanted));
        ThreadBudget::forWorkers(threads);
        auto embedders = createEmbedders(*spec, threads);
        if (!embedders)
            return Error{embedders.error()};
        const ImageLoader::Options load = loadOptions(*spec);

        Progress state;
        state.total = qint64(todo.size());
        if (progress)
            progress(state);
        std::vector<std::pair<qint64, std::vector<float>>> batch; // item id, vector (empty: mark)
        auto flush = [&]() -> Status {
            Database::Transaction tx(library.database());
            for (const auto& [itemId, vector] : batch)
                if (Status s = ImageModelStore::write(library.database(), itemId, summary.model,
                                                      spec->dimension, vector);
                    !s)
                    return s;
            batch.clear();
            return tx.commit();
        };
        const size_t chunk = size_t(threads) * 4;
        for (size_t begin = 0; begin < todo.size() && !(cancel && cancel->load()); begin += chunk) {
            const size_t end = std::min(todo.size(), begin + chunk);
            std::vector<Outcome> outcomes = embedChunk(todo, begin, end, *embedders, load, cancel);
            for (size_t i = 0; i < outcomes.size(); ++i) {
                Outcome& o = outcomes[i];
                const Pending& photo = todo[begin + i];
                if (!o.done)
                    continue; // cancelled before it: the next run embeds it
                if (!o.error.isEmpty()) {
                    summary.failures.push_back({photo.path, o.error});
                    ++summary.failed;
                    ++state.failed;
                    qCWarning(lcImageModelJob) << o.error;
                }
                if (o.error.isEmpty() || o.unreadable)
                    batch.emplace_back(photo.itemId, std::move(o.vector));
                summary.embedded += o.error.isEmpty() ? 1 : 0;
                ++state.done;
                state.current = photo.path;
            }
            if (int(batch.size()) >= options.batchSize)
                if (Status s = flush(); !s)
                    return Error{QStringLiteral("cannot write to the library: %1").arg(s.error())};
            const double seconds = std::max(clock.elapsed() / 1000.0, 1e-3);
            state.photosPerSecond = state.done / seconds;
            state.etaSeconds =
                state.photosPerSecond > 0 ? (state.total - state.done) / state.photosPerSecond : -1;
            if (progress)
                progress(state);
        }
        if (Status s = flush(); !s)
            return Error{QStringLiteral("cannot write to the library: %1").arg(s.error())};
        summary.cancelled = cancel && cancel->load() && state.done < state.total;
    }
    if (!summary.cancelled) {
        auto activated = ImageModelStore::activateIfComplete(library);
        if (!activated)
            return Error{QStringLiteral("cannot write to the library: %1").arg(activated.error())};
        summary.active = ImageModelStore::active(library);
    }
    summary.seconds = clock.elapsed() / 1000.0;
    return summary;
}

} // namespace lookalike
