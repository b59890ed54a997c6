#pragma once
// Measures how long the GUI thread's event loop stalls: a 10 ms timer notes how late each
// tick arrives. A responsive UI keeps the worst lateness in the tens of milliseconds.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <vector>

namespace lookalike::ui {

class LatencyProbe : public QObject {
    Q_OBJECT
public:
    struct Stats {
        qint64 samples = 0;
        double maxMs = 0; // the longest stall
        double p99Ms = 0;
        double meanMs = 0;
        qint64 over50Ms = 0; // stalls longer than 50 ms
    };

    explicit LatencyProbe(int intervalMs = 10, QObject* parent = nullptr);

    void start(); // also resets
    void stop();
    Stats stats() const;

private:
    void tick();

    int m_interval;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    std::vector<float> m_lateMs;
};

} // namespace lookalike::ui
