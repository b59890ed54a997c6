#pragma once
// Answers "who does this face look like?" against one library: decode a photo, find its
// faces, embed them and search the library's FAISS index. Holds its own library connection
// (read-only: searching never changes the library) and pipeline, so it is not thread-safe:
// one Searcher per thread.
#include "expected.h"
#include "face.h"
#include "facepipeline.h"
#include "imageloader.h"
#include "library.h"
#include "vectorindex.h"
#include <functional>
#include <memory>
#include <span>

namespace lookalike {

class IndexBuilder;
class ModelRegistry;

struct FaceMatch {
    FaceRecord face;
    float similarity = 0; // cosine
};

struct QueryFace {
    DetectedFace face; // box relative to the query photo
    std::vector<FaceMatch> matches; // best first
};

class Searcher {
public:
    struct Options {
        // When the cached index is missing or stale: false builds it before open() returns;
        // true returns at once and builds it on a background thread, searches meanwhile
        // being exact scans of the stored vectors (slower, but right).
        bool buildInBackground = false;
        // Progress 0..1 of a background build, called on the build thread.
        std::function<void(double)> buildProgress;
    };
    static Expected<std::unique_ptr<Searcher>> open(const QString& libraryPath,
                                                    const ModelRegistry& registry);
    static Expected<std::unique_ptr<Searcher>> open(const QString& libraryPath,
                                                    const ModelRegistry& registry,
                                                    const Options& options);
    ~Searcher();

    // A background index build: its progress 0..1, or -1 when none runs (the index is
    // ready, or the library is empty). Thread-safe.
    double indexBuildProgress() const;

    // Every face in the photo, largest first, each with its k best matches.
    Expected<std::vector<QueryFace>> queryImage(const QString& path, int k, float minSimilarity);
    Expected<std::vector<QueryFace>> queryImage(const LoadedImage& photo, int k,
                                                float minSimilarity);
    // Faces like a face already in the library (itself excluded).
    Expected<std::vector<FaceMatch>> similarTo(qint64 faceId, int k, float minSimilarity);
    // Faces like an embedding (size = dimension, L2-normalised).
    std::vector<FaceMatch> search(std::span<const float> embedding, int k, float minSimilarity,
                                  qint64 exclude = -1);

    Library& library() { return *m_library; }
    QString model() const { return m_model; }
    qint64 indexedCount() const;

private:
    Searcher() = default;
    std::shared_ptr<const VectorIndex> index(); // takes over a finished background build
    // The k most similar stored vectors, by a scan of the library (no index needed).
    std::vector<SearchHit> exactScan(std::span<const float> embedding, int k, float minSimilarity);

    std::unique_ptr<Library> m_library;
    std::unique_ptr<FacePipeline> m_pipeline;
    std::shared_ptr<const VectorIndex> m_index;
    std::unique_ptr<IndexBuilder> m_builder; // while the index builds in the background
    QString m_model;
};

} // namespace lookalike
