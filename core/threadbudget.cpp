#include "threadbudget.h"
#include <QThread>
#include <dlfcn.h>
#include <omp.h>
#include <opencv2/core/utility.hpp>

namespace lookalike {

namespace {

void setBlasThreads(int n)
{
    using SetThreads = void (*)(int);
    static const auto set = reinterpret_cast<SetThreads>(
        dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    if (set)
        set(n);
}

} // namespace

void ThreadBudget::forWorkers(int workers)
{
    (void)workers;
    cv::setNumThreads(1);
    omp_set_num_threads(1);
    setBlasThreads(1);
}

void ThreadBudget::forSearch(int threads)
{
    const int n = threads > 0 ? threads : QThread::idealThreadCount();
    cv::setNumThreads(1);
    omp_set_num_threads(n);
    setBlasThreads(n);
}

} // namespace lookalike
