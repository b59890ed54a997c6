#pragma once
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace lookalike::ui {

// The status-bar face of background work: what is running, a progress bar, rate and time
// left, a cancel button, and a link to the files that failed.
class BackgroundJobs : public QWidget {
    Q_OBJECT
public:
    explicit BackgroundJobs(QWidget* parent = nullptr);

    void begin(const QString& title);
    // total <= 0: busy indicator. rate in items/s (< 0 hidden), eta in seconds (< 0 hidden).
    void setProgress(const QString& title, qint64 done, qint64 total, double rate, double eta);
    void setCancelling();
    // The job ended; `message` stays visible until the next job.
    void end(const QString& message);
    void setFailureCount(qint64 failures);
    bool isRunning() const { return m_running; }
    QString text() const; // what the widget shows, for tests and the accessibility tree

    static QString formatDuration(double seconds);

signals:
    void cancelRequested();
    void failuresRequested();

private:
    QLabel* m_title;
    QProgressBar* m_bar;
    QLabel* m_detail;
    QToolButton* m_cancel;
    QToolButton* m_failures;
    bool m_running = false;
};

} // namespace lookalike::ui
