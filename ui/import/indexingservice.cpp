#include "indexingservice.h"
#include "futurewatch.h"
#include <QLoggingCategory>
#include <QPointer>
#include <QtConcurrent>

Q_LOGGING_CATEGORY(lcIndexing, "lookalike.ui.indexing", QtInfoMsg)

namespace lookalike::ui {

IndexingService::IndexingService(std::optional<ModelRegistry> registry, QString registryError,
                                 QObject* parent)
    : QObject(parent), m_registry(std::move(registry)), m_registryError(std::move(registryError))
{
    m_pool.setMaxThreadCount(1);
}

IndexingService::~IndexingService()
{
    m_cancel->store(true);
    m_pool.waitForDone();
}

bool IndexingService::start(const ImportRequest& request, QString* error)
{
    if (m_running) {
        if (error)
            *error = tr("An import is already running: %1").arg(m_current.folder);
        return false;
    }
    m_current = request;
    m_running = true;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    m_lastProgress.invalidate();
    emit started(request);

    Indexer::Options options;
    options.recursive = request.recursive;
    options.labelsFromSubfolders = request.labelsFromSubfolders;
    options.namesFromMetadata = request.namesFromMetadata;
    options.facePass = request.findFaces;
    options.objectPass = request.findObjects;
    options.threads = m_threads;
    QPointer<IndexingService> self(this);
    auto job = [self, registry = m_registry, registryError = m_registryError, request, options,
                cancel = m_cancel]() -> Outcome {
        Outcome outcome{request, false, {}, {}};
        if (!registry) {
            outcome.error = registryError;
            return outcome;
        }
        auto onProgress = [self](const Indexer::Progress& p) {
            QMetaObject::invokeMethod(
                self,
                [self, p] {
                    if (self)
                        self->deliverProgress(p);
                },
                Qt::QueuedConnection);
        };
        auto onCommit = [self](qint64 faces) {
            QMetaObject::invokeMethod(
                self,
                [self, faces] {
                    if (self)
                        emit self->committed(faces);
                },
                Qt::QueuedConnection);
        };
        Indexer indexer(*registry);
        auto summary = indexer.run(request.libraryPath, request.folder, options, cancel.get(),
                                   onProgress, onCommit);
        if (!summary) {
            outcome.error = summary.error();
            return outcome;
        }
        // A same-object pass that could not run (no codebook), or the library's image model
        // (its file missing), is said with the warnings.
        for (const QString& problem : {summary->objectProblem, summary->imageModelProblem})
            if (!problem.isEmpty())
                summary->warnings.push_back({request.folder, problem});
        outcome.ok = true;
        outcome.summary = std::move(*summary);
        return outcome;
    };
    whenFinished(QtConcurrent::run(&m_pool, job), this, [this](const Outcome& outcome) {
        m_running = false;
        qCInfo(lcIndexing) << "import of" << outcome.request.folder
                           << "ended:" << (outcome.ok ? QStringLiteral("ok") : outcome.error);
        emit finished(outcome);
    });
    return true;
}

void IndexingService::cancel()
{
    if (m_running)
        m_cancel->store(true);
}

void IndexingService::deliverProgress(const Indexer::Progress& p)
{
    // Phase changes always go through; within a phase at most ten updates a second.
    if (m_lastProgress.isValid() && m_lastProgress.elapsed() < 100 &&
        p.phase == Indexer::Phase::Indexing && p.done < p.total)
        return;
    m_lastProgress.restart();
    emit progress(p);
}

} // namespace lookalike::ui
