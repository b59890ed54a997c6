#pragma once
// The import workflow around IndexingService: the wizard, remembering an unfinished import
// (QSettings) and offering to finish it, progress in the status bar, the failures dialog,
// and stopping cleanly when the window closes during an import.
#include "importrequest.h"
#include "importwizard.h"
#include "indexingservice.h"
#include <QObject>
#include <QPointer>

class QWidget;

namespace lookalike::ui {

class BackgroundJobs;
class FailuresDialog;
class ImportWizard;
class MessageSink;
class Settings;

class ImportController : public QObject {
    Q_OBJECT
public:
    ImportController(IndexingService* indexing, Settings* settings, MessageSink* sink,
                     BackgroundJobs* jobs, const QString& libraryDir, QWidget* window);

    // Opens the wizard (not modal; it closes as soon as the import starts).
    ImportWizard* showWizard(const QString& folder = {});
    ImportWizard* wizard() const { return m_wizard; }
    void start(const ImportRequest& request);
    // When `libraryPath` has an unfinished import, asks whether to finish it now.
    void offerToFinish(const QString& libraryPath);
    FailuresDialog* showFailures(const QString& libraryPath);
    // The library whose failures the status bar counts, and how many it has recorded.
    void setLibrary(const QString& libraryPath, qint64 failures);

    // True when the window may close now. During an import, asks; when the user agrees
    // the import is stopped and quitReady() follows once it has.
    bool confirmClose();

signals:
    void importStarted(const ImportRequest& request); // open this library
    void facesCommitted();                            // more faces are in the library
    void importFinished(const IndexingService::Outcome& outcome);
    void quitReady();

private:
    void progress(const Indexer::Progress& p);
    void finished(const IndexingService::Outcome& outcome);
    QString summaryText(const IndexingService::Outcome& outcome) const;

    IndexingService* m_indexing;
    Settings* m_settings;
    MessageSink* m_sink;
    BackgroundJobs* m_jobs;
    QString m_libraryDir;
    QPointer<QWidget> m_window;
    QPointer<ImportWizard> m_wizard;
    QString m_library;
    std::vector<std::pair<QString, QString>> m_lastProblems; // from the last run's summary
    bool m_quitWhenStopped = false;
};

} // namespace lookalike::ui
