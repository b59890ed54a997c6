#pragma once
// File > Save Names to Photos: the names of labelled faces written into XMP (sidecars, or
// into JPEG files on request) by MetadataWriter, in the background with the status bar's
// progress and cancel; one step of Edit > Undo puts every file back.
#include <QObject>
#include <atomic>
#include <memory>

class QAction;
class QMenu;
class QWidget;

namespace lookalike::ui {

class BackgroundJobs;
class LabelEditing;
class MessageSink;

class MetadataActions : public QObject {
    Q_OBJECT
public:
    MetadataActions(LabelEditing* editing, MessageSink* sink, BackgroundJobs* jobs,
                    QWidget* window);

    void setLibraryPath(const QString& path);
    void addTo(QMenu* menu) const;
    // Asks, then writes: sidecars, or (embedded) into JPEG photos through verified copies.
    void saveNames(bool embedded);
    bool isRunning() const { return m_cancel != nullptr; }

signals:
    void message(const QString& text);

private:
    LabelEditing* m_editing;
    MessageSink* m_sink;
    BackgroundJobs* m_jobs;
    QString m_libraryPath;
    QAction* m_sidecars;
    QAction* m_embedded;
    std::shared_ptr<std::atomic_bool> m_cancel; // set while a write runs
};

} // namespace lookalike::ui
