#pragma once
// The common part of controllers whose actions run as background jobs (the review screens):
// how many jobs run (isBusy(), busyChanged() when that flips) and a status line saying what
// the last action did (statusChanged()). GUI thread only.
#include <QObject>
#include <QString>

namespace lookalike::ui {

class BusyStatus : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    bool isBusy() const { return m_running > 0; }
    QString status() const { return m_status; }

signals:
    void busyChanged(bool busy);
    void statusChanged(const QString& text);

protected:
    void setStatus(const QString& text);
    void setRunning(int delta); // +1 when a job starts, -1 when it ends
    // For undo(): false while a job runs, and (saying so) when there is nothing to undo.
    bool mayUndo(bool anythingToUndo);

private:
    int m_running = 0;
    QString m_status;
};

} // namespace lookalike::ui
