#pragma once
// File > Image model…: the manifest's image-embedding models (name, dimensions, size,
// licence, installed or not, which one the library uses), with Download (ModelDownloader:
// progress, cancel, the manifest's mirrors and sha256), "Use for this library" (re-embeds
// in the background through ImageModelActions; the photo query keeps the previous
// descriptor until done) and "Model-free".
#include "imagemodelactions.h"
#include <QDialog>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace lookalike {
class ModelDownloader;
}

namespace lookalike::ui {

class ImageModelDialog : public QDialog {
    Q_OBJECT
public:
    ImageModelDialog(ImageModelActions* actions, QWidget* parent = nullptr);

    // Reads the library's state and the model files again (in the background).
    void refresh();
    void selectModel(const QString& id);
    QString selectedModel() const;
    // For tests: the widgets and what they show.
    QTreeWidget* table() const { return m_table; }
    QPushButton* downloadButton() const { return m_download; }
    QPushButton* useButton() const { return m_use; }
    QPushButton* modelFreeButton() const { return m_modelFree; }
    QString libraryText() const;
    QString messageText() const;
    bool isRefreshing() const { return m_refreshing; }

signals:
    void refreshed();

private:
    void showState(const ImageModelState& state);
    void updateButtons();
    void download();
    void downloadProgress(qint64 received, qint64 total, int source, int sources);
    void downloadFinished(bool ok, const QString& message);
    void setMessage(const QString& text, bool error = false);

    ImageModelActions* m_actions;
    ModelDownloader* m_downloader;
    ImageModelState m_state;
    QTreeWidget* m_table;
    QLabel* m_library;
    QLabel* m_message;
    QProgressBar* m_progress;
    QPushButton* m_download;
    QPushButton* m_use;
    QPushButton* m_modelFree;
    bool m_refreshing = false;
};

} // namespace lookalike::ui
