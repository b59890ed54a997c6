#include "reviewfinder.h"
#include "database.h"
#include "neighbourgraph.h"
#include "threadbudget.h"
#include <QHash>
#include <QSet>
#include <algorithm>
#include <cmath>

namespace lookalike {

namespace {

using Pair = QPair<qint64, qint64>;
Pair key(qint64 a, qint64 b) { return {std::min(a, b), std::max(a, b)}; }

QSet<Pair> decidedPairs(Library& library)
{
    QSet<Pair> out;
    Statement q = library.database().prepare("SELECT item_a, item_b FROM decisions");
    while (q.next())
        out.insert(key(q.integer(0), q.integer(1)));
    return out;
}

// Everything the modes share: vectors, faces by row, labels, per-label sums.
struct Data {
    VectorSet vectors;
    std::vector<FaceRecord> faces;     // by row
    std::vector<int> label;            // by row, -1 for none
    std::vector<std::vector<double>> sums; // by label
    std::vector<int> counts;           // by label
    std::vector<std::vector<SearchHit>> graph;
    QHash<qint64, qint64> rowOf;       // face id -> row
    int d = 0;

    const float* row(qint64 i) const { return vectors.data.data() + i * d; }

    // Cosine of row i with the centroid of its label's other faces (0 when it has none).
    float ownSupport(qint64 i) const
    {
        const int l = label[size_t(i)];
        if (l < 0 || counts[size_t(l)] < 2)
            return 0.f;
        const float* v = row(i);
        const std::vector<double>& s = sums[size_t(l)];
        double dot = 0, norm = 0;
        for (int j = 0; j < d; ++j) {
            const double c = s[size_t(j)] - v[j];
            dot += c * v[j];
            norm += c * c;
        }
        return norm > 0 ? float(dot / std::sqrt(norm)) : 0.f;
    }
};

Expected<Data> load(Library& library, const QString& model, const ReviewFinder::Options& options)
{
    Data data;
    auto vectors = library.vectors(model);
    if (!vectors)
        return Error{vectors.error()};
    data.vectors = std::move(*vectors);
    data.d = data.vectors.dimension;
    const qint64 n = qint64(data.vectors.ids.size());
    QHash<qint64, FaceRecord> byId;
    library.forEachFace([&](const FaceRecord& f) { byId.insert(f.id, f); });
    QHash<QString, int> labels;
    for (qint64 i = 0; i < n; ++i) {
        const qint64 id = data.vectors.ids[size_t(i)];
        data.rowOf.insert(id, i);
        data.faces.push_back(byId.value(id));
        const QString& name = data.faces.back().label;
        int l = -1;
        if (!name.isEmpty()) {
            l = labels.value(name, -1);
            if (l < 0) {
                l = int(labels.size());
                labels.insert(name, l);
                data.sums.emplace_back(size_t(data.d), 0.0);
                data.counts.push_back(0);
            }
            ++data.counts[size_t(l)];
            const float* v = data.row(i);
            for (int j = 0; j < data.d; ++j)
                data.sums[size_t(l)][size_t(j)] += v[j];
        }
        data.label.push_back(l);
    }
    if (n < 2)
        return data;
    ThreadBudget::forSearch();
    NeighbourGraph::Options graphOptions;
    graphOptions.k = int(std::min<qint64>(options.k, n - 1));
    graphOptions.cancel = options.cancel;
    graphOptions.progress = options.progress;
    auto graph = NeighbourGraph::build(data.vectors.data.data(), data.vectors.ids.data(), n, data.d, graphOptions);
    if (!graph)
        return Error{graph.error()};
    data.graph = std::move(*graph);
    return data;
}

std::vector<ReviewItem> crossLabel(const Data& data, float floor)
{
    QHash<Pair, ReviewItem> best;
    for (qint64 i = 0; i < qint64(data.graph.size()); ++i) {
        const int own = data.label[size_t(i)];
        if (own < 0)
            continue;
        for (const SearchHit& hit : data.graph[size_t(i)]) {
            const qint64 j = data.rowOf.value(hit.id, -1);
            if (j < 0 || data.label[size_t(j)] < 0 || data.label[size_t(j)] == own)
                continue;
            if (hit.similarity < floor)
                break;
            ReviewItem item;
            item.kind = ReviewKind::CrossLabel;
            item.suspect = data.faces[size_t(i)];
            item.evidence = data.faces[size_t(j)];
            item.similarity = hit.similarity;
            item.ownSupport = data.ownSupport(i);
            item.confidence = item.similarity - item.ownSupport;
            const Pair k = key(item.suspect.id, item.evidence.id);
            if (!best.contains(k) || best[k].confidence < item.confidence)
                best.insert(k, item);
            break; // the best face under another label is the evidence
        }
    }
    return {best.begin(), best.end()};
}

std::vector<ReviewItem> outliers(const Data& data, float floor)
{
    std::vector<ReviewItem> out;
    for (qint64 i = 0; i < qint64(data.faces.size()); ++i) {
        const int own = data.label[size_t(i)];
        if (own < 0 || data.counts[size_t(own)] < 3)
            continue;
        ReviewItem item;
        item.kind = ReviewKind::Outlier;
        item.suspect = data.faces[size_t(i)];
        item.ownSupport = data.ownSupport(i);
        if (item.ownSupport >= floor)
            continue;
        for (const SearchHit& hit : data.graph.empty() ? std::vector<SearchHit>{} : data.graph[size_t(i)]) {
            const qint64 j = data.rowOf.value(hit.id, -1);
            if (j >= 0 && data.label[size_t(j)] != own) {
                item.evidence = data.faces[size_t(j)];
                item.similarity = hit.similarity;
                break;
            }
        }
        item.confidence = 1.f - item.ownSupport;
        out.push_back(item);
    }
    return out;
}

bool sameLayout(Library& library, qint64 imageA, qint64 imageB)
{
    const auto a = library.facesInImage(imageA), b = library.facesInImage(imageB);
    if (a.size() != b.size())
        return false;
    for (const FaceRecord& fa : a) {
        const bool matched = std::any_of(b.begin(), b.end(), [&](const FaceRecord& fb) {
            const QRectF overlap = fa.box.intersected(fb.box);
            const double inter = overlap.width() * overlap.height();
            const double uni = fa.box.width() * fa.box.height() + fb.box.width() * fb.box.height() - inter;
            return uni > 0 && inter / uni > 0.7;
        });
        if (!matched)
            return false;
    }
    return true;
}

std::vector<ReviewItem> samePhoto(Library& library, const Data& data)
{
    QHash<Pair, ReviewItem> found;
    // Identical bytes, whether or not the photos have faces.
    Statement q = library.database().prepare(
        "SELECT a.id, b.id, a.path, b.path FROM images a JOIN images b ON a.hash = b.hash AND a.id < b.id "
        "WHERE a.hash IS NOT NULL AND a.hash != ''");
    while (q.next()) {
        ReviewItem item;
        item.kind = ReviewKind::SamePhoto;
        const auto fa = library.facesInImage(q.integer(0)), fb = library.facesInImage(q.integer(1));
        item.suspect = fa.empty() ? FaceRecord{} : fa.front();
        item.evidence = fb.empty() ? FaceRecord{} : fb.front();
        item.suspect.imageId = q.integer(0);
        item.suspect.path = q.text(2);
        item.evidence.imageId = q.integer(1);
        item.evidence.path = q.text(3);
        item.similarity = 1.f;
        item.confidence = 2.f; // identical bytes rank above any look-alike
        found.insert(key(item.suspect.imageId, item.evidence.imageId), item);
    }
    // The same faces at the same places: one photo at another size or quality.
    constexpr float kSameFace = 0.95f;
    for (qint64 i = 0; i < qint64(data.graph.size()); ++i) {
        for (const SearchHit& hit : data.graph[size_t(i)]) {
            if (hit.similarity < kSameFace)
                break;
            const qint64 j = data.rowOf.value(hit.id, -1);
            const FaceRecord& a = data.faces[size_t(i)];
            const FaceRecord& b = data.faces[size_t(j)];
            const Pair k = key(a.imageId, b.imageId);
            if (a.imageId == b.imageId || found.contains(k) || !sameLayout(library, a.imageId, b.imageId))
                continue;
            found.insert(k, ReviewItem{ReviewKind::SamePhoto, a, b, hit.similarity, 0.f, hit.similarity});
        }
    }
    return {found.begin(), found.end()};
}

} // namespace

// Faces still under their folder's label while their photo's metadata names someone else.
static std::vector<ReviewItem> metadataNames(Library& library)
{
    std::vector<ReviewItem> items;
    Statement q = library.database().prepare(
        "SELECT name_conflicts.item_id, name_conflicts.metadata_label, "
        "(SELECT items2.id FROM items AS items2 JOIN labels AS l2 ON l2.id = items2.label_id "
        " WHERE l2.name = name_conflicts.metadata_label ORDER BY items2.id LIMIT 1) "
        "FROM name_conflicts JOIN items ON items.id = name_conflicts.item_id "
        "JOIN labels ON labels.id = items.label_id WHERE labels.name = name_conflicts.folder_label "
        "AND items.label_source = 0 ORDER BY name_conflicts.id");
    std::vector<std::tuple<qint64, QString, qint64>> rows;
    while (q.next())
        rows.emplace_back(q.integer(0), q.text(1), q.isNull(2) ? 0 : q.integer(2));
    q.reset();
    for (const auto& [face, name, other] : rows) {
        ReviewItem item;
        item.kind = ReviewKind::MetadataName;
        if (auto suspect = library.face(face))
            item.suspect = *suspect;
        else
            continue;
        if (auto evidence = other ? library.face(other) : std::nullopt)
            item.evidence = *evidence;
        item.evidence.label = name;
        item.confidence = 1.f;
        items.push_back(item);
    }
    return items;
}

Expected<std::vector<ReviewItem>> ReviewFinder::find(Library& library, const QString& model,
                                                    const Options& options)
{
    if (options.kind == ReviewKind::MetadataName)
        return metadataNames(library);
    auto data = load(library, model, options);
    if (!data)
        return Error{data.error()};
    if (options.cancel && options.cancel->load())
        return Error{QStringLiteral("cancelled")};
    std::vector<ReviewItem> items;
    switch (options.kind) {
    case ReviewKind::CrossLabel:
        items = crossLabel(*data, options.floor);
        break;
    case ReviewKind::Outlier:
        items = outliers(*data, options.floor);
        break;
    case ReviewKind::SamePhoto:
        items = samePhoto(library, *data);
        break;
    case ReviewKind::MetadataName:
        break;
    }
    if (!options.includeDecided) {
        const QSet<Pair> decided = decidedPairs(library);
        std::erase_if(items, [&](const ReviewItem& item) {
            return item.evidence.id && decided.contains(key(item.suspect.id, item.evidence.id));
        });
    }
    std::sort(items.begin(), items.end(), [](const ReviewItem& a, const ReviewItem& b) {
        if (a.confidence != b.confidence)
            return a.confidence > b.confidence;
        return a.suspect.id < b.suspect.id;
    });
    return items;
}

QString ReviewFinder::kindName(ReviewKind kind)
{
    switch (kind) {
    case ReviewKind::CrossLabel:
        return QStringLiteral("cross-label");
    case ReviewKind::Outlier:
        return QStringLiteral("outlier");
    case ReviewKind::SamePhoto:
        return QStringLiteral("same-photo");
    case ReviewKind::MetadataName:
        return QStringLiteral("names");
    }
    return {};
}

} // namespace lookalike
