#pragma once
#include "expected.h"
#include "facepipeline.h"
#include <QString>
#include <functional>
#include <vector>

namespace lookalike {

class ModelRegistry;

// Face verification accuracy on an LFW-style pair list: every photo's largest face is
// embedded, pairs are scored by cosine similarity, and accuracy is measured by k-fold
// cross-validation (threshold picked on k-1 folds, tested on the remaining one).
class VerificationBenchmark {
public:
    struct Options {
        int threads = 1; // one FacePipeline per thread; OpenCV is set to 1 thread
        int folds = 10;
        FacePipeline::Options pipeline;
        std::function<void(int done, int total)> progress; // called from worker threads
    };
    struct Pair {
        QString first; // image paths
        QString second;
        bool same = false;
    };
    struct Report {
        double accuracy = 0.0; // mean of foldAccuracies, 0..1
        double accuracyStdDev = 0.0;
        double threshold = 0.0; // cosine; mean of the folds' thresholds
        std::vector<double> foldAccuracies;
        int pairs = 0;
        int images = 0;
        int fallbacks = 0;       // photos without a detected face: centre region used
        int failures = 0;        // photos that could not be read or described
        double msPerImage = 0.0; // decode + pipeline, per photo and thread
        double seconds = 0.0;    // wall clock for the whole run
    };

    // `lfwDir` holds images/<Name>/<Name>_NNNN.jpg; `pairsFile` empty means
    // <lfwDir>/pairsDevTrain.txt.
    static Expected<Report> run(const ModelRegistry& registry, const QString& lfwDir,
                                const QString& pairsFile, const Options& options);

    // LFW pair list: a first line (count, or "sets count"), then "name i j" (same person)
    // and "name1 i name2 j" (different people).
    static Expected<std::vector<Pair>> readPairs(const QString& pairsFile,
                                                 const QString& imagesDir);
    // Cross-validated accuracy from per-pair similarities (`similarity[i]` for `pairs[i]`).
    // Folds split the same and the different pairs each into contiguous runs, as LFW orders them.
    static Report crossValidate(const std::vector<Pair>& pairs,
                                const std::vector<float>& similarity, int folds);
    // The threshold that classifies the most of these pairs right (same if similarity >= it).
    static double bestThreshold(const std::vector<float>& similarity,
                                const std::vector<bool>& same);
};

} // namespace lookalike
