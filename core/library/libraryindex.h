#pragma once
#include "expected.h"
#include "vectorindex.h"
#include <memory>

namespace lookalike {

class Library;

// The FAISS cache of one model's vectors beside the library file. Loading compares what the
// cache was built from (model, dimension, count, vector generation) with the library and
// rebuilds it from SQLite when any of them disagree, or when the file is missing or corrupt.
class LibraryIndex {
public:
    struct Loaded {
        std::shared_ptr<const VectorIndex> index; // null while the library has no vectors
        bool rebuilt = false;
        QString reason; // why it was rebuilt, for the log
    };
    static Expected<Loaded> load(Library& library, const QString& model);
    // Build from SQLite and write the cache, whatever is on disk.
    static Expected<Loaded> rebuild(Library& library, const QString& model, const QString& reason);
};

} // namespace lookalike
