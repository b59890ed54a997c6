#include "duplicatefinder.h"
#include "neighbourgraph.h"
#include "threadbudget.h"
#include "vectorstore.h"
#include <QHash>
#include <numeric>

namespace lookalike {

namespace {

// Pairs found on half floats are within ~1e-3 of their exact similarity: pairs this close
// below the threshold are checked too, and every pair is kept or dropped on its exact value.
constexpr float kHalfMargin = 0.003f;

} // namespace

Expected<std::vector<FacePair>> DuplicateFinder::find(Library& library, const QString& model,
                                                      const Options& options)
{
    // Half floats streamed from SQLite: 1 GB at 1,000,000 faces, taken over by the search.
    VectorStore store(library, model);
    std::vector<qint64> ids;
    std::vector<uint16_t> halves;
    if (Status s = store.readHalves(ids, halves, options.cancel); !s)
        return Error{s.error()};
    const qint64 n = qint64(ids.size());
    if (n < 2)
        return std::vector<FacePair>{};
    ThreadBudget::forSearch();
    NeighbourGraph::Options graphOptions;
    graphOptions.k = std::min<qint64>(options.k, n - 1);
    graphOptions.cancel = options.cancel;
    graphOptions.progress = options.progress;
    auto graph =
        NeighbourGraph::build(std::move(halves), ids.data(), n, store.dimension(), graphOptions);
    if (!graph)
        return Error{graph.error()};
    if (options.cancel && options.cancel->load())
        return Error{QStringLiteral("cancelled")};
    auto pairs = NeighbourGraph::pairs(*graph, ids.data(), options.threshold - kHalfMargin);
    graph->clear();

    // Exact similarities of the candidate pairs, from the stored float vectors.
    const int d = store.dimension();
    std::vector<float> a(static_cast<size_t>(d)), b(static_cast<size_t>(d));
    std::vector<SimilarPair> kept;
    for (SimilarPair& p : pairs) {
        if (!store.fetch({&p.a, 1}, a.data()) || !store.fetch({&p.b, 1}, b.data()))
            continue; // removed meanwhile
        p.similarity = float(std::inner_product(a.begin(), a.end(), b.begin(), 0.0));
        if (p.similarity >= options.threshold)
            kept.push_back(p);
    }
    std::stable_sort(kept.begin(), kept.end(), [](const SimilarPair& x, const SimilarPair& y) {
        return x.similarity > y.similarity;
    });

    // Only the faces of the pairs, not every face of the library.
    std::vector<qint64> wanted;
    for (const SimilarPair& p : kept) {
        wanted.push_back(p.a);
        wanted.push_back(p.b);
    }
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    QHash<qint64, FaceRecord> faces;
    for (FaceRecord& f : library.faces(wanted))
        faces.insert(f.id, std::move(f));
    std::vector<FacePair> out;
    for (const SimilarPair& p : kept) {
        const FaceRecord& fa = faces[p.a];
        const FaceRecord& fb = faces[p.b];
        if (options.crossLabelOnly &&
            (fa.label.isEmpty() || fb.label.isEmpty() || fa.label == fb.label))
            continue;
        out.push_back({fa, fb, p.similarity});
    }
    return out;
}

} // namespace lookalike
