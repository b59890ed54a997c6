#include "busystatus.h"

namespace lookalike::ui {

void BusyStatus::setRunning(int delta)
{
    const bool was = isBusy();
    m_running += delta;
    if (was != isBusy())
        emit busyChanged(isBusy());
}

void BusyStatus::setStatus(const QString& text)
{
    m_status = text;
    emit statusChanged(text);
}

bool BusyStatus::mayUndo(bool anythingToUndo)
{
    if (isBusy())
        return false;
    if (!anythingToUndo)
        setStatus(tr("Nothing to undo."));
    return anythingToUndo;
}

} // namespace lookalike::ui
