#pragma once
// Benchmarks of the new photo formats, for `lookalike-cli bench formats` and `bench raw-memory`:
// indexing the same pictures as JPEG, HEIC (heif-enc) and DNG (DngWriter, with a camera-like
// JPEG preview, and without one: the half-size decode), and the peak memory of decoding one
// generated 50 MP RAW. Timings are wall-clock on the calling machine.
#include "expected.h"
#include <QJsonObject>
#include <QString>

namespace lookalike {

class ModelRegistry;

class FormatBenchmark {
public:
    // Up to `limit` JPEGs of `folder`, converted under `workDir`, each set indexed with
    // `threads` workers: photos, seconds, photos/s and faces per format.
    static Expected<QJsonObject> indexing(const ModelRegistry& registry, const QString& folder,
                                          const QString& workDir, int limit, int threads);
    // A `megapixels` DNG without a preview written under `workDir` from `photo`, then decoded
    // by ImageLoader: seconds and the process's peak resident memory during the decode.
    static Expected<QJsonObject> rawMemory(const QString& photo, const QString& workDir,
                                           double megapixels);
};

} // namespace lookalike
