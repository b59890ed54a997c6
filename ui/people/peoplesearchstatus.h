#pragma once
#include <QElapsedTimer>
#include <QObject>

namespace lookalike::ui {

class BackgroundJobs;
class LabelEditing;

// Shows a running Find people (LabelEditing) in the status bar's BackgroundJobs: its progress,
// the time left, and a cancel button that stops it. While another job (an import) holds the
// status bar, Find people runs without it; the status bar message still says how it ended.
class PeopleSearchStatus : public QObject {
    Q_OBJECT
public:
    PeopleSearchStatus(LabelEditing* editing, BackgroundJobs* jobs, QObject* parent = nullptr);

    bool isShown() const { return m_shown; }

private:
    void started();
    void progress(double fraction);
    void finished(const QString& summary);

    LabelEditing* m_editing;
    BackgroundJobs* m_jobs;
    QElapsedTimer m_clock;
    bool m_shown = false; // the status bar shows this search
};

} // namespace lookalike::ui
