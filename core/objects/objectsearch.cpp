#include "objectsearch.h"

#include "vectorindex.h"

#include <QElapsedTimer>
#include <QtConcurrent>
#include <algorithm>

namespace lookalike {

ObjectSearch::ObjectSearch(const VectorIndex& index, FeatureLoader loader, const Options& options)
    : m_index(index), m_loader(std::move(loader)), m_options(options)
{
}

std::vector<ObjectSearch::Hit> ObjectSearch::search(const ObjectDescriptor& query, int k,
                                                    Timing* timing) const
{
    QElapsedTimer clock;
    clock.start();
    const int candidates = std::max(k, m_options.candidates);
    const std::vector<SearchHit> found = m_index.search(query.vlad.data(), 1, candidates).front();
    const double searchMs = clock.nsecsElapsed() / 1e6;

    std::vector<qint64> ids;
    for (const SearchHit& h : found)
        ids.push_back(h.id);
    const std::vector<std::optional<LocalFeatures>> features = m_loader(ids);
    const double loadMs = clock.nsecsElapsed() / 1e6 - searchMs;

    std::vector<Hit> hits(found.size());
    std::vector<int> order(found.size());
    for (size_t i = 0; i < found.size(); ++i) {
        hits[i].id = found[i].id;
        hits[i].similarity = found[i].similarity;
        order[i] = int(i);
    }
    QtConcurrent::blockingMap(order, [&](int i) {
        const std::optional<LocalFeatures>& f = features.at(size_t(i));
        if (!f)
            return;
        hits[size_t(i)].inliers =
            ObjectMatcher::match(query.keypoints, *f, m_options.matcher).inliers;
        hits[size_t(i)].sameObject = hits[size_t(i)].inliers >= m_options.matcher.minInliers;
    });
    std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
        if (a.sameObject != b.sameObject)
            return a.sameObject;
        if (a.sameObject && a.inliers != b.inliers)
            return a.inliers > b.inliers;
        return a.similarity > b.similarity;
    });
    if (int(hits.size()) > k)
        hits.resize(size_t(k));
    if (timing)
        *timing = {searchMs, loadMs, clock.nsecsElapsed() / 1e6 - searchMs - loadMs};
    return hits;
}

} // namespace lookalike
