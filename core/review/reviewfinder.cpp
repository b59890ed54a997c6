#include "reviewfinder.h"
#include "database.h"
#include "neighbourgraph.h"
#include "threadbudget.h"
#include "vectorkernels.h"
#include "vectorstore.h"
#include <QHash>
#include <QSet>
#include <algorithm>
#include <cmath>

namespace lookalike {

namespace {

using Pair = QPair<qint64, qint64>;
Pair key(qint64 a, qint64 b)
{
    return {std::min(a, b), std::max(a, b)};
}

QSet<Pair> decidedPairs(Library& library)
{
    QSet<Pair> out;
    Statement q = library.database().prepare("SELECT item_a, item_b FROM decisions");
    while (q.next())
        out.insert(key(q.integer(0), q.integer(1)));
    return out;
}

// Everything the modes share, compact enough for 1,000,000 faces: by row (item id order),
// the face id, its image, its label (dense index, -1 for none) and its support from its
// own label; the neighbour graph. FaceRecords are read only for the items a mode returns.
struct Data {
    std::vector<qint64> ids; // ascending: VectorStore streams by item id
    std::vector<qint64> image;
    std::vector<int> label;
    std::vector<float> support; // cosine with the centroid of its label's other faces
    std::vector<int> counts;    // by label
    std::vector<std::vector<SearchHit>> graph;

    qint64 rowOf(qint64 id) const
    {
        const auto it = std::lower_bound(ids.begin(), ids.end(), id);
        return it != ids.end() && *it == id ? qint64(it - ids.begin()) : -1;
    }
};

// A result before its faces are read: the modes may find hundreds of thousands.
struct Found {
    ReviewKind kind;
    qint64 suspect = 0;
    qint64 evidence = 0;
    float similarity = 0;
    float ownSupport = 0;
    float confidence = 0;
};

Expected<Data> load(Library& library, const QString& model, const ReviewFinder::Options& options)
{
    Data data;
    VectorStore store(library, model);
    const int d = store.dimension();
    const qint64 expected = store.count();
    data.ids.reserve(size_t(expected));
    data.image.reserve(size_t(expected));
    data.label.reserve(size_t(expected));
    std::vector<uint16_t> halves; // 1 GB at 1,000,000 faces, instead of 2 GB of floats
    halves.reserve(size_t(expected) * size_t(d));
    std::vector<std::vector<double>> sums; // by label
    QHash<qint64, int> labelOf;            // labels.id -> dense index
    // The items' image and label, merged with the vectors by item id (both ascending).
    Statement items = library.database().prepare(
        "SELECT id, image_id, label_id FROM items WHERE kind = 0 ORDER BY id");
    bool more = items.next();
    const Status read = store.forEachBlock(
        16384,
        [&](const qint64* ids, const float* vectors, qint64 n) {
            for (qint64 i = 0; i < n; ++i) {
                while (more && items.integer(0) < ids[i])
                    more = items.next();
                const bool known = more && items.integer(0) == ids[i];
                int l = -1;
                if (known && !items.isNull(2)) {
                    const qint64 labelId = items.integer(2);
                    auto it = labelOf.constFind(labelId);
                    if (it == labelOf.cend()) {
                        it = labelOf.insert(labelId, int(sums.size()));
                        sums.emplace_back(size_t(d), 0.0);
                        data.counts.push_back(0);
                    }
                    l = *it;
                    ++data.counts[size_t(l)];
                    const float* v = vectors + i * d;
                    std::vector<double>& sum = sums[size_t(l)];
                    for (int j = 0; j < d; ++j)
                        sum[size_t(j)] += v[j];
                }
                data.ids.push_back(ids[i]);
                data.image.push_back(known ? items.integer(1) : 0);
                data.label.push_back(l);
                halves.resize(halves.size() + size_t(d));
                kernels::toHalf(vectors + i * d, halves.data() + halves.size() - size_t(d),
                                size_t(d));
            }
            return !(options.cancel && options.cancel->load());
        },
        options.cancel);
    if (!read)
        return Error{read.error()};
    if (options.cancel && options.cancel->load())
        return Error{QStringLiteral("cancelled")};
    const qint64 n = qint64(data.ids.size());
    data.support.assign(size_t(n), 0.f);
    std::vector<float> v(static_cast<size_t>(d));
    for (qint64 i = 0; i < n; ++i) {
        const int l = data.label[size_t(i)];
        if (l < 0 || data.counts[size_t(l)] < 2)
            continue;
        kernels::fromHalf(halves.data() + i * d, v.data(), size_t(d));
        const std::vector<double>& sum = sums[size_t(l)];
        double dot = 0, norm = 0;
        for (int j = 0; j < d; ++j) {
            const double c = sum[size_t(j)] - v[size_t(j)];
            dot += c * v[size_t(j)];
            norm += c * c;
        }
        data.support[size_t(i)] = norm > 0 ? float(dot / std::sqrt(norm)) : 0.f;
    }
    if (n < 2)
        return data;
    ThreadBudget::forSearch();
    NeighbourGraph::Options graphOptions;
    graphOptions.k = int(std::min<qint64>(options.k, n - 1));
    graphOptions.cancel = options.cancel;
    graphOptions.progress = options.progress;
    auto graph = NeighbourGraph::build(std::move(halves), data.ids.data(), n, d, graphOptions);
    if (!graph)
        return Error{graph.error()};
    data.graph = std::move(*graph);
    return data;
}

std::vector<Found> crossLabel(const Data& data, float floor)
{
    QHash<Pair, Found> best;
    for (qint64 i = 0; i < qint64(data.graph.size()); ++i) {
        const int own = data.label[size_t(i)];
        if (own < 0)
            continue;
        for (const SearchHit& hit : data.graph[size_t(i)]) {
            const qint64 j = data.rowOf(hit.id);
            if (j < 0 || data.label[size_t(j)] < 0 || data.label[size_t(j)] == own)
                continue;
            if (hit.similarity < floor)
                break;
            const float support = data.support[size_t(i)];
            const Found item{
                ReviewKind::CrossLabel,  data.ids[size_t(i)], hit.id, hit.similarity, support,
                hit.similarity - support};
            const Pair k = key(item.suspect, item.evidence);
            auto it = best.find(k);
            if (it == best.end())
                best.insert(k, item);
            else if (it->confidence < item.confidence)
                *it = item;
            break; // the best face under another label is the evidence
        }
    }
    return {best.begin(), best.end()};
}

std::vector<Found> outliers(const Data& data, float floor)
{
    std::vector<Found> out;
    for (qint64 i = 0; i < qint64(data.ids.size()); ++i) {
        const int own = data.label[size_t(i)];
        if (own < 0 || data.counts[size_t(own)] < 3)
            continue;
        Found item{ReviewKind::Outlier, data.ids[size_t(i)], 0, 0.f, data.support[size_t(i)], 0.f};
        if (item.ownSupport >= floor)
            continue;
        if (!data.graph.empty())
            for (const SearchHit& hit : data.graph[size_t(i)]) {
                const qint64 j = data.rowOf(hit.id);
                if (j >= 0 && data.label[size_t(j)] != own) {
                    item.evidence = hit.id;
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
            const double uni =
                fa.box.width() * fa.box.height() + fb.box.width() * fb.box.height() - inter;
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
    Statement q = library.database().prepare("SELECT a.id, b.id, a.path, b.path FROM images a JOIN "
                                             "images b ON a.hash = b.hash AND a.id < b.id "
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
            const qint64 j = data.rowOf(hit.id);
            if (j < 0)
                continue;
            const qint64 imageA = data.image[size_t(i)], imageB = data.image[size_t(j)];
            const Pair k = key(imageA, imageB);
            if (imageA == imageB || found.contains(k) || !sameLayout(library, imageA, imageB))
                continue;
            auto faces = library.faces({data.ids[size_t(i)], hit.id});
            if (faces.size() == 2)
                found.insert(k, ReviewItem{ReviewKind::SamePhoto, faces[0], faces[1],
                                           hit.similarity, 0.f, hit.similarity});
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
    const QSet<Pair> decided = options.includeDecided ? QSet<Pair>{} : decidedPairs(library);
    auto undecided = [&](qint64 suspect, qint64 evidence) {
        return !evidence || !decided.contains(key(suspect, evidence));
    };
    auto ranked = [](float ca, qint64 ia, float cb, qint64 ib) {
        return ca != cb ? ca > cb : ia < ib;
    };
    std::vector<ReviewItem> items;
    if (options.kind == ReviewKind::SamePhoto) {
        items = samePhoto(library, *data);
        std::erase_if(items, [&](const ReviewItem& item) {
            return !undecided(item.suspect.id, item.evidence.id);
        });
        std::sort(items.begin(), items.end(), [&](const ReviewItem& a, const ReviewItem& b) {
            return ranked(a.confidence, a.suspect.id, b.confidence, b.suspect.id);
        });
        if (options.limit > 0 && qsizetype(items.size()) > options.limit)
            items.resize(size_t(options.limit));
        return items;
    }
    std::vector<Found> found = options.kind == ReviewKind::CrossLabel
                                   ? crossLabel(*data, options.floor)
                                   : outliers(*data, options.floor);
    data->graph = {};
    std::erase_if(found, [&](const Found& f) { return !undecided(f.suspect, f.evidence); });
    std::sort(found.begin(), found.end(), [&](const Found& a, const Found& b) {
        return ranked(a.confidence, a.suspect, b.confidence, b.suspect);
    });
    if (options.limit > 0 && qsizetype(found.size()) > options.limit)
        found.resize(size_t(options.limit));
    // The faces of what is returned, read in blocks.
    items.reserve(found.size());
    constexpr size_t kBlock = 512;
    for (size_t from = 0; from < found.size(); from += kBlock) {
        std::vector<qint64> ids;
        const size_t to = std::min(found.size(), from + kBlock);
        for (size_t i = from; i < to; ++i) {
            ids.push_back(found[i].suspect);
            if (found[i].evidence)
                ids.push_back(found[i].evidence);
        }
        QHash<qint64, FaceRecord> faces;
        for (FaceRecord& face : library.faces(ids))
            faces.insert(face.id, std::move(face));
        for (size_t i = from; i < to; ++i) {
            const Found& f = found[i];
            ReviewItem item{f.kind,
                            faces.value(f.suspect),
                            f.evidence ? faces.value(f.evidence) : FaceRecord{},
                            f.similarity,
                            f.ownSupport,
                            f.confidence};
            if (item.suspect.id)
                items.push_back(std::move(item));
        }
    }
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
