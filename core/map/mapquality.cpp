#include "mapquality.h"

#include <faiss/utils/distances.h>

#include <algorithm>
#include <numeric>
#include <queue>
#include <unordered_set>

namespace lookalike {
namespace {

// The k rows nearest to row r on the map, r excluded.
std::vector<int64_t> mapNeighbours(const float* positions, qint64 n, qint64 r, int k)
{
    std::priority_queue<std::pair<float, int64_t>> nearest; // largest distance on top
    const float x = positions[2 * r], y = positions[2 * r + 1];
    for (qint64 j = 0; j < n; ++j) {
        if (j == r)
            continue;
        const float dx = positions[2 * j] - x, dy = positions[2 * j + 1] - y;
        const float d2 = dx * dx + dy * dy;
        if (int(nearest.size()) < k)
            nearest.push({d2, j});
        else if (d2 < nearest.top().first) {
            nearest.pop();
            nearest.push({d2, j});
        }
    }
    std::vector<int64_t> out;
    for (; !nearest.empty(); nearest.pop())
        out.push_back(nearest.top().second);
    return out;
}

} // namespace

double MapQuality::neighbourPreservation(const float* vectors, const float* positions, qint64 n,
                                         int d, int k, const std::vector<qint64>& sample)
{
    std::vector<qint64> rows = sample;
    if (rows.empty()) {
        rows.resize(n);
        std::iota(rows.begin(), rows.end(), 0);
    }
    k = int(std::min<qint64>(k, n - 1));
    if (rows.empty() || k <= 0)
        return 1.0;
    const qint64 nq = qint64(rows.size());
    std::vector<float> queries(size_t(nq) * d);
    for (qint64 i = 0; i < nq; ++i)
        std::copy_n(vectors + rows[i] * d, d, queries.data() + i * d);
    std::vector<float> sims(size_t(nq) * (k + 1));
    std::vector<int64_t> labels(size_t(nq) * (k + 1));
    faiss::knn_inner_product(queries.data(), vectors, size_t(d), size_t(nq), size_t(n),
                             size_t(k + 1), sims.data(), labels.data());
    double total = 0;
    for (qint64 i = 0; i < nq; ++i) {
        const std::vector<int64_t> near = mapNeighbours(positions, n, rows[i], k);
        const std::unordered_set<int64_t> onMap(near.begin(), near.end());
        int kept = 0, taken = 0;
        for (int j = 0; j <= k && taken < k; ++j) {
            const int64_t l = labels[i * (k + 1) + j];
            if (l < 0 || l == rows[i])
                continue;
            ++taken;
            kept += int(onMap.count(l));
        }
        total += double(kept) / k;
    }
    return total / double(nq);
}

} // namespace lookalike
