#pragma once
// Builds a library's FAISS cache on a background thread (LibraryIndex::rebuild with its own
// read-only library connection), so that a large library is usable while its approximate
// index is trained and filled. Progress and the result are read from any thread.
#include "vectorindex.h"
#include <QString>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace lookalike {

class IndexBuilder {
public:
    // `progress` (optional) is called on the build thread with 0..1, then 1 when the index
    // is ready or -1 when it failed (not after a cancel).
    IndexBuilder(QString libraryPath, QString model, QString reason,
                 std::function<void(double)> progress = {});
    ~IndexBuilder(); // cancels a running build and waits for it

    // 0..1 while building; 1 once finished (see index() and error()).
    double progress() const { return m_progress.load(); }
    bool finished() const { return m_finished.load(); }
    // The built index once finished without error; null before.
    std::shared_ptr<const VectorIndex> index() const;
    QString error() const;

private:
    void run(QString libraryPath, QString model, QString reason);

    std::function<void(double)> m_report;
    std::atomic_bool m_cancel{false};
    std::atomic<double> m_progress{0.0};
    std::atomic_bool m_finished{false};
    mutable std::mutex m_mutex; // guards m_index and m_error
    std::shared_ptr<const VectorIndex> m_index;
    QString m_error;
    std::thread m_thread;
};

} // namespace lookalike
