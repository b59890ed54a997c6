#include "peoplesearchstatus.h"
#include "backgroundjobs.h"
#include "labelediting.h"

namespace lookalike::ui {

PeopleSearchStatus::PeopleSearchStatus(LabelEditing* editing, BackgroundJobs* jobs, QObject* parent)
    : QObject(parent), m_editing(editing), m_jobs(jobs)
{
    connect(editing, &LabelEditing::peopleSearchStarted, this, &PeopleSearchStatus::started);
    connect(editing, &LabelEditing::peopleProgress, this, &PeopleSearchStatus::progress);
    connect(editing, &LabelEditing::peopleSearchFinished, this, &PeopleSearchStatus::finished);
    connect(jobs, &BackgroundJobs::cancelRequested, this, [this] {
        if (!m_shown)
            return; // another job's cancel
        m_jobs->setCancelling();
        m_editing->cancelFindPeople();
    });
}

void PeopleSearchStatus::started()
{
    m_clock.start();
    if (m_jobs->isRunning())
        return;
    m_shown = true;
    m_jobs->begin(tr("Finding people…"));
}

void PeopleSearchStatus::progress(double fraction)
{
    if (!m_shown)
        return;
    // The time left, once a few percent tell the pace.
    const double elapsed = m_clock.elapsed() / 1000.0;
    const double eta = fraction >= 0.05 ? elapsed * (1 - fraction) / fraction : -1;
    m_jobs->setProgress(tr("Finding people"), qint64(fraction * 100), 100, -1, eta);
}

void PeopleSearchStatus::finished(const QString& summary)
{
    if (!std::exchange(m_shown, false))
        return;
    m_jobs->end(summary.isEmpty() ? tr("People found") : summary);
}

} // namespace lookalike::ui
