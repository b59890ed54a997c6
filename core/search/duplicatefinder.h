#pragma once
// Finds pairs of similar faces across a whole library on the FAISS k-nearest-neighbour
// graph: the dataset-cleansing run of seed 004, as a feature.
#include "expected.h"
#include "library.h"
#include <atomic>
#include <functional>

namespace lookalike {

struct FacePair {
    FaceRecord a;
    FaceRecord b;
    float similarity = 0;
};

class DuplicateFinder {
public:
    struct Options {
        float threshold = 0.6f;
        int k = 10;                 // neighbours looked at per face
        bool crossLabelOnly = false; // keep pairs whose labels differ (both labelled)
        const std::atomic_bool* cancel = nullptr;
        std::function<void(double)> progress;
    };
    // Most similar first, each pair once.
    static Expected<std::vector<FacePair>> find(Library& library, const QString& model,
                                                const Options& options);
};

} // namespace lookalike
