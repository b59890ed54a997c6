#include "progressprinter.h"
#include <cstdio>
#include <unistd.h>

namespace lookalike::cli {

namespace {

QString duration(double seconds)
{
    if (seconds < 0)
        return QStringLiteral("--:--");
    const qint64 s = qint64(seconds + 0.5);
    if (s >= 3600)
        return QStringLiteral("%1h%2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString line(const Indexer::Progress& p)
{
    using Phase = Indexer::Phase;
    switch (p.phase) {
    case Phase::Scanning:
        return QStringLiteral("scanning: %1 photos found").arg(p.total);
    case Phase::BuildingIndex:
        return QStringLiteral("building the search index");
    case Phase::Done:
        return QStringLiteral("done");
    case Phase::EmbeddingPhotos:
        return QStringLiteral("image model: %1/%2 photos, %3 failed, %4 photos/s, ETA %5")
            .arg(p.done)
            .arg(p.total)
            .arg(p.failed)
            .arg(p.imagesPerSecond, 0, 'f', 1)
            .arg(duration(p.etaSeconds));
    case Phase::Indexing:
        break;
    }
    return QStringLiteral("%1/%2 photos, %3 faces, %4 failed, %5 photos/s, ETA %6")
        .arg(p.done)
        .arg(p.total)
        .arg(p.faces)
        .arg(p.failed)
        .arg(p.imagesPerSecond, 0, 'f', 1)
        .arg(duration(p.etaSeconds));
}

QString bar(const Indexer::Progress& p, int width)
{
    const double fraction = p.total > 0 ? double(p.done) / double(p.total) : 0.0;
    const int filled = int(fraction * width);
    return QLatin1Char('[') + QString(filled, QLatin1Char('#')) +
           QString(width - filled, QLatin1Char('.')) + QStringLiteral("] ");
}

} // namespace

ProgressPrinter::ProgressPrinter() : m_terminal(isatty(STDERR_FILENO) != 0) {}

void ProgressPrinter::update(const Indexer::Progress& p)
{
    const bool milestone = p.phase != m_phase;
    m_phase = p.phase;
    if (m_terminal) {
        if (m_last.isValid() && m_last.elapsed() < 100 && !milestone)
            return;
        const QString text = p.phase == Indexer::Phase::Indexing || p.phase == Indexer::Phase::EmbeddingPhotos
                                 ? bar(p, 30) + line(p)
                                 : line(p);
        std::fprintf(stderr, "\r\033[K%s", qPrintable(text));
        m_drawn = true;
    } else {
        if (m_last.isValid() && m_last.elapsed() < 5000 && !milestone)
            return;
        std::fprintf(stderr, "%s\n", qPrintable(line(p)));
    }
    std::fflush(stderr);
    m_last.start();
}

void ProgressPrinter::finish()
{
    if (m_terminal && m_drawn)
        std::fputc('\n', stderr);
}

} // namespace lookalike::cli
