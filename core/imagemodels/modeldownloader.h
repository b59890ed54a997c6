#pragma once
// Downloads an optional model of the manifest (an image model) for the app, with progress
// and cancel, verifying it exactly as packaging/fetch-models.sh does.
#include <QObject>
#include <QString>
#include <memory>

namespace lookalike {

struct ModelSpec;

// Fetches spec.file into the models cache (the folder of spec.path) from spec.urls, tried in
// order: a source that fails (connection, HTTP error, more bytes than spec.size, wrong size
// or sha256) is reported with sourceFailed() and the next one is tried. The bytes go to a
// temporary file beside the target, hashed as they arrive, and only a file whose size and
// sha256 match the manifest is renamed into place; anything else is deleted, so the cache
// never holds an unverified file (a file already there is left as it was until a verified
// one replaces it).
//
// Lives on the thread that created it (the GUI thread is fine: the network work is
// asynchronous and hashing is incremental). One download at a time.
class ModelDownloader : public QObject {
    Q_OBJECT
public:
    explicit ModelDownloader(QObject* parent = nullptr);
    ~ModelDownloader() override;

    // Starts the download; returns false (and emits nothing) when one is already running.
    bool start(const ModelSpec& spec);
    // Stops the running download and deletes its partial file; finished(false, "cancelled")
    // follows. Does nothing when idle.
    void cancel();
    bool isRunning() const;

    // Seconds without any byte received after which a source is given up (default 30).
    void setStallTimeout(int seconds);

signals:
    // `received` of `total` bytes (spec.size) from source `source` (0-based) of `sources`.
    void progress(qint64 received, qint64 total, int source, int sources);
    void sourceFailed(const QString& url, const QString& reason);
    // ok: the verified file is in place. `message` says what happened in one sentence,
    // e.g. "mobilenetv2-7.onnx installed" or why every source was refused.
    void finished(bool ok, const QString& message);

private:
    struct Impl;
    std::unique_ptr<Impl> d;

    void tryNextSource();
    void onReadyRead();
    void onFinished();
    void finish(bool ok, const QString& message);
};

} // namespace lookalike
