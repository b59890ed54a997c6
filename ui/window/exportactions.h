#pragma once
// File > Export: every face of the library, the corrected label of every photo, and the
// decisions on pairs (in the background, with the status bar's progress), and the query
// results shown in the grid.
#include "expected.h"
#include <QObject>
#include <functional>

class QAction;
class QMenu;
class QWidget;

namespace lookalike {
class Library;
}

namespace lookalike::ui {

class BackgroundJobs;
class MessageSink;
class QuerySession;
class Settings;

class ExportActions : public QObject {
    Q_OBJECT
public:
    ExportActions(QuerySession* session, Settings* settings, MessageSink* sink, BackgroundJobs* jobs,
                  QWidget* window);

    void setLibraryPath(const QString& path) { m_libraryPath = path; }
    void addTo(QMenu* menu) const;
    void updateEnabled(); // the results can be exported while results are shown

    void exportFaces();
    void exportPhotoLabels();
    void exportDecisions();
    void exportResults();

    QAction* exportResultsAction() const { return m_exportResults; }

signals:
    void message(const QString& text); // a finished export, for the status bar

private:
    using Write = std::function<Expected<qint64>(Library&, const QString& file)>;
    // Asks where, then writes on the thread pool from a read-only library.
    void exportLibrary(const QString& title, const QString& suffix, const QString& filter, Write write);

    QuerySession* m_session;
    Settings* m_settings;
    MessageSink* m_sink;
    BackgroundJobs* m_jobs;
    QString m_libraryPath;
    QAction* m_exportFaces;
    QAction* m_exportResults;
    QAction* m_exportLabels;
    QAction* m_exportDecisions;
};

} // namespace lookalike::ui
