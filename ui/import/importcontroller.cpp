#include "importcontroller.h"
#include "backgroundjobs.h"
#include "failuresdialog.h"
#include "importwizard.h"
#include "messagesink.h"
#include "plural.h"
#include "settings.h"
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QWidget>

namespace lookalike::ui {

ImportController::ImportController(IndexingService* indexing, Settings* settings, MessageSink* sink,
                                   BackgroundJobs* jobs, const QString& libraryDir, QWidget* window)
    : QObject(window), m_indexing(indexing), m_settings(settings), m_sink(sink), m_jobs(jobs),
      m_libraryDir(libraryDir), m_window(window)
{
    connect(m_indexing, &IndexingService::progress, this, &ImportController::progress);
    connect(m_indexing, &IndexingService::committed, this, &ImportController::facesCommitted);
    connect(m_indexing, &IndexingService::finished, this, &ImportController::finished);
    connect(m_jobs, &BackgroundJobs::cancelRequested, this, [this] {
        m_indexing->cancel();
        m_jobs->setCancelling();
    });
    connect(m_jobs, &BackgroundJobs::failuresRequested, this, [this] { showFailures(m_library); });
}

ImportWizard* ImportController::showWizard(const QString& folder)
{
    if (m_indexing->isRunning()) {
        m_sink->information(tr("Import running"),
                            tr("An import of %1 is running. Wait for it to finish or cancel it "
                               "from the status bar before starting another.")
                                .arg(m_indexing->current().folder));
        return nullptr;
    }
    if (m_wizard) {
        m_wizard->raise();
        m_wizard->activateWindow();
        if (!folder.isEmpty())
            m_wizard->setFolder(folder);
        return m_wizard;
    }
    m_wizard = new ImportWizard(m_sink, m_libraryDir, m_window);
    m_wizard->setAttribute(Qt::WA_DeleteOnClose);
    m_wizard->setFolder(folder.isEmpty() ? m_settings->lastFolder() : folder);
    connect(m_wizard, &QWizard::accepted, this, [this] {
        const ImportRequest request = m_wizard->request();
        m_settings->setLastFolder(request.folder);
        start(request);
    });
    m_wizard->show();
    return m_wizard;
}

void ImportController::start(const ImportRequest& request)
{
    QString error;
    if (!QFileInfo(request.folder).isDir()) {
        m_sink->error(tr("Import"),
                      tr("The folder %1 does not exist (any more).").arg(request.folder));
        return;
    }
    emit importStarted(request);
    m_settings->setUnfinishedImport(request);
    m_library = request.libraryPath;
    m_lastProblems.clear();
    if (!m_indexing->start(request, &error)) {
        m_sink->error(tr("Import"), error);
        return;
    }
    m_jobs->begin(
        tr("Importing %1: looking for photos…").arg(QFileInfo(request.folder).fileName()));
}

void ImportController::offerToFinish(const QString& libraryPath)
{
    const auto unfinished = m_settings->unfinishedImport(libraryPath);
    if (!unfinished || m_indexing->isRunning())
        return;
    if (!QFileInfo(unfinished->folder).isDir()) {
        m_settings->clearUnfinishedImport(libraryPath);
        return;
    }
    if (m_sink->confirm(tr("Unfinished import"),
                        tr("The import of %1 into this library did not finish. Finish it now? "
                           "Photos already done are skipped.")
                            .arg(QDir::toNativeSeparators(unfinished->folder)),
                        tr("Finish import")))
        start(*unfinished);
}

void ImportController::setLibrary(const QString& libraryPath, qint64 failures)
{
    if (libraryPath != m_library)
        m_lastProblems.clear();
    m_library = libraryPath;
    // The library counts files that failed; the last run also knows unreadable folders and
    // files that are not photos.
    m_jobs->setFailureCount(std::max(failures, qint64(m_lastProblems.size())));
}

FailuresDialog* ImportController::showFailures(const QString& libraryPath)
{
    auto* dialog = new FailuresDialog(libraryPath, m_lastProblems, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

void ImportController::progress(const Indexer::Progress& p)
{
    if (m_indexing->isCancelling())
        return;
    const QString folder = QFileInfo(m_indexing->current().folder).fileName();
    const QLocale locale;
    switch (p.phase) {
    case Indexer::Phase::Scanning:
        m_jobs->setProgress(
            tr("Importing %1: %2 photos found…").arg(folder, locale.toString(p.total)), 0, 0, -1,
            -1);
        break;
    case Indexer::Phase::Indexing:
        m_jobs->setProgress(
            tr("Importing %1: %2").arg(folder, plural(p.faces, tr("face"), tr("faces"))), p.done,
            p.total, p.imagesPerSecond, p.etaSeconds);
        break;
    case Indexer::Phase::EmbeddingPhotos:
        m_jobs->setProgress(tr("Importing %1: the library's image model…").arg(folder), p.done,
                            p.total, p.imagesPerSecond, p.etaSeconds);
        break;
    case Indexer::Phase::BuildingIndex:
        m_jobs->setProgress(tr("Importing %1: building the search index…").arg(folder), 0, 0, -1,
                            -1);
        break;
    case Indexer::Phase::Done:
        break;
    }
    if (p.failed > 0)
        m_jobs->setFailureCount(p.failed);
}

QString ImportController::summaryText(const IndexingService::Outcome& outcome) const
{
    const QLocale locale;
    const Indexer::Summary& s = outcome.summary;
    const QString folder = QFileInfo(outcome.request.folder).fileName();
    if (s.cancelled)
        return tr("Import of %1 stopped: %2 photos done. Reopen the library to finish it.")
            .arg(folder, locale.toString(s.imagesIndexed + s.imagesFailed));
    QString text = tr("Imported %1: %2 new photos, %3 faces")
                       .arg(folder, locale.toString(s.imagesIndexed), locale.toString(s.faces));
    if (s.notFaces > 0) // kept, one click away in the sidebar
        text += tr(", %1 not faces").arg(locale.toString(s.notFaces));
    if (s.imagesUnchanged > 0)
        text += tr(", %1 unchanged").arg(locale.toString(s.imagesUnchanged));
    if (s.imagesRemoved > 0)
        text += tr(", %1 removed").arg(locale.toString(s.imagesRemoved));
    return text + tr(" (%1)").arg(BackgroundJobs::formatDuration(s.seconds));
}

void ImportController::finished(const IndexingService::Outcome& outcome)
{
    if (!outcome.ok) {
        m_jobs->end(tr("Import failed"));
        if (!m_quitWhenStopped)
            m_sink->error(
                tr("Import failed"),
                tr("The import of %1 failed: %2").arg(outcome.request.folder, outcome.error));
    } else {
        for (const Indexer::Failure& f : outcome.summary.failures)
            m_lastProblems.emplace_back(f.path, f.error);
        m_jobs->end(summaryText(outcome));
        m_jobs->setFailureCount(qint64(outcome.summary.failures.size()));
        if (!outcome.summary.cancelled)
            m_settings->clearUnfinishedImport(outcome.request.libraryPath);
    }
    emit importFinished(outcome);
    if (m_quitWhenStopped)
        emit quitReady();
}

bool ImportController::confirmClose()
{
    if (!m_indexing->isRunning())
        return true;
    if (m_quitWhenStopped)
        return false; // already stopping
    if (!m_sink->confirm(tr("Import running"),
                         tr("The import of %1 is still running. Stop it and quit? What is done "
                            "is kept, and you will be offered to finish it next time.")
                             .arg(QDir::toNativeSeparators(m_indexing->current().folder)),
                         tr("Stop and quit")))
        return false;
    m_quitWhenStopped = true;
    m_indexing->cancel();
    m_jobs->setCancelling();
    return false;
}

} // namespace lookalike::ui
