#include "blascheck.h"

#include <QFileInfo>
#include <QLoggingCategory>

#include <dlfcn.h>
#include <omp.h>

// Referenced so that every program checking its BLAS also links the one FAISS uses.
extern "C" int sgemm_(const char* transa, const char* transb, const int* m, const int* n,
                      const int* k, const float* alpha, const float* a, const int* lda,
                      const float* b, const int* ldb, const float* beta, float* c, const int* ldc);

namespace lookalike {
namespace {

Q_LOGGING_CATEGORY(lcBlas, "lookalike.core.blas")

// Version strings exported by optimised BLAS libraries, each with its family name.
struct VersionSymbol {
    const char* symbol;
    const char* family;
};
constexpr VersionSymbol kVersionSymbols[] = {
    {"openblas_get_config", "OpenBLAS"},
    {"MKL_Get_Version_String", "Intel MKL"},
    {"bli_info_get_version_str", "BLIS"},
    {"ATL_buildinfo", "ATLAS"},
};

QString canonical(const char* path)
{
    const QString file = QString::fromLocal8Bit(path);
    const QString resolved = QFileInfo(file).canonicalFilePath();
    return resolved.isEmpty() ? file : resolved;
}

// The version string of `handle` (a loaded library), or empty when it exports none known.
QString versionOf(void* handle)
{
    for (const VersionSymbol& v : kVersionSymbols) {
        void* symbol = dlsym(handle, v.symbol);
        if (!symbol)
            continue;
        if (qstrcmp(v.symbol, "openblas_get_config") == 0)
            return QString::fromLatin1(reinterpret_cast<const char* (*)()>(symbol)());
        return QString::fromLatin1(v.family);
    }
    return {};
}

using SetThreads = void (*)(int);
using GetThreads = int (*)();

SetThreads openblasSetThreads()
{
    return reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
}

} // namespace

BlasInfo describeBlas(const QString& library, const QString& version)
{
    BlasInfo info;
    info.library = library;
    info.optimized = !version.isEmpty();
    info.name = info.optimized ? version : QStringLiteral("reference BLAS");
    if (library.isEmpty()) {
        info.name = QStringLiteral("no BLAS loaded");
        info.advice = QStringLiteral("No BLAS library provides sgemm_ in this process: "
                                     "FAISS cannot run. Run bash packaging/setup.sh deps.");
    } else if (!info.optimized) {
        info.advice =
            QStringLiteral("FAISS is using the reference BLAS (%1), about 50x slower than "
                           "OpenBLAS: run bash packaging/setup.sh deps, or `sudo "
                           "update-alternatives --set libblas.so.3-x86_64-linux-gnu "
                           "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3`.")
                .arg(library);
    }
    return info;
}

BlasInfo checkBlas()
{
    void* sgemm = dlsym(RTLD_DEFAULT, "sgemm_");
    if (!sgemm)
        sgemm = reinterpret_cast<void*>(&sgemm_);
    Dl_info where{};
    if (!sgemm || !dladdr(sgemm, &where) || !where.dli_fname)
        return describeBlas({}, {});
    // The library that sgemm_ resolves to, not just any loaded one: OpenCV may pull in
    // libopenblas.so.0 while FAISS's libblas.so.3 is still the reference one.
    void* handle = dlopen(where.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
    const QString version = handle ? versionOf(handle) : QString();
    if (handle)
        dlclose(handle);
    const BlasInfo info = describeBlas(canonical(where.dli_fname), version);
    if (!info.optimized)
        qCWarning(lcBlas).noquote() << info.advice;
    return info;
}

void setComputeThreads(int blas, int openmp)
{
    if (blas > 0) {
        if (SetThreads set = openblasSetThreads())
            set(blas);
    }
    if (openmp > 0)
        omp_set_num_threads(openmp);
}

int blasThreads()
{
    auto get = reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    return get ? get() : -1;
}

int openmpThreads()
{
    return omp_get_max_threads();
}

ScopedBlasThreads::ScopedBlasThreads(int threads) : m_previous(blasThreads())
{
    setComputeThreads(threads, 0);
}

ScopedBlasThreads::~ScopedBlasThreads()
{
    setComputeThreads(m_previous, 0);
}

} // namespace lookalike
