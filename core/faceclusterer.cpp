#include "faceclusterer.h"
#include "database.h"
#include "library.h"
#include "neighbourgraph.h"
#include "threadbudget.h"
#include <QHash>
#include <QRandomGenerator>
#include <QSet>
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace lookalike {

namespace {

// Rows of `all` that have no label: ids and their vectors, contiguous.
struct Subset {
    std::vector<qint64> ids;
    std::vector<float> data;
};

Subset unlabelled(Library& library, const VectorSet& all)
{
    QSet<qint64> unnamed;
    Statement q = library.database().prepare("SELECT id FROM items WHERE kind = 0 AND label_id IS NULL");
    while (q.next())
        unnamed.insert(q.integer(0));
    Subset s;
    const size_t d = size_t(all.dimension);
    for (size_t i = 0; i < all.ids.size(); ++i) {
        if (!unnamed.contains(all.ids[i]))
            continue;
        s.ids.push_back(all.ids[i]);
        s.data.insert(s.data.end(), all.data.begin() + long(i * d), all.data.begin() + long((i + 1) * d));
    }
    return s;
}

// Symmetric weighted adjacency from the neighbour graph, rows by index.
std::vector<std::vector<std::pair<int, float>>> adjacency(const std::vector<std::vector<SearchHit>>& graph,
                                                          const std::vector<qint64>& ids, float threshold)
{
    QHash<qint64, int> index;
    for (int i = 0; i < int(ids.size()); ++i)
        index.insert(ids[size_t(i)], i);
    std::vector<std::map<int, float>> edges(ids.size());
    for (int i = 0; i < int(graph.size()); ++i)
        for (const SearchHit& hit : graph[size_t(i)]) {
            if (hit.similarity < threshold)
                break;
            const int j = index.value(hit.id, -1);
            if (j < 0 || j == i)
                continue;
            edges[size_t(i)][j] = hit.similarity;
            edges[size_t(j)][i] = hit.similarity;
        }
    std::vector<std::vector<std::pair<int, float>>> out(ids.size());
    for (size_t i = 0; i < edges.size(); ++i)
        out[i].assign(edges[i].begin(), edges[i].end());
    return out;
}

std::vector<int> chineseWhispers(const std::vector<std::vector<std::pair<int, float>>>& adj, int iterations)
{
    std::vector<int> cls(adj.size());
    std::iota(cls.begin(), cls.end(), 0);
    std::vector<int> order(adj.size());
    std::iota(order.begin(), order.end(), 0);
    QRandomGenerator rng(7); // deterministic: the same library gives the same people
    for (int it = 0; it < iterations; ++it) {
        std::shuffle(order.begin(), order.end(), rng);
        bool changed = false;
        for (int node : order) {
            std::map<int, float> votes;
            for (const auto& [other, w] : adj[size_t(node)])
                votes[cls[size_t(other)]] += w;
            if (votes.empty())
                continue;
            const auto best = std::max_element(votes.begin(), votes.end(), [](const auto& a, const auto& b) {
                return a.second < b.second || (a.second == b.second && a.first > b.first);
            });
            if (best->first != cls[size_t(node)]) {
                cls[size_t(node)] = best->first;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    return cls;
}

Status store(Library& library, const std::vector<FaceCluster>& clusters)
{
    Database& db = library.database();
    Database::Transaction tx(db);
    if (Status s = db.exec("UPDATE items SET cluster = NULL"); !s)
        return s;
    Statement q = db.prepare("UPDATE items SET cluster = ? WHERE id = ? AND label_id IS NULL");
    for (const FaceCluster& c : clusters)
        for (qint64 face : c.faces) {
            q.bind(1, c.number).bind(2, face);
            if (!q.exec())
                return Error{q.error()};
        }
    return tx.commit();
}

} // namespace

Expected<std::vector<FaceCluster>> FaceClusterer::recluster(Library& library, const QString& model,
                                                            const Options& options)
{
    auto all = library.vectors(model);
    if (!all)
        return Error{all.error()};
    const Subset subset = unlabelled(library, *all);
    const qint64 n = qint64(subset.ids.size());
    std::vector<FaceCluster> clusters;
    if (n >= 2) {
        ThreadBudget::forSearch();
        NeighbourGraph::Options graphOptions;
        graphOptions.k = int(std::min<qint64>(options.k, n - 1));
        graphOptions.cancel = options.cancel;
        auto graph = NeighbourGraph::build(subset.data.data(), subset.ids.data(), n, all->dimension, graphOptions);
        if (!graph)
            return Error{graph.error()};
        const std::vector<int> cls = chineseWhispers(adjacency(*graph, subset.ids, options.threshold), options.iterations);
        std::map<int, std::vector<qint64>> groups;
        for (qint64 i = 0; i < n; ++i)
            groups[cls[size_t(i)]].push_back(subset.ids[size_t(i)]);
        for (auto& [c, faces] : groups)
            if (int(faces.size()) >= options.minSize)
                clusters.push_back({0, std::move(faces)});
        std::stable_sort(clusters.begin(), clusters.end(), [](const FaceCluster& a, const FaceCluster& b) {
            return a.faces.size() > b.faces.size() || (a.faces.size() == b.faces.size() && a.faces[0] < b.faces[0]);
        });
        for (size_t i = 0; i < clusters.size(); ++i)
            clusters[i].number = int(i + 1);
    }
    if (Status s = store(library, clusters); !s)
        return Error{s.error()};
    return clusters;
}

std::vector<FaceCluster> FaceClusterer::stored(Library& library)
{
    std::map<int, std::vector<qint64>> groups;
    Statement q = library.database().prepare(
        "SELECT cluster, id FROM items WHERE cluster IS NOT NULL AND label_id IS NULL ORDER BY cluster, id");
    while (q.next())
        groups[int(q.integer(0))].push_back(q.integer(1));
    std::vector<FaceCluster> out;
    for (auto& [number, faces] : groups)
        out.push_back({number, std::move(faces)});
    return out;
}

Expected<std::vector<LabelSuggestion>> FaceClusterer::suggestions(Library& library, const QString& model,
                                                                  float threshold)
{
    auto all = library.vectors(model);
    if (!all)
        return Error{all.error()};
    const int d = all->dimension;
    QHash<qint64, size_t> row;
    for (size_t i = 0; i < all->ids.size(); ++i)
        row.insert(all->ids[i], i);
    // Centroids of labels the user set (label_source 1).
    std::map<QString, std::vector<double>> centroids;
    Statement named = library.database().prepare(
        "SELECT items.id, labels.name FROM items JOIN labels ON labels.id = items.label_id WHERE items.label_source = 1");
    while (named.next()) {
        auto it = row.constFind(named.integer(0));
        if (it == row.cend())
            continue;
        auto& c = centroids[named.text(1)];
        c.resize(size_t(d), 0.0);
        const float* v = all->data.data() + *it * size_t(d);
        for (int j = 0; j < d; ++j)
            c[size_t(j)] += v[j];
    }
    for (auto& [name, c] : centroids) {
        const double norm = std::sqrt(std::inner_product(c.begin(), c.end(), c.begin(), 0.0));
        for (double& x : c)
            x /= norm > 0 ? norm : 1.0;
    }
    std::vector<LabelSuggestion> out;
    const Subset subset = unlabelled(library, *all);
    for (size_t i = 0; i < subset.ids.size(); ++i) {
        const float* v = subset.data.data() + i * size_t(d);
        LabelSuggestion best{subset.ids[i], {}, threshold};
        for (const auto& [name, c] : centroids) {
            const float s = float(std::inner_product(v, v + d, c.begin(), 0.0));
            if (s >= best.similarity) {
                best.label = name;
                best.similarity = s;
            }
        }
        if (!best.label.isEmpty())
            out.push_back(best);
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.similarity > b.similarity; });
    return out;
}

} // namespace lookalike
