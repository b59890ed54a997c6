#include "objectindex.h"

#include "objectstore.h"
#include "vectorindex.h"

namespace lookalike {

Expected<std::unique_ptr<VectorIndex>> ObjectIndex::build(Library& library, int dimension,
                                                          const char* factory)
{
    VectorIndex::Meta meta;
    meta.model = QString::fromLatin1(ObjectStore::kVladModel);
    meta.dimension = dimension;
    meta.factory = QString::fromLatin1(factory);
    std::vector<qint64> ids;
    std::vector<float> block;
    std::unique_ptr<VectorIndex> index;
    Status added = success();
    // The first kTrainRows rows train the codes' ranges, then go in; later rows go in by
    // blocks of the same size.
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
    Status read = ObjectStore::forEachVlad(library, dimension,
                                           [&](qint64 imageId, std::span<const float> vlad) {
                                               ids.push_back(imageId);
                                               block.insert(block.end(), vlad.begin(), vlad.end());
                                               return qint64(ids.size()) < kTrainRows || flush();
                                           });
    if (!read)
        return Error{QStringLiteral("cannot read the object descriptors: %1").arg(read.error())};
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
