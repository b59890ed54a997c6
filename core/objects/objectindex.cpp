#include "objectindex.h"

#include "objectstore.h"
#include "streamedindex.h"

namespace lookalike {

Expected<std::unique_ptr<VectorIndex>> ObjectIndex::build(Library& library, int dimension,
                                                          const char* factory)
{
    VectorIndex::Meta meta;
    meta.model = QString::fromLatin1(ObjectStore::kVladModel);
    meta.dimension = dimension;
    meta.factory = QString::fromLatin1(factory);
    auto index = StreamedIndex::build(
        meta,
        [&](const StreamedIndex::Visitor& visit) {
            Status read = ObjectStore::forEachVlad(library, dimension, visit);
            if (!read)
                return Status(Error{
                    QStringLiteral("cannot read the object descriptors: %1").arg(read.error())});
            return read;
        },
        kTrainRows);
    return index;
}

} // namespace lookalike
