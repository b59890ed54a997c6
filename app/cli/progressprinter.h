#pragma once
#include "indexer.h"
#include <QElapsedTimer>

namespace lookalike::cli {

// Indexing progress on stderr: a redrawn bar with rate and ETA on a terminal, a plain line
// every few seconds otherwise (logs, CI).
class ProgressPrinter {
public:
    ProgressPrinter();
    void update(const Indexer::Progress& progress);
    void finish();

private:
    bool m_terminal;
    bool m_drawn = false;
    Indexer::Phase m_phase = Indexer::Phase::Done;
    QElapsedTimer m_last;
};

} // namespace lookalike::cli
