#pragma once
// Same-object search measured on SMVS DVD covers: phone photos against their clean scans
// hidden among distractor photos, then the same at library scale with synthetic filler.
#include "expected.h"
#include <QJsonObject>
#include <QStringList>
#include <atomic>

namespace lookalike {

class ModelRegistry;

class ObjectBenchmark {
public:
    struct Options {
        QString smvs;            // the smvs-dev folder (queries.tsv, dvd_covers/)
        QStringList distractors; // folders of unrelated photos
        int distractorLimit = 0; // > 0: at most this many distractor photos, evenly chosen
        qint64 scale = 100000;   // library size for the timing at scale (0: skip)
        int candidates = -1;     // VLAD candidates re-ranked; < 0: the manifest's
        int queryLimit = 0;      // > 0: only this many queries (evenly chosen), for timing
        // The FAISS factory of the VLAD index: the library's (ObjectIndex::kFactory, 8-bit
        // codes) unless "Flat" (float32) is asked for, to compare.
        QString factory;
        int passSample = 100; // library photos the object pass cost is measured on (0: none)
        // With scale: also write a library file of `scale` photos (synthetic, as the filler;
        // kept and reused) and measure the product's path on it: the VLAD cache built from
        // SQLite (ObjectIndex) and queries whose keypoints come from SQLite (ObjectStore).
        QString libraryFile;
    };

    // One JSON object: the object pass's cost a photo beyond decoding (single thread, CPU and
    // wall ms, beside the photo pass's on the same photos), photos and keypoints, storage per
    // photo, VLAD-only precision@1 and
    // recall@candidates, precision@1 after the re-rank, query times (median, p95) for the
    // real library and for `scale` photos (real VLADs plus perturbed copies as filler; the
    // filler's keypoints are those of the photo each copy came from, so the re-rank cost is
    // real). Query times are wall clock and, less sensitive to other load on the machine,
    // the process's CPU time (on an idle 2-core machine the wall time is about half of it or
    // more). Runs on the global thread pool.
    static Expected<QJsonObject> run(const ModelRegistry& registry, const Options& options,
                                     const std::atomic_bool* cancel = nullptr);
};

} // namespace lookalike
