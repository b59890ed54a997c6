#include "searchservice.h"
#include "imageloader.h"
#include <QFileInfo>
#include <QLoggingCategory>
#include <QtConcurrent>

Q_LOGGING_CATEGORY(lcSearch, "lookalike.ui.search", QtInfoMsg)

namespace lookalike::ui {

struct SearchService::Worker {
    std::unique_ptr<Searcher> searcher;
    QString path;
    quint64 stamp = 0;
};

namespace {

QImage forDisplay(const QImage& image)
{
    if (image.width() <= SearchService::kDisplaySide &&
        image.height() <= SearchService::kDisplaySide)
        return image;
    return image.scaled(SearchService::kDisplaySide, SearchService::kDisplaySide,
                        Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

QueryPhoto failed(QueryPhoto photo, const QString& error);

// Fills `photo` from a decoded query photo: its faces, largest first, and the matches of the
// largest. Runs on the search thread.
QueryPhoto describe(QueryPhoto photo, Searcher& searcher, const LoadedImage& loaded, int k)
{
    photo.image = forDisplay(loaded.image);
    photo.fullSize = loaded.fullSize;
    auto faces = searcher.queryImage(loaded, 0, -1.f);
    if (!faces)
        return failed(photo, faces.error());
    for (QueryFace& f : *faces)
        photo.faces.push_back({f.face.box, f.face.score, -1, {}, std::move(f.face.embedding)});
    if (!photo.faces.empty()) {
        photo.selected = 0;
        photo.matches = searcher.search(photo.faces.front().embedding, k, -1.f);
    }
    return photo;
}

QueryPhoto failed(QueryPhoto photo, const QString& error)
{
    photo.error = error;
    return photo;
}

} // namespace

SearchService::SearchService(std::optional<ModelRegistry> registry, QString registryError,
                             QObject* parent)
    : QObject(parent), m_registry(std::move(registry)), m_registryError(std::move(registryError)),
      m_worker(std::make_unique<Worker>())
{
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1); // one thread for the Searcher's whole life
}

SearchService::~SearchService()
{
    m_pool.clear();
    m_pool.waitForDone();
    // The Searcher was made on the pool thread; closing it here is safe now that the
    // thread is idle (SQLite connections may change threads between uses).
    m_worker.reset();
}

void SearchService::setLibrary(const QString& libraryPath)
{
    if (!m_library.setPath(libraryPath))
        return;
    if (!libraryPath.isEmpty() && m_registry)
        m_warmUp = QtConcurrent::run(&m_pool, [this] { (void)searcher(); }); // open it early
}

QString SearchService::libraryPath() const
{
    return m_library.snapshot().path;
}

void SearchService::libraryChanged()
{
    m_library.bump();
}

Expected<Searcher*> SearchService::searcher()
{
    if (!m_registry)
        return Error{m_registryError};
    const auto [path, stamp] = m_library.snapshot();
    if (path.isEmpty())
        return Error{
            tr("Open a library or import a folder first: there is nothing to search yet.")};
    Worker& w = *m_worker;
    if (!w.searcher || w.path != path || w.stamp != stamp) {
        w.searcher.reset();
        if (!QFileInfo::exists(path))
            return Error{tr("The library has no faces yet.")};
        Searcher::Options options;
        options.buildInBackground = true; // usable at once; the index follows
        options.buildProgress = [this](double fraction) { emit indexProgress(fraction); };
        auto opened = Searcher::open(path, *m_registry, options);
        if (!opened)
            return Error{opened.error()};
        w.searcher = std::move(*opened);
        w.path = path;
        w.stamp = stamp;
        qCDebug(lcSearch) << "searcher open on" << path << w.searcher->indexedCount() << "faces";
    }
    return w.searcher.get();
}

QFuture<QueryPhoto> SearchService::queryFile(const QString& path, int k)
{
    return QtConcurrent::run(&m_pool, [this, path, k] {
        QueryPhoto photo;
        photo.name = QFileInfo(path).fileName();
        photo.path = path;
        auto s = searcher();
        if (!s)
            return failed(photo, s.error());
        auto loaded = ImageLoader::load(path);
        if (!loaded)
            return failed(photo, loaded.error());
        return describe(std::move(photo), **s, *loaded, k);
    });
}

QFuture<QueryPhoto> SearchService::queryImage(const QImage& image, const QString& name, int k)
{
    return QtConcurrent::run(&m_pool, [this, image, name, k] {
        QueryPhoto photo;
        photo.name = name;
        auto s = searcher();
        if (!s)
            return failed(photo, s.error());
        if (image.isNull())
            return failed(photo, tr("The clipboard image is empty."));
        LoadedImage loaded;
        loaded.image = image.convertToFormat(QImage::Format_RGB888);
        loaded.fullSize = loaded.image.size();
        loaded.format = QStringLiteral("clipboard");
        loaded.fullResolution = [full = loaded.image] { return full; };
        return describe(std::move(photo), **s, loaded, k);
    });
}

QFuture<QueryPhoto> SearchService::queryFace(qint64 faceId, int k)
{
    return QtConcurrent::run(&m_pool, [this, faceId, k] {
        QueryPhoto photo;
        auto s = searcher();
        if (!s)
            return failed(photo, s.error());
        Library& library = (*s)->library();
        const std::optional<FaceRecord> face = library.face(faceId);
        if (!face)
            return failed(photo, tr("Face #%1 is no longer in the library.").arg(faceId));
        photo.name = QFileInfo(face->path).fileName();
        photo.path = face->path;
        photo.fullSize = QSize(face->imageWidth, face->imageHeight);
        for (const FaceRecord& f : library.facesInImage(face->imageId, face->notFace)) {
            if (f.id == faceId)
                photo.selected = int(photo.faces.size());
            photo.faces.push_back({f.box, f.score, f.id, f.label, {}});
        }
        auto matches = (*s)->similarTo(faceId, k, -1.f);
        if (!matches)
            return failed(photo, matches.error());
        photo.matches = std::move(*matches);
        ImageLoader::Options options;
        options.workingMaxSide = kDisplaySide;
        auto loaded = ImageLoader::load(face->path, options);
        if (loaded)
            photo.image = forDisplay(loaded->image);
        else
            qCWarning(lcSearch) << "cannot show" << face->path << loaded.error();
        return photo;
    });
}

QFuture<MatchList> SearchService::similarTo(qint64 faceId, int k)
{
    return QtConcurrent::run(&m_pool, [this, faceId, k] {
        auto s = searcher();
        if (!s)
            return MatchList{{}, s.error()};
        auto matches = (*s)->similarTo(faceId, k, -1.f);
        if (!matches)
            return MatchList{{}, matches.error()};
        return MatchList{std::move(*matches), {}};
    });
}

QFuture<MatchList> SearchService::search(std::vector<float> embedding, int k)
{
    return QtConcurrent::run(&m_pool, [this, embedding = std::move(embedding), k] {
        auto s = searcher();
        if (!s)
            return MatchList{{}, s.error()};
        return MatchList{(*s)->search(embedding, k, -1.f), {}};
    });
}

} // namespace lookalike::ui
