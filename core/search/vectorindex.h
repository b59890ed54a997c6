#pragma once
#include "expected.h"
#include <QString>
#include <functional>
#include <memory>
#include <vector>

namespace lookalike {

struct SearchHit {
    qint64 id = -1;       // the item row id in the library
    float similarity = 0; // inner product of normalised vectors = cosine
};

// A FAISS index over normalised vectors (inner product), wrapped in IndexIDMap2 so FAISS
// ids are library row ids. A cache derived from SQLite: it records what it was built from.
// Small libraries keep the float vectors (exact); large ones keep 8-bit codes per vector
// (IVF,SQ8: a quarter of the memory and file size), whose similarities are approximate
// until re-ranked from the stored float vectors (search() with an ExactVectors source).
// search() may run concurrently from several threads; nothing else may run with it.
class VectorIndex {
public:
    struct Meta {
        QString model; // embedding model id
        int dimension = 0;
        qint64 count = 0;      // vectors in the index
        qint64 generation = 0; // the library's vector generation it was built from
        QString factory;       // FAISS factory string, "Flat", "IVF1024,Flat", ...
        int nprobe = 0;        // IVF lists searched per query; 0 for Flat or "the default"
    };

    // The factory string for a library of `count` vectors: exact below a measured size,
    // approximate above it. The one place index types are chosen.
    static QString factoryFor(qint64 count);
    // The same with another crossover (tests, benchmarks).
    static QString factoryFor(qint64 count, qint64 exactBelow);
    // IVF lists searched per query for top-10 recall >= 0.99; 0 for exact factories.
    static int nprobeFor(const QString& factory);
    // Vectors an IVF factory trains on (a few tens per list); 0 for exact factories.
    static qint64 trainingSizeFor(const QString& factory);
    // Does `factory` keep compressed codes, so that search results need a re-rank?
    static bool isCompressed(const QString& factory);
    // Candidates a compressed index re-ranks for the top k.
    static int rerankDepth(int k);

    // vectors: n * dimension floats, row-major, L2-normalised. ids: n row ids. meta.count
    // is set to n; an empty meta.factory means factoryFor(n), nprobe <= 0 nprobeFor().
    // IVF trains on a subsample. Not thread-safe with anything else on the same data.
    static Expected<std::unique_ptr<VectorIndex>> build(const float* vectors, const qint64* ids,
                                                        qint64 n, const Meta& meta);
    // In steps, for vectors streamed from the library: create() trains on `sample` (n *
    // dimension floats; for IVF about trainingSizeFor() rows spread over the library; for
    // Flat none is needed) and gives an empty index; add() appends vectors; the index is
    // shared only once complete. meta.count grows with add().
    static Expected<std::unique_ptr<VectorIndex>> create(const Meta& meta, const float* sample,
                                                         qint64 n);
    Status add(const float* vectors, const qint64* ids, qint64 n);
    static Expected<std::unique_ptr<VectorIndex>> read(const QString& path);
    // One file: a header (magic, JSON meta) then the FAISS index. read() validates both and
    // returns an Error for a foreign, damaged or truncated file.
    Status write(const QString& path) const; // atomic: temp file + rename

    ~VectorIndex();
    const Meta& meta() const { return m_meta; }

    // queries: nq * dimension floats. Per query up to k hits, best first, with
    // similarity >= minSimilarity.
    // On a compressed index the similarities are those of the codes (within about 0.002 of
    // the exact ones) and the order may differ slightly from the exact one.
    std::vector<std::vector<SearchHit>> search(const float* queries, qint64 nq, int k,
                                               float minSimilarity = -1.f) const;

    // Fills out (n * dimension floats) with the stored float vectors of ids; an Error when
    // it cannot (the library changed meanwhile). Called on the searching thread.
    using ExactVectors = std::function<Status(const qint64* ids, qint64 n, float* out)>;
    // The same search with exact similarities: a compressed index takes rerankDepth(k)
    // candidates per query and re-ranks them with their stored vectors; an exact index
    // ignores `exact`. When `exact` fails, the codes' order and similarities are returned.
    std::vector<std::vector<SearchHit>> search(const float* queries, qint64 nq, int k,
                                               float minSimilarity,
                                               const ExactVectors& exact) const;
    bool isCompressed() const { return isCompressed(m_meta.factory); }

private:
    struct Impl;
    VectorIndex(std::unique_ptr<Impl> impl, Meta meta);
    void prepareSearch(); // after build, read or the last add(): picks the search path
    std::unique_ptr<Impl> d;
    Meta m_meta;
};

} // namespace lookalike
