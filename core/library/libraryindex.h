#pragma once
#include "expected.h"
#include "vectorindex.h"
#include <atomic>
#include <functional>
#include <memory>

namespace lookalike {

class Library;

// The FAISS cache of one model's vectors beside the library file. Loading compares what the
// cache was built from (model, dimension, count, vector generation) with the library and
// rebuilds it from SQLite when any of them disagree, or when the file is missing or corrupt.
// A rebuild streams the vectors from SQLite (a training sample, then blocks of rows): it
// never holds all of them as float32.
class LibraryIndex {
public:
    struct Loaded {
        std::shared_ptr<const VectorIndex> index; // null while the library has no vectors
        bool rebuilt = false;
        QString reason; // why it was rebuilt (or must be), for the log
    };
    struct BuildOptions {
        const std::atomic_bool* cancel = nullptr;      // polled between blocks: an Error
        std::function<void(double fraction)> progress; // on the calling thread
    };
    static Expected<Loaded> load(Library& library, const QString& model);
    // The cache when it is valid; otherwise index null and `reason` says why a rebuild is
    // needed (empty reason and null index: the library has no vectors). Never builds.
    static Expected<Loaded> loadCached(Library& library, const QString& model);
    // Build from SQLite and write the cache, whatever is on disk.
    static Expected<Loaded> rebuild(Library& library, const QString& model, const QString& reason);
    static Expected<Loaded> rebuild(Library& library, const QString& model, const QString& reason,
                                    const BuildOptions& options);
};

} // namespace lookalike
