#include "threadbudget.h"
#include "blascheck.h"
#include <QThread>
#include <opencv2/core/utility.hpp>

namespace lookalike {

void ThreadBudget::forWorkers(int workers)
{
    (void)workers; // each worker is one thread; nothing below may add more
    cv::setNumThreads(1);
    setComputeThreads(1, 1);
}

void ThreadBudget::forSearch(int threads)
{
    const int n = threads > 0 ? threads : QThread::idealThreadCount();
    cv::setNumThreads(1);
    setComputeThreads(n, n);
}

} // namespace lookalike
