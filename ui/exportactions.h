#pragma once
// File > Export: every face of the library as CSV (in the background, with the status bar's
// progress), and the query results shown in the grid as CSV.
#include <QObject>
#include <QPointer>

class QAction;
class QMenu;
class QWidget;

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
    void exportResults();

    QAction* exportResultsAction() const { return m_exportResults; }

signals:
    void message(const QString& text); // a finished export, for the status bar

private:
    QuerySession* m_session;
    Settings* m_settings;
    MessageSink* m_sink;
    BackgroundJobs* m_jobs;
    QString m_libraryPath;
    QAction* m_exportFaces;
    QAction* m_exportResults;
};

} // namespace lookalike::ui
