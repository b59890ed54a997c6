#include "vectorstore.h"
#include "database.h"
#include "library.h"
#include "vectorkernels.h"
#include <algorithm>
#include <cstring>

namespace lookalike {

VectorStore::VectorStore(Library& library, QString model)
    : m_library(library), m_model(std::move(model))
{
}

bool VectorStore::resolve()
{
    if (m_dimension >= 0)
        return m_modelId >= 0;
    m_dimension = 0;
    Statement q = m_library.database().prepare("SELECT id, dimension FROM models WHERE name = ?");
    q.bind(1, m_model);
    if (q.next()) {
        m_modelId = q.integer(0);
        m_dimension = int(q.integer(1));
    }
    return m_modelId >= 0;
}

int VectorStore::dimension()
{
    resolve();
    return m_dimension;
}

qint64 VectorStore::count()
{
    if (!resolve())
        return 0;
    Statement q = m_library.database().prepare(
        "SELECT count(*) FROM vectors WHERE model_id = ? AND item_id NOT IN (SELECT id FROM items "
        "WHERE not_face = 1)");
    q.bind(1, m_modelId);
    return q.next() ? q.integer(0) : 0;
}

Status VectorStore::forEachBlock(qint64 blockRows, const Visit& visit,
                                 const std::atomic_bool* cancel)
{
    if (!resolve())
        return success();
    const int d = m_dimension;
    blockRows = std::max<qint64>(1, blockRows);
    std::vector<qint64> ids;
    std::vector<float> data;
    ids.reserve(size_t(blockRows));
    data.reserve(size_t(blockRows) * size_t(d));
    // The UNIQUE(item_id, model_id) index gives item order without a sort; detections hidden
    // as not a face (a handful, on a partial index) are left out as a set, not by a join.
    Statement q = m_library.database().prepare(
        "SELECT item_id, data FROM vectors WHERE model_id = ? AND item_id NOT IN (SELECT id FROM "
        "items WHERE not_face = 1) ORDER BY item_id");
    q.bind(1, m_modelId);
    while (q.next()) {
        const auto values = q.floats(1);
        if (int(values.size()) != d)
            return Error{QStringLiteral("vector of item %1 has %2 values, expected %3")
                             .arg(q.integer(0))
                             .arg(values.size())
                             .arg(d)};
        ids.push_back(q.integer(0));
        data.insert(data.end(), values.begin(), values.end());
        if (qint64(ids.size()) == blockRows) {
            if (cancel && cancel->load())
                return Error{QStringLiteral("cancelled")};
            if (!visit(ids.data(), data.data(), qint64(ids.size())))
                return success();
            ids.clear();
            data.clear();
        }
    }
    if (!q.error().isEmpty())
        return Error{q.error()};
    if (!ids.empty())
        visit(ids.data(), data.data(), qint64(ids.size()));
    return success();
}

Status VectorStore::fetch(std::span<const qint64> ids, float* out)
{
    if (!resolve())
        return ids.empty() ? success()
                           : Status(Error{QStringLiteral("no vectors of %1").arg(m_model)});
    Statement q =
        m_library.database().prepare("SELECT data FROM vectors WHERE item_id = ? AND model_id = ?");
    for (size_t i = 0; i < ids.size(); ++i) {
        q.bind(1, ids[i]).bind(2, m_modelId);
        if (!q.next())
            return Error{QStringLiteral("item %1 has no %2 vector").arg(ids[i]).arg(m_model)};
        const auto values = q.floats(0);
        if (int(values.size()) != m_dimension)
            return Error{QStringLiteral("vector of item %1 has %2 values, expected %3")
                             .arg(ids[i])
                             .arg(values.size())
                             .arg(m_dimension)};
        std::memcpy(out + i * size_t(m_dimension), values.data(), values.size_bytes());
        q.reset();
    }
    return success();
}

Status VectorStore::readHalves(std::vector<qint64>& ids, std::vector<uint16_t>& halves,
                               const std::atomic_bool* cancel)
{
    ids.clear();
    halves.clear();
    const qint64 total = count();
    const size_t d = size_t(m_dimension);
    ids.reserve(size_t(total));
    halves.reserve(size_t(total) * d);
    return forEachBlock(
        4096,
        [&](const qint64* blockIds, const float* vectors, qint64 n) {
            ids.insert(ids.end(), blockIds, blockIds + n);
            const size_t at = halves.size();
            halves.resize(at + size_t(n) * d);
            kernels::toHalf(vectors, halves.data() + at, size_t(n) * d);
            return true;
        },
        cancel);
}

Status VectorStore::sample(qint64 wanted, std::vector<qint64>& ids, std::vector<float>& vectors,
                           const std::atomic_bool* cancel)
{
    ids.clear();
    vectors.clear();
    const qint64 total = count();
    if (total == 0 || wanted <= 0)
        return success();
    const int d = m_dimension;
    const double step = double(total) / double(std::min(wanted, total));
    ids.reserve(size_t(std::min(wanted, total)));
    vectors.reserve(size_t(std::min(wanted, total)) * size_t(d));
    qint64 row = 0;
    double next = 0;
    return forEachBlock(
        4096,
        [&](const qint64* blockIds, const float* data, qint64 n) {
            for (qint64 i = 0; i < n; ++i, ++row)
                if (double(row) >= next) {
                    ids.push_back(blockIds[i]);
                    vectors.insert(vectors.end(), data + i * d, data + (i + 1) * d);
                    next += step;
                }
            return true;
        },
        cancel);
}

} // namespace lookalike
