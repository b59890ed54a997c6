#pragma once

namespace lookalike {

// Sets OpenCV, OpenMP and BLAS thread counts together so that they never multiply into
// oversubscription on a small machine. Process-wide; call before starting a phase.
class ThreadBudget {
public:
    // `workers` threads each run their own single-threaded cv::dnn::Net.
    static void forWorkers(int workers);
    // One search or all-pairs job that may use every core through OpenMP/BLAS. OpenMP counts
    // are per thread: call this on the thread that runs FAISS.
    static void forSearch(int threads = 0);
};

} // namespace lookalike
