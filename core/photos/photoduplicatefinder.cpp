#include "photoduplicatefinder.h"
#include "library.h"
#include "photodescriber.h"
#include "photoindex.h"
#include "photokeeper.h"
#include "photostore.h"
#include <QHash>
#include <QSet>
#include <algorithm>
#include <map>
#include <numeric>

namespace lookalike {

namespace {

class UnionFind {
public:
    explicit UnionFind(size_t n) : m_parent(n) { std::iota(m_parent.begin(), m_parent.end(), size_t(0)); }
    size_t find(size_t x)
    {
        while (m_parent[x] != x)
            x = m_parent[x] = m_parent[m_parent[x]];
        return x;
    }
    void unite(size_t a, size_t b) { m_parent[find(a)] = find(b); }

private:
    std::vector<size_t> m_parent;
};

bool cancelled(const PhotoDuplicateFinder::Options& o) { return o.cancel && o.cancel->load(); }

// Links of photos with look vectors at or above the threshold (rows of `index`).
void similarLinks(const PhotoIndex& index, const StoredPhotos& photos, float threshold,
                  std::vector<PhotoGroup::Link>& links)
{
    const size_t d = PhotoDescriptor::kLookDimension;
    for (size_t row = 0; row < photos.imageIds.size(); ++row) {
        const std::span<const float> look(photos.looks.data() + row * d, d);
        for (const PhotoIndex::Hit& hit : index.nearestLooks(look, 20))
            if (hit.imageId > photos.imageIds[row] && hit.score >= threshold)
                links.push_back({photos.imageIds[row], hit.imageId, PhotoMatchKind::Similar,
                                 std::min(hit.score, 1.f)});
    }
}

} // namespace

Expected<std::vector<PhotoGroup>> PhotoDuplicateFinder::find(Library& library, const Options& options)
{
    auto stored = PhotoStore::load(library);
    if (!stored)
        return Error{stored.error()};
    PhotoIndex index;
    if (Status s = index.add(stored->imageIds, stored->codes, stored->windows, stored->looks); !s)
        return Error{s.error()};

    QSet<QPair<qint64, qint64>> notDuplicates;
    for (const auto& [a, b] : PhotoStore::notDuplicatePairs(library))
        notDuplicates.insert({a, b});
    auto allowed = [&](qint64 a, qint64 b) {
        return !notDuplicates.contains({std::min(a, b), std::max(a, b)});
    };

    std::vector<PhotoGroup::Link> links;
    for (const std::vector<qint64>& same : PhotoStore::sameContent(library))
        for (size_t i = 1; i < same.size(); ++i)
            links.push_back({same.front(), same[i], PhotoMatchKind::Exact, 1.f});
    QSet<QPair<qint64, qint64>> exactPairs;
    for (const auto& l : links)
        exactPairs.insert({l.a, l.b});

    if (options.kind != PhotoMatchKind::Exact) {
        const int nearBits = options.nearBits >= 0 ? options.nearBits : PhotoDescriber::kNearBits;
        const auto pairs = index.allNearPairs(nearBits, [&](qint64 done, qint64 total) {
            if (options.progress)
                options.progress(done, total);
            return !cancelled(options);
        });
        if (cancelled(options))
            return Error{QStringLiteral("cancelled")};
        for (const PhotoIndex::Pair& p : pairs) {
            const qint64 a = index.ids()[size_t(p.a)], b = index.ids()[size_t(p.b)];
            if (exactPairs.contains({std::min(a, b), std::max(a, b)}))
                continue;
            links.push_back({a, b, PhotoMatchKind::Near, PhotoDescriber::hashSimilarity(p.bits)});
        }
        if (options.kind == PhotoMatchKind::Similar)
            similarLinks(index, *stored, options.similarThreshold, links);
    }

    // Groups over the allowed links, in order of their image ids.
    QHash<qint64, size_t> row;
    std::vector<qint64> ids;
    auto rowOf = [&](qint64 id) {
        const auto it = row.constFind(id);
        if (it != row.cend())
            return *it;
        row.insert(id, ids.size());
        ids.push_back(id);
        return ids.size() - 1;
    };
    std::vector<PhotoGroup::Link> kept;
    for (const PhotoGroup::Link& l : links)
        if (allowed(l.a, l.b)) {
            rowOf(l.a);
            rowOf(l.b);
            kept.push_back(l);
        }
    UnionFind sets(ids.size());
    for (const PhotoGroup::Link& l : kept)
        sets.unite(row.value(l.a), row.value(l.b));
    std::map<size_t, PhotoGroup> byRoot;
    for (size_t i = 0; i < ids.size(); ++i)
        byRoot[sets.find(i)].imageIds.push_back(ids[i]);
    for (const PhotoGroup::Link& l : kept) {
        PhotoGroup& g = byRoot[sets.find(row.value(l.a))];
        g.links.push_back(l);
        if (l.kind != PhotoMatchKind::Exact)
            g.kind = std::max(g.kind, l.kind);
    }
    std::vector<PhotoGroup> groups;
    for (auto& [root, group] : byRoot) {
        std::vector<PhotoFacts> facts = PhotoStore::photoFacts(library, group.imageIds);
        const int keeper = PhotoKeeper::pick(facts);
        group.imageIds.clear();
        for (size_t i = 0; i < facts.size(); ++i)
            if (int(i) != keeper)
                group.imageIds.push_back(facts[i].imageId);
        if (keeper >= 0)
            group.imageIds.insert(group.imageIds.begin(), facts[size_t(keeper)].imageId);
        if (group.imageIds.size() > 1)
            groups.push_back(std::move(group));
    }
    // Largest first; groups of one size by their smallest image id, so that the same library
    // always lists its groups in the same order.
    auto smallest = [](const PhotoGroup& g) { return *std::min_element(g.imageIds.begin(), g.imageIds.end()); };
    std::sort(groups.begin(), groups.end(), [&](const PhotoGroup& a, const PhotoGroup& b) {
        if (a.imageIds.size() != b.imageIds.size())
            return a.imageIds.size() > b.imageIds.size();
        return smallest(a) < smallest(b);
    });
    return groups;
}

} // namespace lookalike
