#pragma once
// The search cache of same-object search: every stored VLAD (ObjectStore) in a FAISS
// inner-product index of 8-bit codes, kFactory ("SQ8": IndexScalarQuantizer QT_8bit, a
// range per dimension trained on the first kTrainRows photos), ids = image ids. 2 KB a photo:
// 205 MB at 100,000 photos instead of 819 MB as floats; the codes only choose the
// candidates that ObjectSearch verifies with keypoints, so their rounding is harmless (see
// the README's measured table). Built in memory from the library, streaming: the floats of
// at most kTrainRows photos are held at once.
#include "expected.h"
#include <memory>

namespace lookalike {

class Library;
class VectorIndex;

class ObjectIndex {
public:
    static constexpr const char* kFactory = "SQ8";
    static constexpr qint64 kTrainRows = 20000;

    // An empty index when the library has no object descriptors.
    static Expected<std::unique_ptr<VectorIndex>> build(Library& library, int dimension,
                                                        const char* factory = kFactory);
};

} // namespace lookalike
