#pragma once
// Re-embeds a library's photos with its chosen image model (ImageModelStore::chosen): each
// photo that has photo descriptors but no vector of the model yet is decoded once with the
// image loader (reduced: loadOptions()), embedded with ImageEmbedder and stored, in
// transactions of Options::batchSize photos. Resumable: photos already embedded for the
// model are skipped, so a cancelled or crashed run continues where it stopped. A photo that
// cannot be read is reported, marked (ImageModelStore) and skipped; the job goes on. When
// every photo has its vector, the chosen model becomes the active one.
//
// Core only (no Widgets): run it on a worker thread in a GUI. The calling thread writes to
// the library and calls `progress`; Options::threads workers embed, one ImageEmbedder (one
// cv::dnn::Net) each.
#include "expected.h"
#include "imageloader.h"
#include <QString>
#include <atomic>
#include <functional>
#include <vector>

namespace lookalike {

class Library;
class ModelRegistry;
struct ModelSpec;

struct ImageModelJobOptions {
    int threads = 0;     // 0: one per core
    int batchSize = 256; // photos per transaction
};

class ImageModelJob {
public:
    using Options = ImageModelJobOptions;
    struct Progress {
        qint64 done = 0;  // photos embedded (or failed) in this run
        qint64 total = 0; // photos to embed in this run
        qint64 failed = 0;
        double photosPerSecond = 0;
        double etaSeconds = -1; // < 0: unknown
        QString current;        // the photo most recently finished
    };
    struct Failure {
        QString path;
        QString error;
    };
    struct Summary {
        QString model;              // the chosen model; empty: the library is model-free
        qint64 photos = 0;          // photos with photo descriptors
        qint64 embedded = 0;        // vectors computed in this run
        qint64 alreadyEmbedded = 0; // photos that had theirs (skipped)
        qint64 failed = 0;          // photos that could not be read in this run
        std::vector<Failure> failures;
        bool cancelled = false;
        QString active; // the active model after the run (empty: model-free)
        double seconds = 0;
    };
    using ProgressCallback = std::function<void(const Progress&)>;

    // How photos are decoded for `spec`: reduced to a long side of at least twice the input.
    static ImageLoader::Options loadOptions(const ModelSpec& spec);

    // Embeds what the chosen model lacks in `library` (opened for writing). Nothing to do
    // when no model is chosen. An error when the model's file is missing, does not verify or
    // OpenCV cannot load it (nothing is written then), or when the library cannot be written.
    static Expected<Summary> run(Library& library, const ModelRegistry& registry,
                                 const Options& options = {},
                                 const std::atomic_bool* cancel = nullptr,
                                 const ProgressCallback& progress = {});
    // The same on the library file at `libraryPath`.
    static Expected<Summary> run(const QString& libraryPath, const ModelRegistry& registry,
                                 const Options& options = {},
                                 const std::atomic_bool* cancel = nullptr,
                                 const ProgressCallback& progress = {});
};

} // namespace lookalike
