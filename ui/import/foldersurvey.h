#pragma once
// Counts the photos under a folder in the background as soon as it is chosen, and guesses
// whether it is a dataset laid out as <person>/<photos>. A new survey cancels the old one.
#include <QFuture>
#include <QList>
#include <QObject>
#include <atomic>
#include <functional>
#include <memory>

namespace lookalike::ui {

class FolderSurvey : public QObject {
    Q_OBJECT
public:
    struct Result {
        QString folder;
        bool recursive = true;
        qint64 images = 0;
        qint64 inSubfolders = 0;      // images inside a first-level subfolder
        int subfolders = 0;           // first-level subfolders holding images
        qint64 problems = 0;          // unreadable folders, broken links
        bool looksLikePeople = false; // most photos sit in <name>/ subfolders with names
        qint64 heif = 0;              // HEIC/HEIF and AVIF photos
        qint64 raw = 0;               // camera RAW photos, not counting RAW twins
        qint64 rawTwins = 0;          // RAWs beside their JPEG: one photo with it
        qint64 withNames = 0;         // of the photos sampled, those whose XMP names people
        qint64 sampled = 0;           // photos whose metadata was looked at (the first 200)
        bool cancelled = false;
    };

    explicit FolderSurvey(QObject* parent = nullptr);
    ~FolderSurvey() override; // cancels and waits

    void survey(const QString& folder, bool recursive);
    void cancel();
    bool isRunning() const { return m_running; }
    const Result& result() const { return m_result; }

    // The layout guess on its own: names of the first-level subfolders holding images.
    static bool looksLikePeople(const QStringList& firstLevelFolders, qint64 images,
                                qint64 inSubfolders);

    // The survey itself, blocking: for worker threads and scripted runs.
    static Result run(const QString& folder, bool recursive,
                      const std::atomic_bool* cancel = nullptr,
                      const std::function<void(qint64)>& progress = {});

signals:
    void counting(qint64 found); // while scanning
    void finished(const Result& result);

private:
    std::shared_ptr<std::atomic_bool> m_cancel;
    quint64 m_serial = 0;
    bool m_running = false;
    Result m_result;
    QList<QFuture<Result>> m_futures; // the current scan and cancelled ones still ending
};

} // namespace lookalike::ui
