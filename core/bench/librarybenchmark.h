#pragma once
// Benchmarks of a real library file at scale (bench query): a synthetic library written
// once and reused, then opening it cold (no index cache: the index is built) and warm (a
// valid cache), query latency, recall@10 of the index against an exact scan, peak memory.
// Each measurement runs in its own process (lookalike-cli) so that peak RSS is honest.
#include "expected.h"
#include <QJsonObject>
#include <QString>

namespace lookalike {

class ModelRegistry;

// A library file holding `count` synthetic faces (syntheticvectors.h: clustered unit vectors,
// photos named /synthetic/person<P>/<i>.jpg), written in batches of 5,000 photos.
Status makeSyntheticLibrary(const QString& path, qint64 count, const QString& model);

struct OpenQueryOptions {
    QString library;
    QString image;     // the dropped photo
    int repeats = 20;  // warm queries timed
    bool cold = false; // remove the index cache first: the open builds it
    int recallQueries = 100;
};

// Opens `library` as the app's searcher does, times queries of `image` (decode, detect,
// embed, search and re-rank) and measures recall@10 against an exact scan on faces made
// like new photos of people in the library. Returns the figures, peak RSS included.
Expected<QJsonObject> benchOpenAndQuery(const ModelRegistry& registry,
                                        const OpenQueryOptions& options);

} // namespace lookalike
