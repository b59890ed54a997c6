#pragma once
// Runs every query off the GUI thread. One long-lived Searcher (it is not thread-safe)
// lives on a dedicated single-thread pool, so the models and the FAISS index are loaded
// once and reused; it is reopened only when the library changes. Results come back as
// QFutures; attach continuations with .then(context, ...).
#include "librarystamp.h"
#include "modelregistry.h"
#include "queryphoto.h"
#include <QFuture>
#include <QObject>
#include <QThreadPool>
#include <memory>
#include <optional>

namespace lookalike::ui {

class SearchService : public QObject {
    Q_OBJECT
public:
    // `registry` empty: models are unavailable and every query fails with `registryError`.
    SearchService(std::optional<ModelRegistry> registry, QString registryError,
                  QObject* parent = nullptr);
    ~SearchService() override; // waits for the running query

    // Queries go to this library from now on; the Searcher is opened at once in the
    // background so that the first query is quick.
    void setLibrary(const QString& libraryPath);
    QString libraryPath() const;
    // The library's faces changed (an import): the next query reloads the index.
    void libraryChanged();

    // Detect the faces of a photo file / image and search the largest with `k` matches.
    QFuture<QueryPhoto> queryFile(const QString& path, int k);
    QFuture<QueryPhoto> queryImage(const QImage& image, const QString& name, int k);
    // The photo of a library face, its other faces, and the face's `k` matches.
    QFuture<QueryPhoto> queryFace(qint64 faceId, int k);
    QFuture<MatchList> similarTo(qint64 faceId, int k);
    QFuture<MatchList> search(std::vector<float> embedding, int k);

signals:
    // A large library's search index is being built in the background (first open, model
    // change, cache lost): 0..1, then 1 when it is ready or -1 when it failed. Searches
    // meanwhile are exact scans. Emitted from the search threads (queued to receivers).
    void indexProgress(double fraction);

public:
    // Side of the photo kept for display.
    static constexpr int kDisplaySide = 1600;

private:
    struct Worker;                  // state touched only on the pool's thread
    Expected<Searcher*> searcher(); // on the pool thread

    std::optional<ModelRegistry> m_registry;
    QString m_registryError;
    LibraryStamp m_library;
    std::unique_ptr<Worker> m_worker;
    QFuture<void> m_warmUp;
    QThreadPool m_pool;
};

} // namespace lookalike::ui
