#include "photoreviewjob.h"
#include "library.h"
#include "photostore.h"
#include <QCoreApplication>

namespace lookalike::ui {

PhotoReviewOutcome PhotoReviewJob::run(const QString& libraryPath, const ReviewEdit& edit,
                                       const std::optional<PhotoDuplicateFinder::Options>& query)
{
    PhotoReviewOutcome out;
    out.change = ReviewJob::run(libraryPath, edit, std::nullopt, nullptr);
    if (!query || (query->cancel && query->cancel->load()))
        return out;
    auto library = Library::open(libraryPath, Library::Mode::ReadOnly);
    if (!library) {
        out.error = library.error();
        return out;
    }
    auto groups = PhotoDuplicateFinder::find(**library, *query);
    if (!groups) {
        if (!(query->cancel && query->cancel->load()))
            out.error = QCoreApplication::translate("lookalike::ui::PhotoReviewJob",
                                                    "The duplicate photos could not be found: %1")
                            .arg(groups.error());
        return out;
    }
    out.groups.reserve(groups->size());
    for (PhotoGroup& group : *groups) {
        std::vector<PhotoFacts> facts = PhotoStore::photoFacts(**library, group.imageIds);
        if (facts.size() < 2)
            continue; // photos gone meanwhile: no longer a group
        group.imageIds.clear();
        for (const PhotoFacts& f : facts)
            group.imageIds.push_back(f.imageId);
        out.groups.push_back({std::move(group), std::move(facts)});
    }
    out.queried = !(query->cancel && query->cancel->load());
    return out;
}

std::vector<std::pair<qint64, qint64>> PhotoReviewJob::allPairs(const std::vector<qint64>& imageIds)
{
    std::vector<std::pair<qint64, qint64>> pairs;
    for (size_t i = 0; i < imageIds.size(); ++i)
        for (size_t j = i + 1; j < imageIds.size(); ++j)
            pairs.emplace_back(std::min(imageIds[i], imageIds[j]),
                               std::max(imageIds[i], imageIds[j]));
    return pairs;
}

} // namespace lookalike::ui
