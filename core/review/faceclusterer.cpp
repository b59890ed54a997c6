#include "faceclusterer.h"
#include "database.h"
#include "library.h"
#include "neighbourgraph.h"
#include "threadbudget.h"
#include "vectorkernels.h"
#include "vectorstore.h"
#include <QHash>
#include <QRandomGenerator>
#include <QSet>
#include <faiss/utils/distances.h>
#include <algorithm>
#include <functional>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>

namespace lookalike {

namespace {

// Where the vectors come from: blocks of (ids, vectors, n) in item order, from the library
// (streamed: never all of them as floats) or from a VectorSet already read.
using VectorSource = std::function<Status(const VectorStore::Visit&)>;

VectorSource fromStore(VectorStore& store)
{
    return [&store](const VectorStore::Visit& visit) { return store.forEachBlock(4096, visit); };
}

VectorSource fromSet(const VectorSet& set)
{
    return [&set](const VectorStore::Visit& visit) {
        const qint64 n = qint64(set.ids.size());
        for (qint64 from = 0; from < n; from += 4096)
            if (!visit(set.ids.data() + from, set.data.data() + from * set.dimension,
                       std::min<qint64>(4096, n - from)))
                break;
        return success();
    };
}

// The unlabelled faces' ids, ascending (a sorted vector: 8 bytes a face, where a QSet
// of 1,000,000 took about 40 MB).
struct IdSet {
    std::vector<qint64> ids;
    qsizetype size() const { return qsizetype(ids.size()); }
    bool contains(qint64 id) const { return std::binary_search(ids.begin(), ids.end(), id); }
};

IdSet unnamedFaces(Library& library)
{
    IdSet unnamed;
    Statement q = library.database().prepare(
        "SELECT id FROM items WHERE kind = 0 AND label_id IS NULL ORDER BY id");
    while (q.next())
        unnamed.ids.push_back(q.integer(0));
    return unnamed;
}

// The faces that have no label: ids and their vectors as half floats, contiguous.
struct Subset {
    std::vector<qint64> ids;
    std::vector<uint16_t> halves;
};

Expected<Subset> unlabelled(Library& library, const VectorSource& source, int d)
{
    const IdSet unnamed = unnamedFaces(library);
    Subset s;
    // Sized once: growing 1 GB of halves by doubling would hold the old and the new buffer
    // at once (the peak of clustering 1,000,000 faces was 2.07 GB that way).
    s.ids.reserve(size_t(unnamed.size()));
    s.halves.reserve(size_t(unnamed.size()) * size_t(d));
    const Status read = source([&](const qint64* ids, const float* vectors, qint64 n) {
        for (qint64 i = 0; i < n; ++i)
            if (unnamed.contains(ids[i])) {
                s.ids.push_back(ids[i]);
                s.halves.resize(s.ids.size() * size_t(d));
                kernels::toHalf(vectors + i * d, s.halves.data() + (s.ids.size() - 1) * d, size_t(d));
            }
        return true;
    });
    if (!read)
        return Error{read.error()};
    return s;
}

using Adjacency = std::vector<std::vector<std::pair<int, float>>>;

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

// The subset's faces grouped by the user's "same person" decisions (which may chain through
// faces named since), and the pairs of groups the user said differ.
struct Groups {
    std::vector<int> of;                // subset index -> group, 0..count-1
    int count = 0;
    QSet<std::pair<int, int>> apart;    // groups, smaller first
    std::vector<std::vector<int>> members; // group -> subset indexes
};

Groups decidedGroups(Library& library, const std::vector<qint64>& ids)
{
    QHash<qint64, int> node; // face -> union-find node; the subset's faces come first
    for (int i = 0; i < int(ids.size()); ++i)
        node.insert(ids[size_t(i)], i);
    auto nodeOf = [&node](qint64 id) {
        auto it = node.constFind(id);
        return it != node.cend() ? *it : *node.insert(id, int(node.size()));
    };
    std::vector<std::tuple<int, int, int>> decisions;
    Statement q = library.database().prepare("SELECT item_a, item_b, verdict FROM decisions");
    while (q.next())
        decisions.emplace_back(nodeOf(q.integer(0)), nodeOf(q.integer(1)), int(q.integer(2)));
    UnionFind uf(size_t(node.size()));
    for (const auto& [a, b, verdict] : decisions)
        if (verdict == 1)
            uf.unite(a, b);
    Groups g;
    QHash<int, int> compact; // union-find root -> group
    g.of.resize(ids.size());
    for (int i = 0; i < int(ids.size()); ++i) {
        const int root = uf.find(i);
        auto it = compact.constFind(root);
        if (it == compact.cend()) {
            it = compact.insert(root, g.count++);
            g.members.emplace_back();
        }
        g.of[size_t(i)] = *it;
        g.members[size_t(*it)].push_back(i);
    }
    for (const auto& [a, b, verdict] : decisions) {
        const int x = compact.value(uf.find(a), -1), y = compact.value(uf.find(b), -1);
        // Groups without an unlabelled face do not matter here; "same" wins over a
        // contradicting "different" inside one group.
        if (verdict == 0 && x >= 0 && y >= 0 && x != y)
            g.apart.insert({std::min(x, y), std::max(x, y)});
    }
    return g;
}

// Symmetric weighted adjacency between groups, edges above the threshold, none between
// groups the user said differ.
Adjacency adjacency(const std::vector<std::vector<SearchHit>>& graph, const QHash<qint64, int>& index,
                    const Groups& groups, float threshold)
{
    // Both directions of each edge as (group, weight) per group, then sorted and merged:
    // 8 bytes an edge instead of a map node's 48 (40 million edges at 1,000,000 faces).
    Adjacency out(size_t(groups.count));
    for (int i = 0; i < int(graph.size()); ++i)
        for (const SearchHit& hit : graph[size_t(i)]) {
            if (hit.similarity < threshold)
                break;
            const int j = index.value(hit.id, -1);
            if (j < 0)
                continue;
            const int a = groups.of[size_t(i)], b = groups.of[size_t(j)];
            if (a == b || groups.apart.contains({std::min(a, b), std::max(a, b)}))
                continue;
            out[size_t(a)].emplace_back(b, hit.similarity);
            out[size_t(b)].emplace_back(a, hit.similarity);
        }
    // Each pair may be seen from both ends and through several faces of a group: keep the
    // strongest face pair per direction.
    for (auto& edges : out) {
        std::sort(edges.begin(), edges.end(), [](const auto& x, const auto& y) {
            return x.first < y.first || (x.first == y.first && x.second > y.second);
        });
        edges.erase(std::unique(edges.begin(), edges.end(),
                                [](const auto& x, const auto& y) { return x.first == y.first; }),
                    edges.end());
        edges.shrink_to_fit();
    }
    return out;
}

// Splits a cluster holding groups the user said differ. Groups with such a decision inside
// the cluster are placed first (largest first, each in the first part it has no quarrel
// with); the others then join the part their links are strongest to, on average.
std::vector<std::vector<int>> separate(const std::vector<int>& members, const Groups& groups, const Adjacency& adj)
{
    auto quarrel = [&](int a, int b) { return groups.apart.contains({std::min(a, b), std::max(a, b)}); };
    std::vector<int> constrained, free;
    for (int g : members)
        (std::any_of(members.begin(), members.end(), [&](int o) { return quarrel(g, o); }) ? constrained : free)
            .push_back(g);
    if (constrained.empty())
        return {members};
    std::vector<std::vector<int>> parts;
    for (int g : constrained) {
        auto it = std::find_if(parts.begin(), parts.end(), [&](const std::vector<int>& part) {
            return std::none_of(part.begin(), part.end(), [&](int o) { return quarrel(g, o); });
        });
        if (it == parts.end())
            parts.push_back({g});
        else
            it->push_back(g);
    }
    std::vector<int> partOf(size_t(groups.count), -1);
    for (size_t p = 0; p < parts.size(); ++p)
        for (int g : parts[p])
            partOf[size_t(g)] = int(p);
    // Free groups in rounds, so that one linked only to another free group still finds a part.
    for (bool placed = true; placed && !free.empty();) {
        placed = false;
        std::vector<int> waiting;
        for (int g : free) {
            // The mean similarity of its links into each part: a sum would favour big parts.
            std::vector<float> weight(parts.size(), 0.f);
            std::vector<int> links(parts.size(), 0);
            for (const auto& [other, w] : adj[size_t(g)])
                if (const int p = partOf[size_t(other)]; p >= 0) {
                    weight[size_t(p)] += w;
                    ++links[size_t(p)];
                }
            for (size_t p = 0; p < parts.size(); ++p)
                weight[p] = links[p] ? weight[p] / float(links[p]) : 0.f;
            const auto best = std::max_element(weight.begin(), weight.end());
            if (*best <= 0) {
                waiting.push_back(g);
                continue;
            }
            partOf[size_t(g)] = int(best - weight.begin());
            parts[size_t(partOf[size_t(g)])].push_back(g);
            placed = true;
        }
        free = std::move(waiting);
    }
    for (int g : free) // linked to nothing placed: with the largest part
        parts.front().push_back(g);
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
    if (!tx.active())
        return Error{db.lastError()};
    if (Status s = db.exec("UPDATE items SET cluster = NULL WHERE cluster IS NOT NULL"); !s)
        return s;
    if (Status s = db.exec("INSERT OR REPLACE INTO meta(key, value) VALUES('people_found', '1')"); !s)
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
    VectorStore store(library, model);
    return recluster(library, fromStore(store), store.dimension(), options);
}

Expected<std::vector<FaceCluster>> FaceClusterer::recluster(Library& library, const VectorSet& vectors,
                                                            const Options& options)
{
    return recluster(library, fromSet(vectors), vectors.dimension, options);
}

Expected<std::vector<FaceCluster>> FaceClusterer::recluster(Library& library, const Source& source, int d,
                                                            const Options& options)
{
    auto report = [&options](double fraction) {
        if (options.progress)
            options.progress(fraction);
    };
    auto cancelled = [&options] { return options.cancel && options.cancel->load(); };
    report(0);
    auto read = unlabelled(library, source, d);
    if (!read)
        return Error{read.error()};
    if (cancelled())
        return Error{QStringLiteral("Finding people was cancelled")};
    report(0.1);
    Subset subset = std::move(*read);
    const qint64 n = qint64(subset.ids.size());
    std::vector<FaceCluster> clusters;
    if (n >= 2) {
        ThreadBudget::forSearch();
        NeighbourGraph::Options graphOptions;
        graphOptions.k = int(std::min<qint64>(options.k, n - 1));
        graphOptions.cancel = options.cancel;
        graphOptions.progress = [&report](double f) { report(0.1 + 0.8 * f); };
        const Groups groups = decidedGroups(library, subset.ids);
        Adjacency adj;
        {
            // The graph (k hits a face) and the id lookup are dropped once the adjacency
            // between groups is built from them.
            auto graph = NeighbourGraph::build(std::move(subset.halves), subset.ids.data(), n, d, graphOptions);
            if (!graph)
                return Error{graph.error()};
            QHash<qint64, int> index;
            index.reserve(int(n));
            for (int i = 0; i < int(n); ++i)
                index.insert(subset.ids[size_t(i)], i);
            adj = adjacency(*graph, index, groups, options.threshold);
        }
        if (cancelled())
            return Error{QStringLiteral("Finding people was cancelled")};
        const std::vector<int> cls = chineseWhispers(adj, options.iterations);
        std::map<int, std::vector<int>> byCluster; // cluster -> its groups
        for (int g = 0; g < groups.count; ++g)
            byCluster[cls[size_t(g)]].push_back(g);
        for (auto& [c, members] : byCluster) {
            std::stable_sort(members.begin(), members.end(), [&](int a, int b) {
                return groups.members[size_t(a)].size() > groups.members[size_t(b)].size();
            });
            for (const std::vector<int>& part : separate(members, groups, adj)) {
                std::vector<qint64> faces;
                for (int g : part)
                    for (int i : groups.members[size_t(g)])
                        faces.push_back(subset.ids[size_t(i)]);
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
    if (cancelled())
        return Error{QStringLiteral("Finding people was cancelled")};
    report(0.95);
    if (Status s = store(library, clusters); !s)
        return Error{s.error()};
    report(1);
    return clusters;
}

std::vector<FaceCluster> FaceClusterer::stored(Library& library)
{
    std::map<int, std::vector<qint64>> groups;
    Statement q = library.database().prepare(
        "SELECT cluster, id FROM items WHERE cluster IS NOT NULL AND label_id IS NULL AND not_face = 0 "
        "ORDER BY cluster, id");
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
        "SELECT NOT EXISTS(SELECT 1 FROM meta WHERE key = 'people_found') AND "
        "EXISTS(SELECT 1 FROM items WHERE kind = 0 AND label_id IS NULL AND not_face = 0)");
    return q.next() && q.integer(0) != 0;
}

Expected<std::vector<LabelSuggestion>> FaceClusterer::suggestions(Library& library, const QString& model,
                                                                  float threshold)
{
    VectorStore store(library, model);
    return suggestions(library, fromStore(store), store.dimension(), threshold);
}

Expected<std::vector<LabelSuggestion>> FaceClusterer::suggestions(Library& library, const VectorSet& vectors,
                                                                  float threshold)
{
    return suggestions(library, fromSet(vectors), vectors.dimension, threshold);
}

Expected<std::vector<LabelSuggestion>> FaceClusterer::suggestions(Library& library, const Source& source, int d,
                                                                  float threshold)
{
    // Centroids of every named person, whether the name came from a folder or the user.
    std::map<QString, std::vector<double>> centroids;
    QHash<qint64, QString> labelOf;
    Statement named = library.database().prepare(
        "SELECT items.id, labels.name FROM items JOIN labels ON labels.id = items.label_id WHERE items.kind = 0");
    while (named.next())
        labelOf.insert(named.integer(0), named.text(1));
    named.reset();
    const Status summed = source([&](const qint64* ids, const float* vectors, qint64 n) {
        for (qint64 i = 0; i < n; ++i) {
            auto it = labelOf.constFind(ids[i]);
            if (it == labelOf.cend())
                continue;
            auto& c = centroids[*it];
            c.resize(size_t(d), 0.0);
            for (int j = 0; j < d; ++j)
                c[size_t(j)] += vectors[i * d + j];
        }
        return true;
    });
    if (!summed)
        return Error{summed.error()};
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
    if (names.empty())
        return out;
    const size_t k = std::min<size_t>(names.size(), 8);
    const IdSet unnamed = unnamedFaces(library);
    ThreadBudget::forSearch();
    // Block by block: the unlabelled faces of each block at once (BLAS).
    std::vector<float> block, similarity;
    std::vector<qint64> blockIds;
    std::vector<int64_t> nearest;
    const Status scanned = source([&](const qint64* ids, const float* vectors, qint64 count) {
        block.clear();
        blockIds.clear();
        for (qint64 i = 0; i < count; ++i)
            if (unnamed.contains(ids[i])) {
                blockIds.push_back(ids[i]);
                block.insert(block.end(), vectors + i * d, vectors + (i + 1) * d);
            }
        const size_t n = blockIds.size();
        if (n == 0)
            return true;
        similarity.resize(n * k);
        nearest.resize(n * k);
        faiss::knn_inner_product(block.data(), matrix.data(), size_t(d), n, names.size(), k,
                                 similarity.data(), nearest.data());
        for (size_t i = 0; i < n; ++i) {
            const QStringList notThem = rejected.values(blockIds[i]);
            for (size_t j = i * k; j < (i + 1) * k; ++j) {
                if (nearest[j] < 0 || similarity[j] < threshold)
                    break;
                const QString& name = names[size_t(nearest[j])];
                if (notThem.contains(name))
                    continue;
                out.push_back({blockIds[i], name, similarity[j]});
                break;
            }
        }
        return true;
    });
    if (!scanned)
        return Error{scanned.error()};
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.similarity > b.similarity; });
    return out;
}

} // namespace lookalike
