#include "latencyprobe.h"
#include <algorithm>
#include <numeric>

namespace lookalike::ui {

LatencyProbe::LatencyProbe(int intervalMs, QObject* parent)
    : QObject(parent), m_interval(intervalMs)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &LatencyProbe::tick);
}

void LatencyProbe::start()
{
    m_lateMs.clear();
    m_clock.start();
    m_lastNs = 0;
    m_timer.start();
}

void LatencyProbe::stop()
{
    m_timer.stop();
}

void LatencyProbe::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    const double late = (now - m_lastNs) / 1e6 - m_interval;
    m_lastNs = now;
    m_lateMs.push_back(float(std::max(0.0, late)));
}

LatencyProbe::Stats LatencyProbe::stats() const
{
    Stats s;
    if (m_lateMs.empty())
        return s;
    std::vector<float> sorted = m_lateMs;
    std::sort(sorted.begin(), sorted.end());
    s.samples = qint64(sorted.size());
    s.maxMs = sorted.back();
    s.p99Ms = sorted[std::min(sorted.size() - 1, size_t(double(sorted.size()) * 0.99))];
    s.meanMs = std::accumulate(sorted.begin(), sorted.end(), 0.0) / double(sorted.size());
    s.over50Ms = qint64(sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), 50.f));
    return s;
}

} // namespace lookalike::ui
