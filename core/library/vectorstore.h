#pragma once
// One model's vectors as stored in a library (float32 BLOBs in SQLite, the truth), read
// without holding them all: in blocks of rows by item id, a sample of rows, or the few rows
// a search re-ranks. At 1,000,000 faces Library::vectors() is a 2 GB copy; a block of
// 16,384 rows is 32 MB. Uses the library's connection: same thread rules as Library.
#include "expected.h"
#include <QString>
#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace lookalike {

class Library;

class VectorStore {
public:
    VectorStore(Library& library, QString model);

    const QString& model() const { return m_model; }
    // 0 when the library holds no vector of the model.
    int dimension();
    qint64 count();

    // visit(ids, vectors, n): n rows (vectors n * dimension floats) in item id order, at most
    // `blockRows` per call; returning false stops early (not an error). Stops with an Error
    // when `cancel` is set, or on a vector of the wrong size.
    using Visit = std::function<bool(const qint64* ids, const float* vectors, qint64 n)>;
    Status forEachBlock(qint64 blockRows, const Visit& visit,
                        const std::atomic_bool* cancel = nullptr);

    // The stored vectors of `ids`, in that order, into out (ids.size() * dimension floats).
    // An Error names the first id that has no vector.
    Status fetch(std::span<const qint64> ids, float* out);

    // Every vector as half floats (ids.size() * dimension values, IEEE binary16), in item
    // order: 1 GB at 1,000,000 faces of 512 dimensions instead of 2 GB.
    Status readHalves(std::vector<qint64>& ids, std::vector<uint16_t>& halves,
                      const std::atomic_bool* cancel = nullptr);

    // About `wanted` rows spread evenly over the item ids (every count / wanted-th), for
    // training: ids and vectors (ids.size() * dimension). Reads every row once.
    Status sample(qint64 wanted, std::vector<qint64>& ids, std::vector<float>& vectors,
                  const std::atomic_bool* cancel = nullptr);

private:
    Library& m_library;
    QString m_model;
    qint64 m_modelId = -1;
    int m_dimension = -1;
    bool resolve(); // m_modelId and m_dimension, once
};

} // namespace lookalike
