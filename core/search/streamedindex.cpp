#include "streamedindex.h"

namespace lookalike {

Expected<std::unique_ptr<VectorIndex>> StreamedIndex::build(VectorIndex::Meta meta,
                                                            const Reader& read, qint64 trainRows)
{
    std::vector<qint64> ids;
    std::vector<float> block;
    std::unique_ptr<VectorIndex> index;
    Status added = success();
    // The first trainRows rows train the codes, then go in; later rows go in by blocks of
    // the same size.
    auto flush = [&]() -> bool {
        if (!index) {
            auto created = VectorIndex::create(meta, block.data(), qint64(ids.size()));
            if (!created) {
                added = Error{created.error()};
                return false;
            }
            index = std::move(*created);
        }
        added = index->add(block.data(), ids.data(), qint64(ids.size()));
        ids.clear();
        block.clear();
        return added.ok();
    };
    Status status = read([&](qint64 imageId, std::span<const float> vector) {
        ids.push_back(imageId);
        block.insert(block.end(), vector.begin(), vector.end());
        return qint64(ids.size()) < trainRows || flush();
    });
    if (!status)
        return Error{status.error()};
    if (!added)
        return Error{added.error()};
    if (ids.empty() && !index) {
        meta.factory = QStringLiteral("Flat"); // nothing to train on: an empty exact index
        auto empty = VectorIndex::create(meta, nullptr, 0);
        if (!empty)
            return Error{empty.error()};
        return std::move(*empty);
    }
    if (!ids.empty() && !flush())
        return Error{added.error()};
    return index;
}

} // namespace lookalike
