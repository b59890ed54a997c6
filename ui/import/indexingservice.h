#pragma once
// Runs one import (Indexer::run, which blocks) on a worker thread and reports back on the
// GUI thread: progress (at most ~10 times a second), each committed batch (so the grid can
// grow while the import runs), and the end. cancel() stops it between photos; what was
// committed stays, and running the same import again finishes the rest.
#include "importrequest.h"
#include "indexer.h"
#include "modelregistry.h"
#include <QElapsedTimer>
#include <QFuture>
#include <QObject>
#include <QThreadPool>
#include <atomic>
#include <memory>
#include <optional>

namespace lookalike::ui {

class IndexingService : public QObject {
    Q_OBJECT
public:
    struct Outcome {
        ImportRequest request;
        bool ok = false;
        QString error;            // when !ok
        Indexer::Summary summary; // when ok (summary.cancelled when stopped)
    };

    // `registry` empty: imports fail with `registryError` (e.g. how to fetch the models).
    IndexingService(std::optional<ModelRegistry> registry, QString registryError,
                    QObject* parent = nullptr);
    ~IndexingService() override; // cancels and waits

    // False (and `error` set) when an import is already running.
    bool start(const ImportRequest& request, QString* error = nullptr);
    void cancel();
    bool isRunning() const { return m_running; }
    bool isCancelling() const { return m_running && m_cancel->load(); }
    ImportRequest current() const { return m_current; }
    // Worker threads for the indexer; 0: one per core.
    void setThreads(int threads) { m_threads = threads; }

signals:
    void started(const ImportRequest& request);
    void progress(const Indexer::Progress& progress);
    void committed(qint64 newFaces);
    void finished(const Outcome& outcome);

private:
    void deliverProgress(const Indexer::Progress& p);

    std::optional<ModelRegistry> m_registry;
    QString m_registryError;
    ImportRequest m_current;
    bool m_running = false;
    int m_threads = 0;
    std::shared_ptr<std::atomic_bool> m_cancel = std::make_shared<std::atomic_bool>(false);
    QElapsedTimer m_lastProgress;
    QThreadPool m_pool;
};

} // namespace lookalike::ui
