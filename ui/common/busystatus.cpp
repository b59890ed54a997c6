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

} // namespace lookalike::ui
