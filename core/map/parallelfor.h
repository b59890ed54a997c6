#pragma once
// Runs work(item) for items 0..count-1 on up to `threads` threads, the calling thread being
// one of them; items are handed out in order as threads come free.
#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace lookalike {

template <class Work> void parallelFor(int count, int threads, const Work& work)
{
    std::atomic_int next{0};
    auto loop = [&] {
        for (int item = next++; item < count; item = next++)
            work(item);
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < std::min(threads, count); ++t)
        pool.emplace_back(loop);
    loop();
    for (auto& thread : pool)
        thread.join();
}

inline int threadsOrCores(int threads)
{
    return threads > 0 ? threads : std::max(1, int(std::thread::hardware_concurrency()));
}

} // namespace lookalike
