#pragma once
// Indexes a folder into a library: scan, skip unchanged files, decode + detect + embed on
// worker threads (one FacePipeline each), write results in batched transactions on the
// calling thread, drop records of deleted files, refresh the FAISS cache.
//
// Crash safety: a file's image row, faces and vectors are committed together, so a run
// killed at any point leaves whole files or nothing, and the next run finishes the rest.
#include "expected.h"
#include "facepipeline.h"
#include "imageloader.h"
#include <atomic>
#include <functional>
#include <vector>

namespace lookalike {

class ModelRegistry;

class Indexer {
public:
    struct Options {
        bool labelsFromSubfolders = false;
        // Names from XMP regions (the photo's sidecars or embedded metadata) label the faces
        // they mark (NameAssigner); a name disagreeing with the subfolder's goes to review.
        bool namesFromMetadata = true;
        bool recursive = true;
        // The face pass (detect, embed, names from metadata) and the photo pass (whole-photo
        // descriptors, date taken, camera: PhotoDescriber). At least one is on. Without
        // the face pass (a photos-only import) files are marked so a later run with faces
        // finds them; a run with photos describes photos indexed before without them.
        bool facePass = true;
        bool photoPass = true;
        // The object pass (same object, another photo): SIFT keypoints of the photo already
        // decoded, its VLAD and strongest keypoints stored beside the photo descriptors
        // (ObjectStore). Opt-in: it costs tens of ms a photo, the photo pass about 5. Needs
        // the photo pass and the object codebook; without the codebook it is skipped (with
        // Summary::objectProblem) and the rest of the import goes on. A run with it also
        // describes photos indexed before without it.
        bool objectPass = false;
        int threads = 0; // 0: one per core
        int batchSize = 64;   // files per transaction, at most
        int batchMillis = 1000; // ... or this long, whichever comes first
        ImageLoader::Options load;
        FacePipeline::Options faces;
    };

    // EmbeddingPhotos: the library's image model (ImageModelStore::chosen) embeds the
    // photos that lack its vector (ImageModelJob), after the files are indexed.
    enum class Phase { Scanning, Indexing, EmbeddingPhotos, BuildingIndex, Done };
    struct Progress {
        Phase phase = Phase::Scanning;
        qint64 done = 0;  // files finished in this run (indexed or failed)
        qint64 total = 0; // files to process in this run
        qint64 faces = 0; // without the detections that are not faces
        qint64 failed = 0;
        double imagesPerSecond = 0;
        double etaSeconds = -1; // < 0: unknown
        QString current;        // the file most recently finished
    };

    struct Failure {
        QString path;
        QString error;
    };

    struct Summary {
        qint64 imagesSeen = 0;
        qint64 rawTwins = 0; // RAW files kept as the twin of their JPEG, not indexed apart
        qint64 imagesIndexed = 0;
        qint64 imagesUnchanged = 0;
        qint64 imagesRemoved = 0;
        qint64 imagesFailed = 0;
        qint64 faces = 0; // faces found in this run
        qint64 photosDescribed = 0; // photo descriptors computed in this run
        qint64 objectsDescribed = 0; // same-object descriptors computed in this run
        // Why the object pass asked for did not run (no codebook...): empty when it ran.
        QString objectProblem;
        // The library's image model, when it has chosen one: the photos it embedded in this
        // run, and why it could not (its file missing...): empty when it ran.
        QString imageModel;
        qint64 photosEmbedded = 0;
        QString imageModelProblem;
        // Detections the face gate judged not faces (kept in the library, hidden).
        qint64 notFaces = 0;
        double seconds = 0;
        bool cancelled = false;
        std::vector<Failure> failures; // files that failed and folders that could not be read
        std::vector<Failure> warnings; // files indexed with a problem (a truncated JPEG...)
    };

    using ProgressCallback = std::function<void(const Progress&)>;
    // Called on the calling thread after each committed batch, with the new face count.
    using CommitCallback = std::function<void(qint64 newFaces)>;

    explicit Indexer(const ModelRegistry& registry) : m_registry(registry) {}

    // Blocks until done or cancelled; run it on a worker thread in a GUI.
    Expected<Summary> run(const QString& libraryPath, const QString& folder,
                          const Options& options, const std::atomic_bool* cancel = nullptr,
                          const ProgressCallback& progress = {},
                          const CommitCallback& committed = {});

private:
    const ModelRegistry& m_registry;
};

} // namespace lookalike
