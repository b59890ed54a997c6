#include "metadataactions.h"
#include "backgroundjobs.h"
#include "futurewatch.h"
#include "labelediting.h"
#include "library.h"
#include "messagesink.h"
#include "metadatawriter.h"
#include "plural.h"
#include <QAction>
#include <QMenu>
#include <QPointer>
#include <QtConcurrent>

namespace lookalike::ui {

MetadataActions::MetadataActions(LabelEditing* editing, MessageSink* sink, BackgroundJobs* jobs,
                                 QWidget* window)
    : QObject(window), m_editing(editing), m_sink(sink), m_jobs(jobs)
{
    m_sidecars = new QAction(tr("Save &Names to Photos…"), this);
    m_sidecars->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_sidecars->setToolTip(tr("Write the name of every labelled face into an XMP sidecar beside "
                              "its photo, for digiKam, Lightroom and Windows"));
    m_embedded = new QAction(tr("Save Names &Into JPEG Photos…"), this);
    m_embedded->setToolTip(tr("Write the names into the JPEG files themselves (other formats get "
                              "a sidecar)"));
    connect(m_sidecars, &QAction::triggered, this, [this] { saveNames(false); });
    connect(m_embedded, &QAction::triggered, this, [this] { saveNames(true); });
    connect(m_jobs, &BackgroundJobs::cancelRequested, this, [this] {
        if (m_cancel)
            m_cancel->store(true);
    });
    setLibraryPath({});
}

void MetadataActions::setLibraryPath(const QString& path)
{
    m_libraryPath = path;
    m_sidecars->setEnabled(!path.isEmpty());
    m_embedded->setEnabled(!path.isEmpty());
}

void MetadataActions::addTo(QMenu* menu) const
{
    menu->addAction(m_sidecars);
    menu->addAction(m_embedded);
}

void MetadataActions::saveNames(bool embedded)
{
    if (m_libraryPath.isEmpty() || m_cancel || m_jobs->isRunning())
        return;
    const QString title = tr("Save names to photos");
    const QString text =
        embedded ? tr("Write the name of every labelled face into the JPEG photos themselves (MWG "
                      "and Microsoft face regions)? Each photo is written through a copy that is "
                      "checked before it replaces the original; every other field is kept. Other "
                      "formats get an XMP sidecar. Edit > Undo puts every file back as it was.")
                 : tr("Write the name of every labelled face into an XMP sidecar beside its photo "
                      "(photo.jpg.xmp, or the photo.xmp already there), where digiKam, Lightroom "
                      "and Windows read them? The photos are not changed. Edit > Undo puts every "
                      "file back as it was.");
    if (!m_sink->confirm(title, text, tr("Save names")))
        return;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    m_jobs->begin(tr("Saving names to photos…"));
    QPointer<MetadataActions> self(this);
    auto job = QtConcurrent::run([path = m_libraryPath, embedded, cancel = m_cancel, self,
                                  jobs = m_jobs]() -> Expected<MetadataWriter::Report> {
        auto library = Library::open(path, Library::Mode::OpenExisting);
        if (!library)
            return Error{library.error()};
        MetadataWriter::Options options;
        options.embedded = embedded;
        options.cancel = cancel.get();
        options.progress = [self, jobs](qint64 done, qint64 total) {
            QMetaObject::invokeMethod(self, [self, jobs, done, total] {
                if (self)
                    jobs->setProgress(tr("Saving names to photos"), done, total, 0, -1);
            });
        };
        return MetadataWriter::run(**library, options);
    });
    whenFinished(job, this, [this, title](const Expected<MetadataWriter::Report>& report) {
        m_cancel.reset();
        if (!report) {
            m_jobs->end(tr("Names not saved"));
            m_sink->error(title, report.error());
            return;
        }
        QString done = report->cancelled
                           ? tr("Stopped: no file was written")
                           : tr("Names saved: %1 written, %2 already up to date")
                                 .arg(plural(report->written, tr("file"), tr("files")))
                                 .arg(report->unchanged);
        m_jobs->end(done);
        emit message(done);
        if (!report->problems.empty()) {
            QStringList lines;
            for (const auto& p : report->problems)
                if (lines.size() < 12)
                    lines << p.path + QStringLiteral(": ") + p.reason;
            m_sink->show(MessageSink::Severity::Warning, title,
                         tr("%1 left as it was:\n\n%2")
                             .arg(plural(qint64(report->problems.size()), tr("photo was"),
                                         tr("photos were")),
                                  lines.join(u'\n')));
        }
        m_editing->refresh(false); // the write is the newest step of Edit > Undo
    });
}

} // namespace lookalike::ui
