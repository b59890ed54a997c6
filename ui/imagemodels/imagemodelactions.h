#pragma once
// File > Image model…: the library's learned image model. Reads its state (chosen, active,
// photos embedded, which model files are installed) and switches it: "Use for this library"
// chooses a model and embeds the photos in the background (ImageModelJob) with the status
// bar's progress and cancel; photo queries keep the previous descriptor until the model is
// complete, then switch (modelChanged()). GUI thread only; the work runs on the global pool.
#include "modelregistry.h"
#include <QFuture>
#include <QHash>
#include <QObject>
#include <atomic>
#include <memory>
#include <optional>

class QAction;
class QMenu;
class QWidget;

namespace lookalike::ui {

class BackgroundJobs;
class MessageSink;

// What the dialog shows about a library and the manifest's image models.
struct ImageModelState {
    QString chosen; // empty: model-free
    QString active; // the model look-alikes use; empty: the model-free descriptors
    qint64 photos = 0;
    qint64 embedded = 0; // photos with a vector of the chosen model (or marked unreadable)
    QHash<QString, bool> installed; // model id -> file present and verified
    QString error;                  // the library could not be read
};

class ImageModelActions : public QObject {
    Q_OBJECT
public:
    // `registry` may be null (no manifest): the action is then disabled.
    ImageModelActions(const ModelRegistry* registry, MessageSink* sink, BackgroundJobs* jobs,
                      QWidget* window);
    ~ImageModelActions() override; // asks a running job to stop

    void setLibraryPath(const QString& path);
    QString libraryPath() const { return m_libraryPath; }
    void addTo(QMenu* menu) const;
    const ModelRegistry* registry() const { return m_registry ? &*m_registry : nullptr; }

    // The state of the library and of the model files, read off the GUI thread (hashing a
    // 100 MB model file takes a moment).
    QFuture<ImageModelState> readState() const;
    // Chooses `modelId` (empty: model-free) for the library; a model embeds the photos that
    // lack its vector in the background. False (and a message) when another job runs.
    bool use(const QString& modelId);
    bool isRunning() const { return m_cancel != nullptr; }
    QString runningModel() const { return m_running; } // the model being embedded
    void cancel();
    // Opens the dialog (ImageModelDialog), modeless, one at a time.
    void showDialog();

signals:
    void runningChanged(bool running);
    void progress(qint64 done, qint64 total);
    // The job ended (or the choice changed): `text` says how. Photo queries reopen.
    void finished(const QString& text);
    void modelChanged();

private:
    std::optional<ModelRegistry> m_registry;
    MessageSink* m_sink;
    BackgroundJobs* m_jobs;
    QWidget* m_window;
    QString m_libraryPath;
    QAction* m_action;
    std::shared_ptr<std::atomic_bool> m_cancel; // set while a job runs
    QString m_running;
};

} // namespace lookalike::ui
