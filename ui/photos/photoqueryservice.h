#pragma once
// Runs photo queries (PhotoSearcher) off the GUI thread. The Library and the PhotoSearcher
// live on a dedicated single-thread pool (neither is thread-safe), so the photo index is
// loaded once and reused; both are reopened when the library or its photos change.
#include "librarystamp.h"
#include "modelregistry.h"
#include "photoquery.h"
#include <QFuture>
#include <QObject>
#include <QThreadPool>
#include <memory>
#include <optional>

namespace lookalike::ui {

class PhotoQueryService : public QObject {
    Q_OBJECT
public:
    // Look-alikes fetched per query, whatever their similarity: the threshold filters these.
    static constexpr int kLookAlikes = 200;
    static constexpr int kPreviewSide = 320;

    explicit PhotoQueryService(QObject* parent = nullptr);
    ~PhotoQueryService() override; // waits for the running query

    void setLibrary(const QString& libraryPath);
    // Queries also find the same object in other photos (libraries indexed with the object
    // pass), with the codebook of this manifest. Call before the first query.
    void setModels(const ModelRegistry& registry);
    // Photos were added, moved or removed: the next query reloads the photo index.
    void libraryChanged();

    QFuture<PhotoQueryResult> search(const PhotoQuerySource& source);

private:
    struct Worker; // state touched only on the pool's thread
    PhotoQueryResult run(const PhotoQuerySource& source);

    LibraryStamp m_library;
    std::optional<ModelRegistry> m_models; // set before queries run: read on the pool thread
    std::unique_ptr<Worker> m_worker;
    QThreadPool m_pool;
};

} // namespace lookalike::ui
