#pragma once
// Benchmarks of the search engine on synthetic faces (syntheticvectors.h), for
// `lookalike-cli bench`. They return figures and print nothing. Timings are wall-clock on
// the calling machine with its current BLAS and thread settings.
#include <QJsonObject>
#include <QString>
#include <vector>

namespace lookalike {

// One point of the NeighbourGraph recall/time curve.
struct GraphRun {
    bool exact = false;
    int cells = 0;
    int probes = 0;
    double seconds = 0;      // whole build, training included
    double cpuSeconds = 0;   // CPU time of the process meanwhile, all threads
    double trainSeconds = 0; // k-means and probe assignment
    double recall = 0;       // of the true top-k, on the sample
};

struct GraphBench {
    qint64 count = 0;
    int dimension = 0;
    int k = 0;
    int threads = 0;
    int sampleQueries = 0;           // ground truth computed exactly for these rows
    double exactSampleSeconds = 0;   // time for that ground truth
    double exactEstimateSeconds = 0; // all-pairs exact search, extrapolated from the sample
    GraphRun standard;               // the default options, as `dupes` runs them
    std::vector<GraphRun> curve;     // the approximate search at several probe counts
};

// All-pairs k-NN over n synthetic faces with NeighbourGraph's defaults, then once per
// entry of `probes` with the approximate search forced.
GraphBench benchNeighbourGraph(qint64 n = 56000, int d = 512, int k = 10,
                               const std::vector<int>& probes = {4, 8, 12, 16, 24, 32},
                               int sampleQueries = 500);

struct QueryRun {
    QString factory;
    int nprobe = 0;
    bool chosen = false; // what VectorIndex::factoryFor(n) picks
    double buildSeconds = 0;
    double medianMs = 0; // one query, warm
    double p95Ms = 0;
    double recall = 0; // top-k against Flat
};

struct QueryBench {
    qint64 count = 0;
    int dimension = 0;
    int k = 0;
    int queries = 0;
    std::vector<QueryRun> runs; // Flat, then the IVF factory used above the crossover
};

// Single-query latency of VectorIndex over n synthetic faces, queried with `queries` held-out
// faces of the same people.
QueryBench benchQuery(qint64 n = 100000, int d = 512, int k = 10, int queries = 200);

QJsonObject toJson(const GraphBench& bench);
QJsonObject toJson(const QueryBench& bench);
QJsonObject benchNeighbourGraphJson(qint64 n);
QJsonObject benchQueryJson(qint64 n);
// The review finder's three modes, people clustering and suggestions over a library file of
// n synthetic faces with 1% planted misfiles and 0.2% duplicate photos (reviewbenchmark.cpp).
QJsonObject benchReviewJson(qint64 n);

// User + system CPU seconds of the whole process so far, all threads: on a machine shared
// with other jobs, wall-clock times stretch, CPU times much less.
double processCpuSeconds();

} // namespace lookalike
