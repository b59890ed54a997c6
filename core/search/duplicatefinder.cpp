#include "duplicatefinder.h"
#include "neighbourgraph.h"
#include "threadbudget.h"
#include <QHash>

namespace lookalike {

Expected<std::vector<FacePair>> DuplicateFinder::find(Library& library, const QString& model,
                                                      const Options& options)
{
    auto vectors = library.vectors(model);
    if (!vectors)
        return Error{vectors.error()};
    const qint64 n = qint64(vectors->ids.size());
    if (n < 2)
        return std::vector<FacePair>{};
    ThreadBudget::forSearch();
    NeighbourGraph::Options graphOptions;
    graphOptions.k = std::min<qint64>(options.k, n - 1);
    graphOptions.cancel = options.cancel;
    graphOptions.progress = options.progress;
    auto graph = NeighbourGraph::build(vectors->data.data(), vectors->ids.data(), n,
                                       vectors->dimension, graphOptions);
    if (!graph)
        return Error{graph.error()};
    if (options.cancel && options.cancel->load())
        return Error{QStringLiteral("cancelled")};
    const auto pairs = NeighbourGraph::pairs(*graph, vectors->ids.data(), options.threshold);

    QHash<qint64, FaceRecord> faces;
    for (FaceRecord& f : library.allFaces())
        faces.insert(f.id, std::move(f));
    std::vector<FacePair> out;
    for (const SimilarPair& p : pairs) {
        const FaceRecord& a = faces[p.a];
        const FaceRecord& b = faces[p.b];
        if (options.crossLabelOnly && (a.label.isEmpty() || b.label.isEmpty() || a.label == b.label))
            continue;
        out.push_back({a, b, p.similarity});
    }
    return out;
}

} // namespace lookalike
