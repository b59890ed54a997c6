#include "exportactions.h"
#include "backgroundjobs.h"
#include "exporter.h"
#include "futurewatch.h"
#include "library.h"
#include "messagesink.h"
#include "querysession.h"
#include "resultsexporter.h"
#include "settings.h"
#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QtConcurrent>

namespace lookalike::ui {

ExportActions::ExportActions(QuerySession* session, Settings* settings, MessageSink* sink,
                             BackgroundJobs* jobs, QWidget* window)
    : QObject(window), m_session(session), m_settings(settings), m_sink(sink), m_jobs(jobs)
{
    m_exportFaces = new QAction(tr("All &faces as CSV…"), this);
    m_exportFaces->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportResults = new QAction(tr("Query &results as CSV…"), this);
    m_exportResults->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_exportLabels = new QAction(tr("Photo &labels as CSV…"), this);
    m_exportLabels->setToolTip(tr("Every photo with the people in it, as corrected here: path,labels"));
    m_exportDecisions = new QAction(tr("&Decisions as CSV or JSON…"), this);
    m_exportDecisions->setToolTip(tr("Every pair you marked the same or different people"));
    connect(m_exportLabels, &QAction::triggered, this, &ExportActions::exportPhotoLabels);
    connect(m_exportDecisions, &QAction::triggered, this, &ExportActions::exportDecisions);
    connect(m_exportFaces, &QAction::triggered, this, &ExportActions::exportFaces);
    connect(m_exportResults, &QAction::triggered, this, &ExportActions::exportResults);
    updateEnabled();
}

void ExportActions::addTo(QMenu* menu) const
{
    menu->addAction(m_exportFaces);
    menu->addAction(m_exportLabels);
    menu->addAction(m_exportDecisions);
    menu->addSeparator();
    menu->addAction(m_exportResults);
}

void ExportActions::updateEnabled()
{
    for (QAction* a : {m_exportFaces, m_exportLabels, m_exportDecisions})
        a->setEnabled(!m_libraryPath.isEmpty());
    m_exportResults->setEnabled(m_session->isActive() && !m_session->matches().empty());
}

void ExportActions::exportFaces()
{
    exportLibrary(tr("Export faces"), QStringLiteral("-faces.csv"), tr("CSV files (*.csv)"),
                  [](Library& library, const QString& file) {
                      return Exporter::writeCsv(library, library.defaultModel(), file);
                  });
}

void ExportActions::exportPhotoLabels()
{
    exportLibrary(tr("Export photo labels"), QStringLiteral("-labels.csv"), tr("CSV files (*.csv)"),
                  [](Library& library, const QString& file) { return Exporter::writePhotoLabels(library, file); });
}

void ExportActions::exportDecisions()
{
    exportLibrary(tr("Export decisions"), QStringLiteral("-decisions.csv"),
                  tr("CSV files (*.csv);;JSON files (*.json)"), [](Library& library, const QString& file) {
                      const bool json = file.endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
                      return Exporter::writeDecisions(library, library.defaultModel(), file, json);
                  });
}

void ExportActions::exportLibrary(const QString& title, const QString& suffix, const QString& filter, Write write)
{
    if (m_libraryPath.isEmpty())
        return;
    const QString file = m_sink->chooseSaveFile(
        title, QDir(m_settings->lastFolder()).filePath(QFileInfo(m_libraryPath).completeBaseName() + suffix), filter);
    if (file.isEmpty())
        return;
    m_jobs->begin(tr("%1…").arg(title));
    auto job = QtConcurrent::run([library = m_libraryPath, file, write]() -> QString {
        auto opened = Library::open(library, Library::Mode::ReadOnly);
        if (!opened)
            return opened.error();
        auto written = write(**opened, file);
        return written ? QString() : written.error();
    });
    whenFinished(job, this, [this, title, file](const QString& error) {
        m_jobs->end(error.isEmpty() ? tr("Saved %1").arg(QDir::toNativeSeparators(file)) : tr("%1 failed").arg(title));
        if (!error.isEmpty())
            m_sink->error(title, error);
    });
}

void ExportActions::exportResults()
{
    if (!m_session->isActive())
        return;
    // What the grid shows: the results that pass the panel's filters.
    std::vector<FaceMatch> shown;
    const auto rows = m_session->rows();
    for (const FaceMatch& m : m_session->matches())
        if (std::any_of(rows.begin(), rows.end(), [&](const auto& r) { return r.faceId == m.face.id; }))
            shown.push_back(m);
    const QString name = m_session->photo().name;
    const QString file = m_sink->chooseSaveFile(
        tr("Export results"),
        QDir(m_settings->lastFolder()).filePath(QFileInfo(name).completeBaseName() + QStringLiteral("-matches.csv")),
        tr("CSV files (*.csv)"));
    if (file.isEmpty())
        return;
    whenFinished(QtConcurrent::run([file, name, shown] { return ResultsExporter::writeCsv(file, name, shown); }),
                 this, [this, file](const Status& status) {
                     if (!status)
                         m_sink->error(tr("Export results"), status.error());
                     else
                         emit message(tr("Exported the results to %1").arg(QDir::toNativeSeparators(file)));
                 });
}

} // namespace lookalike::ui
