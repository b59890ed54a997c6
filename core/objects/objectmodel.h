#pragma once
// Everything same-object search needs from the model registry, read in one place: the
// codebook ("object-codebook", verified by its sha256) and the extraction and matching
// options of its manifest entry.
#include "expected.h"
#include "localfeatureextractor.h"
#include "objectcodebook.h"
#include "objectsearch.h"

namespace lookalike {

class ModelRegistry;

struct ObjectModel {
    ObjectCodebook codebook;
    LocalFeatureExtractor::Options extract;
    ObjectSearch::Options search;

    // A missing or unverifiable codebook gives one sentence that names the fix.
    static Expected<ObjectModel> load(const ModelRegistry& registry);
};

} // namespace lookalike
