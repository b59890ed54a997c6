#include "photoqueryservice.h"
#include "imageloader.h"
#include "library.h"
#include "photosearcher.h"
#include "photostore.h"
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QtConcurrent>
#include <algorithm>
#include <optional>

Q_LOGGING_CATEGORY(lcPhotoQuery, "lookalike.ui.photoquery", QtInfoMsg)

namespace lookalike::ui {

struct PhotoQueryService::Worker {
    std::optional<PhotoSearcher> searcher; // holds a reference to `library`: reset first
    std::unique_ptr<Library> library;
    QString path;
    quint64 stamp = 0;
    QString objectsProblem; // why same-object search is off for this library
    QString imageModelProblem; // why the library's image model is not used

    void close()
    {
        searcher.reset();
        library.reset();
    }
};

namespace {

PhotoQueryResult failed(PhotoQueryResult result, const QString& error)
{
    result.error = error;
    return result;
}

QImage preview(const QImage& image)
{
    const int side = PhotoQueryService::kPreviewSide;
    if (image.isNull() || (image.width() <= side && image.height() <= side))
        return image;
    return image.scaled(side, side, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

// The photo's file decoded small, or why it cannot be read.
Expected<QImage> loadPreview(const QString& path)
{
    ImageLoader::Options options;
    options.workingMaxSide = PhotoQueryService::kPreviewSide;
    auto loaded = ImageLoader::load(path, options);
    if (!loaded)
        return Error{loaded.error()};
    return preview(loaded->image);
}

bool sameFile(const QString& a, const QString& b)
{
    const QString canonical = QFileInfo(a).canonicalFilePath();
    return !canonical.isEmpty() && canonical == QFileInfo(b).canonicalFilePath();
}

// The library's faces of `imageId`, largest first.
std::vector<qint64> facesBySize(Library& library, qint64 imageId)
{
    std::vector<FaceRecord> faces = library.facesInImage(imageId);
    std::stable_sort(faces.begin(), faces.end(), [](const FaceRecord& a, const FaceRecord& b) {
        return a.box.width() * a.box.height() > b.box.width() * b.box.height();
    });
    std::vector<qint64> ids;
    for (const FaceRecord& f : faces)
        ids.push_back(f.id);
    return ids;
}

} // namespace

PhotoQueryService::PhotoQueryService(QObject* parent)
    : QObject(parent), m_worker(std::make_unique<Worker>())
{
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1); // one thread for the searcher's whole life
}

PhotoQueryService::~PhotoQueryService()
{
    m_pool.clear();
    m_pool.waitForDone();
    m_worker.reset(); // the pool's thread is idle: closing the library here is safe
}

void PhotoQueryService::setLibrary(const QString& libraryPath)
{
    m_library.setPath(libraryPath);
}

void PhotoQueryService::setModels(const ModelRegistry& registry)
{
    m_pool.waitForDone(); // the pool's thread reads m_models
    m_models = registry;
    m_library.bump(); // the searcher opens again, with same-object search
}

void PhotoQueryService::libraryChanged()
{
    m_library.bump();
}

QFuture<PhotoQueryResult> PhotoQueryService::search(const PhotoQuerySource& source)
{
    return QtConcurrent::run(&m_pool, [this, source] { return run(source); });
}

PhotoQueryResult PhotoQueryService::run(const PhotoQuerySource& source)
{
    PhotoQueryResult result;
    result.name = source.path.isEmpty() ? source.name : QFileInfo(source.path).fileName();
    result.path = source.path;
    result.imageId = source.imageId;
    const auto [path, stamp] = m_library.snapshot();
    if (path.isEmpty())
        return failed(result, tr("Open a library first: there are no photos to compare with."));
    Worker& w = *m_worker;
    if (!w.searcher || w.path != path || w.stamp != stamp) {
        w.close();
        auto library = Library::open(path, Library::Mode::ReadOnly);
        if (!library)
            return failed(result, tr("The library cannot be opened: %1").arg(library.error()));
        w.library = std::move(*library);
        auto searcher = PhotoSearcher::open(*w.library);
        if (!searcher)
            return failed(result, tr("The photos cannot be searched: %1").arg(searcher.error()));
        w.searcher.emplace(std::move(*searcher));
        w.objectsProblem.clear();
        w.imageModelProblem.clear();
        if (m_models) {
            if (Status s = w.searcher->enableObjects(*m_models); !s)
                w.objectsProblem = s.error();
            if (Status s = w.searcher->enableImageModel(*m_models); !s)
                w.imageModelProblem = s.error();
        }
        w.path = path;
        w.stamp = stamp;
    }
    QElapsedTimer clock;
    clock.start();
    PhotoSearcher::Options options;
    options.limit = kLookAlikes;
    options.minSimilarity = 0; // PhotoQuerySession's threshold filters without searching again
    Expected<std::vector<PhotoMatch>> matches = std::vector<PhotoMatch>{};
    if (source.imageId > 0) {
        const std::vector<PhotoFacts> facts = PhotoStore::photoFacts(*w.library, {source.imageId});
        if (facts.empty())
            return failed(result, tr("Photo #%1 is no longer in the library.").arg(source.imageId));
        result.path = facts.front().path;
        result.name = QFileInfo(result.path).fileName();
        if (auto image = loadPreview(result.path))
            result.preview = *image;
        matches = w.searcher->search(source.imageId, options);
    } else if (!source.path.isEmpty()) {
        auto image = loadPreview(source.path);
        if (!image)
            return failed(result,
                          tr("%1 cannot be read as a photo: %2").arg(result.name, image.error()));
        result.preview = *image;
        matches = w.searcher->search(source.path, options);
    } else {
        if (source.image.isNull())
            return failed(result,
                          tr("%1 is empty: there is no picture to compare.").arg(result.name));
        result.preview = preview(source.image);
        matches = w.searcher->search(source.image, QString(), options);
    }
    if (!matches)
        return failed(result, matches.error());
    result.matches = std::move(*matches);
    result.objectsSearched = w.searcher->hasObjects();
    result.objectsProblem = w.objectsProblem;
    result.imageModel = w.searcher->imageModelId();
    result.imageModelProblem = w.imageModelProblem;
    // A dropped file of the library is that photo, not a copy of itself.
    const auto self =
        std::find_if(result.matches.begin(), result.matches.end(), [&](const PhotoMatch& m) {
            return m.kind == PhotoMatchKind::Exact && sameFile(m.path, source.path);
        });
    if (!source.path.isEmpty() && self != result.matches.end()) {
        result.imageId = self->imageId;
        result.matches.erase(self);
    }
    if (result.imageId > 0)
        result.faceIds = facesBySize(*w.library, result.imageId);
    qCDebug(lcPhotoQuery) << result.name << result.matches.size() << "matches in" << clock.elapsed()
                          << "ms";
    return result;
}

} // namespace lookalike::ui
