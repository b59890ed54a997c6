#include "faceclusterer.h"
#include "database.h"
#include "library.h"
#include "neighbourgraph.h"
#include "threadbudget.h"
#include <QHash>
#include <QRandomGenerator>
#include <QSet>
#include <faiss/utils/distances.h>
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

using Adjacency = std::vector<std::vector<std::pair<int, float>>>;

// The user's decisions between faces of the subset, as pairs of subset indexes.
struct Constraints {
    std::vector<std::pair<int, int>> same;      // must end in one person
    std::vector<std::pair<int, int>> different; // must not
};

Constraints constraints(Library& library, const QHash<qint64, int>& index)
{
    Constraints c;
    Statement q = library.database().prepare("SELECT item_a, item_b, verdict FROM decisions");
    while (q.next()) {
        const int a = index.value(q.integer(0), -1), b = index.value(q.integer(1), -1);
        if (a < 0 || b < 0 || a == b)
            continue;
        (q.integer(2) == 1 ? c.same : c.different).push_back({a, b});
    }
    return c;
}

struct UnionFind {
    std::vector<int> parent;
    explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    int find(int x)
    {
        while (parent[size_t(x)] != x)
            x = parent[size_t(x)] = parent[size_t(parent[size_t(x)])];
        return x;
    }
    void unite(int a, int b) { parent[size_t(find(a))] = find(b); }
};

// Symmetric weighted adjacency between groups (faces joined by "same person" decisions count
// as one node), edges above the threshold, none between groups the user said differ.
Adjacency adjacency(const std::vector<std::vector<SearchHit>>& graph, const QHash<qint64, int>& index,
                    UnionFind& groups, const QSet<std::pair<int, int>>& apart, float threshold)
{
    std::vector<std::map<int, float>> edges(graph.size());
    for (int i = 0; i < int(graph.size()); ++i)
        for (const SearchHit& hit : graph[size_t(i)]) {
            if (hit.similarity < threshold)
                break;
            const int j = index.value(hit.id, -1);
            if (j < 0)
                continue;
            const int a = groups.find(i), b = groups.find(j);
            if (a == b || apart.contains({std::min(a, b), std::max(a, b)}))
                continue;
            // Each pair may be seen from both ends: keep the strongest face pair per direction.
            edges[size_t(a)][b] = std::max(edges[size_t(a)][b], hit.similarity);
            edges[size_t(b)][a] = std::max(edges[size_t(b)][a], hit.similarity);
        }
    Adjacency out(graph.size());
    for (size_t i = 0; i < edges.size(); ++i)
        out[i].assign(edges[i].begin(), edges[i].end());
    return out;
}

// Splits any cluster holding two groups the user said differ: each group joins the first
// part it has no quarrel with, largest groups first.
std::vector<std::vector<int>> separate(const std::vector<int>& members, const QSet<std::pair<int, int>>& apart)
{
    if (apart.isEmpty())
        return {members};
    std::vector<std::vector<int>> parts;
    for (int g : members) {
        auto fits = [&](const std::vector<int>& part) {
            return std::none_of(part.begin(), part.end(), [&](int o) {
                return apart.contains({std::min(g, o), std::max(g, o)});
            });
        };
        auto it = std::find_if(parts.begin(), parts.end(), fits);
        if (it == parts.end())
            parts.push_back({g});
        else
            it->push_back(g);
    }
    return parts;
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
        QHash<qint64, int> index;
        for (int i = 0; i < int(n); ++i)
            index.insert(subset.ids[size_t(i)], i);
        const Constraints decided = constraints(library, index);
        UnionFind groups{static_cast<size_t>(n)};
        for (const auto& [a, b] : decided.same)
            groups.unite(a, b);
        QSet<std::pair<int, int>> apart; // group roots, smaller first
        for (const auto& [a, b] : decided.different) {
            const int x = groups.find(a), y = groups.find(b);
            if (x != y) // "same" decisions win over a contradicting "different" one
                apart.insert({std::min(x, y), std::max(x, y)});
        }
        const std::vector<int> cls =
            chineseWhispers(adjacency(*graph, index, groups, apart, options.threshold), options.iterations);
        std::vector<std::vector<qint64>> facesOf(static_cast<size_t>(n)); // by group root
        for (int i = 0; i < int(n); ++i)
            facesOf[size_t(groups.find(i))].push_back(subset.ids[size_t(i)]);
        std::map<int, std::vector<int>> roots; // cluster -> its groups
        for (int i = 0; i < int(n); ++i)
            if (groups.find(i) == i)
                roots[cls[size_t(i)]].push_back(i);
        for (auto& [c, members] : roots) {
            std::stable_sort(members.begin(), members.end(), [&](int a, int b) {
                return facesOf[size_t(a)].size() > facesOf[size_t(b)].size();
            });
            for (const std::vector<int>& part : separate(members, apart)) {
                std::vector<qint64> faces;
                for (int g : part)
                    faces.insert(faces.end(), facesOf[size_t(g)].begin(), facesOf[size_t(g)].end());
                std::sort(faces.begin(), faces.end());
                if (int(faces.size()) >= options.minSize)
                    clusters.push_back({0, std::move(faces)});
            }
        }
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

bool FaceClusterer::neverClustered(Library& library)
{
    Statement q = library.database().prepare(
        "SELECT NOT EXISTS(SELECT 1 FROM items WHERE cluster IS NOT NULL) AND "
        "EXISTS(SELECT 1 FROM items WHERE kind = 0 AND label_id IS NULL)");
    return q.next() && q.integer(0) != 0;
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
    // Centroids of every named person, whether the name came from a folder or the user.
    std::map<QString, std::vector<double>> centroids;
    QHash<qint64, QString> labelOf;
    Statement named = library.database().prepare(
        "SELECT items.id, labels.name FROM items JOIN labels ON labels.id = items.label_id WHERE items.kind = 0");
    while (named.next()) {
        labelOf.insert(named.integer(0), named.text(1));
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
    // A face the user said differs from someone's face is never suggested as that person.
    QMultiHash<qint64, QString> rejected;
    Statement decided = library.database().prepare("SELECT item_a, item_b FROM decisions WHERE verdict = 0");
    while (decided.next()) {
        const qint64 a = decided.integer(0), b = decided.integer(1);
        if (labelOf.contains(b))
            rejected.insert(a, labelOf.value(b));
        if (labelOf.contains(a))
            rejected.insert(b, labelOf.value(a));
    }
    // Nearest centroids of every unlabelled face at once (BLAS); a few more than one, so that
    // a rejected person can give way to the next.
    std::vector<QString> names;
    std::vector<float> matrix;
    for (const auto& [name, c] : centroids) {
        names.push_back(name);
        matrix.insert(matrix.end(), c.begin(), c.end());
    }
    std::vector<LabelSuggestion> out;
    const Subset subset = unlabelled(library, *all);
    const size_t n = subset.ids.size();
    if (names.empty() || n == 0)
        return out;
    const size_t k = std::min<size_t>(names.size(), 8);
    std::vector<float> similarity(n * k);
    std::vector<int64_t> nearest(n * k);
    ThreadBudget::forSearch();
    faiss::knn_inner_product(subset.data.data(), matrix.data(), size_t(d), n, names.size(), k,
                             similarity.data(), nearest.data());
    for (size_t i = 0; i < n; ++i) {
        const QStringList notThem = rejected.values(subset.ids[i]);
        for (size_t j = i * k; j < (i + 1) * k; ++j) {
            if (nearest[j] < 0 || similarity[j] < threshold)
                break;
            const QString& name = names[size_t(nearest[j])];
            if (notThem.contains(name))
                continue;
            out.push_back({subset.ids[i], name, similarity[j]});
            break;
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.similarity > b.similarity; });
    return out;
}

} // namespace lookalike
