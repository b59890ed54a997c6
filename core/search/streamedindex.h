#pragma once
// A FAISS cache of photo vectors streamed from the library (SQLite is the truth): the first
// trainRows rows train the factory's codes (for "SQ8", a range per dimension), then every row
// goes in by blocks of the same size, so at most trainRows vectors are held as floats at once.
// Used for the same-object VLADs (ObjectIndex) and the learned image embeddings
// (ImageModelSearch); ids are image ids.
#include "expected.h"
#include "vectorindex.h"
#include <functional>
#include <memory>
#include <span>

namespace lookalike {

class StreamedIndex {
public:
    // Calls its visitor with each (image id, vector of meta.dimension floats) until it
    // returns false.
    using Visitor = std::function<bool(qint64 imageId, std::span<const float>)>;
    using Reader = std::function<Status(const Visitor&)>;

    // An empty exact ("Flat") index when `read` gives no rows.
    static Expected<std::unique_ptr<VectorIndex>> build(VectorIndex::Meta meta, const Reader& read,
                                                        qint64 trainRows);
};

} // namespace lookalike
