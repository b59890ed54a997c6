#pragma once
// Which BLAS FAISS is running on, and how many threads it and OpenMP use.
// Exact search and NeighbourGraph spend their time in sgemm_: OpenBLAS does ~120 GFLOP/s on
// two cores where Debian's reference BLAS does ~2.5, so a wrong update-alternatives choice
// turns a one-second duplicate search into a minute. Check at start-up and tell the user.
#include <QString>

namespace lookalike {

struct BlasInfo {
    bool optimized = false; // OpenBLAS, MKL, BLIS or ATLAS provides sgemm_
    QString library;        // canonical path of the library providing sgemm_, or empty
    QString name;           // "OpenBLAS 0.3.21 ...", "reference BLAS", ...
    QString advice;         // empty when optimized; otherwise what to run, for a person
};

// Inspects the process: the library that sgemm_ resolves to (dladdr) and the version
// symbols exported by that same library. Thread-safe.
BlasInfo checkBlas();

// Classifies a BLAS library from its path and the version string it exports (empty when it
// exports none). checkBlas() uses it; exposed for tests.
BlasInfo describeBlas(const QString& library, const QString& version);

// BLAS threads (global: OpenBLAS via openblas_set_num_threads when present) and OpenMP
// threads used by FAISS. OpenMP's count is per thread: it applies to parallel regions
// started from the calling thread, so call this on each worker thread that runs FAISS.
// threads <= 0 leaves the value unchanged.
void setComputeThreads(int blasThreads, int openmpThreads);

// Current BLAS threads (-1 when the BLAS cannot tell) and OpenMP threads of this thread.
int blasThreads();
int openmpThreads();

// Sets BLAS threads for a scope and restores the previous value. Global, not per thread.
class ScopedBlasThreads {
public:
    explicit ScopedBlasThreads(int threads);
    ~ScopedBlasThreads();
    ScopedBlasThreads(const ScopedBlasThreads&) = delete;
    ScopedBlasThreads& operator=(const ScopedBlasThreads&) = delete;

private:
    int m_previous;
};

} // namespace lookalike
