#include "imagemodelactions.h"
#include "backgroundjobs.h"
#include "futurewatch.h"
#include "imagemodeldialog.h"
#include "imagemodeljob.h"
#include "imagemodelstore.h"
#include "library.h"
#include "messagesink.h"
#include "plural.h"
#include <QAction>
#include <QMenu>
#include <QPointer>
#include <QWidget>
#include <QtConcurrent>

namespace lookalike::ui {

namespace {

const QString kTask = QStringLiteral("image-embedding");

// The job's outcome in one sentence.
QString describe(const ImageModelJob::Summary& s)
{
    if (s.model.isEmpty())
        return ImageModelActions::tr("Look-alikes use the model-free descriptors");
    if (s.cancelled)
        return ImageModelActions::tr("Stopped: %1 of %2 photos embedded with %3; look-alikes keep "
                                     "their previous descriptor. Use it again to continue.")
            .arg(s.alreadyEmbedded + s.embedded + s.failed)
            .arg(s.photos)
            .arg(s.model);
    QString text = ImageModelActions::tr("Look-alikes now use %1 (%2)")
                       .arg(s.model, plural(s.photos, ImageModelActions::tr("photo"),
                                            ImageModelActions::tr("photos")));
    if (s.failed > 0)
        text += ImageModelActions::tr("; %1 could not be read").arg(s.failed);
    return text;
}

} // namespace

ImageModelActions::ImageModelActions(const ModelRegistry* registry, MessageSink* sink,
                                     BackgroundJobs* jobs, QWidget* window)
    : QObject(window), m_sink(sink), m_jobs(jobs), m_window(window)
{
    if (registry)
        m_registry = *registry;
    m_action = new QAction(tr("&Image Model…"), this);
    m_action->setToolTip(tr("A learned model for the photos that look alike: download one, use it "
                            "for this library, or go back to model-free"));
    connect(m_action, &QAction::triggered, this, &ImageModelActions::showDialog);
    connect(m_jobs, &BackgroundJobs::cancelRequested, this, &ImageModelActions::cancel);
    setLibraryPath({});
}

ImageModelActions::~ImageModelActions()
{
    cancel();
}

void ImageModelActions::setLibraryPath(const QString& path)
{
    if (path != m_libraryPath)
        if (auto* dialog = m_window->findChild<ImageModelDialog*>())
            dialog->close(); // it showed the other library
    m_libraryPath = path;
    m_action->setEnabled(!path.isEmpty() && m_registry);
}

void ImageModelActions::addTo(QMenu* menu) const
{
    menu->addAction(m_action);
}

void ImageModelActions::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

QFuture<ImageModelState> ImageModelActions::readState() const
{
    return QtConcurrent::run([path = m_libraryPath, registry = m_registry]() {
        ImageModelState state;
        if (registry)
            for (const QString& id : registry->idsForTask(kTask))
                state.installed.insert(id, registry->model(id).ok());
        if (path.isEmpty())
            return state;
        auto library = Library::open(path, Library::Mode::ReadOnly);
        if (!library) {
            state.error = library.error();
            return state;
        }
        state.chosen = ImageModelStore::chosen(**library);
        state.active = ImageModelStore::active(**library);
        state.photos = ImageModelStore::photoCount(**library);
        if (!state.chosen.isEmpty())
            state.embedded = ImageModelStore::embeddedCount(**library, state.chosen);
        return state;
    });
}

bool ImageModelActions::use(const QString& modelId)
{
    const QString title = tr("Image model");
    if (m_libraryPath.isEmpty() || !m_registry)
        return false;
    if (m_cancel || m_jobs->isRunning()) {
        m_sink->information(title, tr("Another job is running (see the status bar): try again "
                                      "when it is done."));
        return false;
    }
    m_cancel = std::make_shared<std::atomic_bool>(false);
    m_running = modelId;
    emit runningChanged(true);
    m_jobs->begin(modelId.isEmpty() ? tr("Back to model-free look-alikes…")
                                    : tr("Embedding the photos with %1…").arg(modelId));
    QPointer<ImageModelActions> self(this);
    auto job = QtConcurrent::run([path = m_libraryPath, registry = *m_registry, modelId,
                                  cancel = m_cancel, self]() -> Expected<ImageModelJob::Summary> {
        auto library = Library::open(path, Library::Mode::OpenExisting);
        if (!library)
            return Error{library.error()};
        if (Status s = ImageModelStore::choose(**library, modelId); !s)
            return Error{s.error()};
        return ImageModelJob::run(**library, registry, {}, cancel.get(),
                                  [self, modelId](const ImageModelJob::Progress& p) {
                                      QMetaObject::invokeMethod(self, [self, modelId, p] {
                                          if (!self)
                                              return;
                                          self->m_jobs->setProgress(
                                              tr("Embedding the photos with %1").arg(modelId),
                                              p.done, p.total, p.photosPerSecond, p.etaSeconds);
                                          emit self->progress(p.done, p.total);
                                      });
                                  });
    });
    whenFinished(job, this, [this, title](const Expected<ImageModelJob::Summary>& summary) {
        m_cancel.reset();
        m_running.clear();
        const QString text = summary ? describe(*summary) : tr("Image model not changed");
        m_jobs->end(text);
        emit runningChanged(false);
        emit finished(text);
        emit modelChanged();
        if (!summary) {
            m_sink->error(title, summary.error());
            return;
        }
        if (!summary->failures.empty()) {
            QStringList lines;
            for (const ImageModelJob::Failure& f : summary->failures)
                if (lines.size() < 12)
                    lines << f.path + QStringLiteral(": ") + f.error;
            m_sink->warning(
                title, tr("%1 could not be read and %2 no vector of %3:\n\n%4")
                           .arg(plural(qint64(summary->failures.size()), tr("photo"), tr("photos")),
                                summary->failures.size() == 1 ? tr("has") : tr("have"),
                                summary->model, lines.join(u'\n')));
        }
    });
    return true;
}

void ImageModelActions::showDialog()
{
    if (m_libraryPath.isEmpty() || !m_registry)
        return;
    auto* dialog = m_window->findChild<ImageModelDialog*>();
    if (!dialog) {
        dialog = new ImageModelDialog(this, m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

} // namespace lookalike::ui
