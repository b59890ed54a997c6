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
    // What the object pass costs a photo beyond decoding: CPU ms of describe() on one thread,
    // the mean over 200 SMVS, Holidays and noface photos (median 32, p95 72; the photo pass
    // 2.2 ms on the same photos), measured by `lookalike-cli bench objects` (object_pass, see
    // the README). Shown where a person chooses the pass.
    static constexpr int kMillisPerPhoto = 36;

    ObjectCodebook codebook;
    LocalFeatureExtractor::Options extract;
    ObjectSearch::Options search;

    // A missing or unverifiable codebook gives one sentence that names the fix.
    static Expected<ObjectModel> load(const ModelRegistry& registry);
};

} // namespace lookalike
