#pragma once
// Suggests people in an unlabelled library: Chinese whispers on the k-nearest-neighbour graph
// of faces that have no label, edges above a similarity threshold. Clusters are numbered by
// size, largest first ("Unnamed person 1", ...) and stored in the library.
// Re-clustering never overrides what the user decided: labelled faces are never clustered
// (naming a cluster is a relabel, LabelEditor), faces the user said are the same person
// (decisions, verdict 1: merging two suggested people) always end in one cluster, and faces
// said to differ (verdict 0: splitting one) never do.
// Suggestions: unlabelled faces close to a named person, unless the user said they differ.
#include "expected.h"
#include <QString>
#include <atomic>
#include <functional>
#include <vector>

namespace lookalike {

class Library;
struct VectorSet;

struct FaceCluster {
    int number = 0;             // 1 = the largest
    std::vector<qint64> faces;  // face ids
};

struct LabelSuggestion {
    qint64 face = 0;
    QString label;
    float similarity = 0; // to the label's centroid
};

class FaceClusterer {
public:
    struct Options {
        float threshold = 0.45f; // cosine; stricter than verification, against chaining
        int k = 20;
        int minSize = 2;         // smaller groups stay unclustered
        int iterations = 20;
        // Polled between work items; a cancelled run stores nothing and gives an Error.
        const std::atomic_bool* cancel = nullptr;
        // 0..1, called on the calling thread: reading the vectors up to 0.1, the neighbour
        // search (most of the time) up to 0.9, grouping and storing the rest.
        std::function<void(double fraction)> progress;
    };
    // Streams the vectors from the library and holds the unlabelled ones as half floats
    // (1 GB at 1,000,000 unlabelled faces), never all of them as floats.
    static Expected<std::vector<FaceCluster>> recluster(Library& library, const QString& model,
                                                        const Options& options);
    // The same on vectors already read (Library::vectors).
    static Expected<std::vector<FaceCluster>> recluster(Library& library, const VectorSet& vectors,
                                                        const Options& options);
    static std::vector<FaceCluster> stored(Library& library);
    // True when the library has unlabelled faces but was never clustered.
    static bool neverClustered(Library& library);
    // Unlabelled faces within `threshold` of the centroid of a named person, best first; never
    // a person the user said the face differs from (a "different" decision with one of theirs).
    static Expected<std::vector<LabelSuggestion>> suggestions(Library& library, const QString& model,
                                                              float threshold);
    static Expected<std::vector<LabelSuggestion>> suggestions(Library& library, const VectorSet& vectors,
                                                              float threshold);
    static QString displayName(int number) { return QStringLiteral("Unnamed person %1").arg(number); }

private:
    using Source = std::function<Status(const std::function<bool(const qint64*, const float*, qint64)>&)>;
    static Expected<std::vector<FaceCluster>> recluster(Library& library, const Source& source, int d,
                                                        const Options& options);
    static Expected<std::vector<LabelSuggestion>> suggestions(Library& library, const Source& source, int d,
                                                              float threshold);
};

} // namespace lookalike
