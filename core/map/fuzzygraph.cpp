#include "fuzzygraph.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace lookalike {
namespace {

constexpr int kSearchSteps = 64;
constexpr double kTolerance = 1e-5;
constexpr double kMinScale = 1e-3; // of the mean distance: a floor for the decay scale

// Sum of the strengths of `distances` above `rho` for decay scale `sigma`.
double strengthSum(const std::vector<float>& distances, double rho, double sigma)
{
    double sum = 0;
    for (float d : distances)
        sum += d - rho > 0 ? std::exp(-(d - rho) / sigma) : 1.0;
    return sum;
}

// The decay scale whose strengths sum to `target`, by bisection as in UMAP.
double decayScale(const std::vector<float>& distances, double rho, double target)
{
    double lo = 0, hi = std::numeric_limits<double>::infinity(), mid = 1;
    for (int step = 0; step < kSearchSteps; ++step) {
        const double sum = strengthSum(distances, rho, mid);
        if (std::abs(sum - target) < kTolerance)
            break;
        if (sum > target) {
            hi = mid;
            mid = (lo + hi) / 2;
        } else {
            lo = mid;
            mid = std::isinf(hi) ? mid * 2 : (lo + hi) / 2;
        }
    }
    const double mean =
        std::accumulate(distances.begin(), distances.end(), 0.0) / double(distances.size());
    return std::max(mid, kMinScale * mean);
}

struct DirectedRow {
    std::vector<int32_t> targets; // sorted
    std::vector<float> weights;
    float weightTo(int32_t v) const
    {
        const auto it = std::lower_bound(targets.begin(), targets.end(), v);
        return it != targets.end() && *it == v ? weights[size_t(it - targets.begin())] : 0.f;
    }
};

DirectedRow directedRow(const std::vector<SearchHit>& hits, int64_t self, int64_t n)
{
    std::vector<std::pair<float, int32_t>> kept; // distance, target
    for (const SearchHit& h : hits)
        if (h.id >= 0 && h.id < n && h.id != self)
            kept.push_back({std::max(0.f, 1.f - h.similarity), int32_t(h.id)});
    std::sort(kept.begin(), kept.end());
    kept.erase(std::unique(kept.begin(), kept.end(),
                           [](const auto& a, const auto& b) { return a.second == b.second; }),
               kept.end());
    std::vector<float> distances;
    for (const auto& k : kept)
        distances.push_back(k.first);
    const std::vector<float> strengths = FuzzyGraph::memberships(distances);
    std::vector<std::pair<int32_t, float>> byTarget;
    for (size_t j = 0; j < kept.size(); ++j)
        byTarget.push_back({kept[j].second, strengths[j]});
    std::sort(byTarget.begin(), byTarget.end());
    DirectedRow row;
    for (const auto& [target, weight] : byTarget) {
        row.targets.push_back(target);
        row.weights.push_back(weight);
    }
    return row;
}

} // namespace

float FuzzyGraph::maxWeight() const
{
    return weights.empty() ? 0.f : *std::max_element(weights.begin(), weights.end());
}

std::vector<float> FuzzyGraph::memberships(const std::vector<float>& distances)
{
    if (distances.empty())
        return {};
    const auto positive =
        std::find_if(distances.begin(), distances.end(), [](float d) { return d > 0; });
    const double rho = positive == distances.end() ? 0.0 : *positive;
    const double sigma = decayScale(distances, rho, std::log2(double(distances.size()) + 1));
    std::vector<float> out;
    out.reserve(distances.size());
    for (float d : distances)
        out.push_back(d - rho > 0 ? float(std::exp(-(d - rho) / sigma)) : 1.f);
    return out;
}

FuzzyGraph FuzzyGraph::fromNeighbours(const std::vector<std::vector<SearchHit>>& neighbours)
{
    const int64_t n = int64_t(neighbours.size());
    std::vector<DirectedRow> rows(n);
    for (int64_t v = 0; v < n; ++v)
        rows[v] = directedRow(neighbours[v], v, n);

    // The union of both directions: an edge u-v once, with a + b - a * b.
    struct Edge {
        int32_t u, v;
        float w;
    };
    std::vector<Edge> edges;
    std::vector<int64_t> degree(n, 0);
    for (int64_t u = 0; u < n; ++u)
        for (size_t j = 0; j < rows[u].targets.size(); ++j) {
            const int32_t v = rows[u].targets[j];
            const float a = rows[u].weights[j];
            const float b = rows[v].weightTo(int32_t(u));
            if (b > 0 && v < u)
                continue; // taken from v's row
            edges.push_back({int32_t(u), v, a + b - a * b});
            ++degree[u];
            ++degree[v];
        }

    FuzzyGraph g;
    g.n = n;
    g.offsets.assign(n + 1, 0);
    for (int64_t v = 0; v < n; ++v)
        g.offsets[v + 1] = g.offsets[v] + degree[v];
    g.targets.resize(size_t(g.offsets[n]));
    g.weights.resize(size_t(g.offsets[n]));
    std::vector<int64_t> fill(g.offsets.begin(), g.offsets.end() - 1);
    for (const Edge& e : edges) {
        g.targets[fill[e.u]] = e.v;
        g.weights[fill[e.u]++] = e.w;
        g.targets[fill[e.v]] = e.u;
        g.weights[fill[e.v]++] = e.w;
    }
    return g;
}

} // namespace lookalike
