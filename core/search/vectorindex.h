#pragma once
#include "expected.h"
#include <QString>
#include <memory>
#include <vector>

namespace lookalike {

struct SearchHit {
    qint64 id = -1;       // the item row id in the library
    float similarity = 0; // inner product of normalised vectors = cosine
};

// A FAISS index over normalised vectors (inner product), wrapped in IndexIDMap2 so FAISS
// ids are library row ids. A cache derived from SQLite: it records what it was built from.
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

    // vectors: n * dimension floats, row-major, L2-normalised. ids: n row ids. meta.count
    // is set to n; an empty meta.factory means factoryFor(n), nprobe <= 0 nprobeFor().
    // IVF trains on a subsample. Not thread-safe with anything else on the same data.
    static Expected<std::unique_ptr<VectorIndex>> build(const float* vectors, const qint64* ids,
                                                        qint64 n, const Meta& meta);
    static Expected<std::unique_ptr<VectorIndex>> read(const QString& path);
    // One file: a header (magic, JSON meta) then the FAISS index. read() validates both and
    // returns an Error for a foreign, damaged or truncated file.
    Status write(const QString& path) const; // atomic: temp file + rename

    ~VectorIndex();
    const Meta& meta() const { return m_meta; }

    // queries: nq * dimension floats. Per query up to k hits, best first, with
    // similarity >= minSimilarity.
    std::vector<std::vector<SearchHit>> search(const float* queries, qint64 nq, int k,
                                               float minSimilarity = -1.f) const;

private:
    struct Impl;
    VectorIndex(std::unique_ptr<Impl> impl, Meta meta);
    std::unique_ptr<Impl> d;
    Meta m_meta;
};

} // namespace lookalike
