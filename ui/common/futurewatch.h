#pragma once
#include <QFutureWatcher>
#include <QObject>
#include <utility>

namespace lookalike::ui {

// Calls `handler(result)` on `context`'s thread once `future` has finished, always from the
// event loop: never inside the call that attached it, even when the future had already
// finished (QFuture::then(context, ...) would then run the handler at once, re-entering the
// caller). Nothing is called when `context` is destroyed first. The watcher is owned by
// `context`, as the house style asks.
template <typename T, typename Handler>
void whenFinished(const QFuture<T>& future, QObject* context, Handler&& handler)
{
    auto* watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, handler = std::forward<Handler>(handler)]() mutable {
                         watcher->deleteLater();
                         handler(watcher->result());
                     });
    watcher->setFuture(future);
}

} // namespace lookalike::ui
