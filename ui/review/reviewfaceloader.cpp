#include "reviewfaceloader.h"
#include "facealigner.h"
#include "imageloader.h"
#include "modelregistry.h"
#include "thumbnailjob.h"
#include <QtConcurrent>

namespace lookalike::ui {

namespace {

// The embedder's alignment from the model manifest, read once; none: a box crop instead.
const std::optional<FaceAligner>& aligner()
{
    static const std::optional<FaceAligner> made = []() -> std::optional<FaceAligner> {
        auto registry = ModelRegistry::load();
        if (!registry)
            return std::nullopt;
        auto a = FaceAligner::create(
            registry->spec(registry->idForTask(QStringLiteral("face-embedding"))));
        return a ? std::optional<FaceAligner>(*a) : std::nullopt;
    }();
    return made;
}

} // namespace

ReviewFaceLoader::ReviewFaceLoader(const QString& libraryPath, QObject* parent)
    : QObject(parent), m_path(libraryPath), m_cache(12)
{
    m_pool.setMaxThreadCount(2);
    m_pool.setObjectName(QStringLiteral("review-faces"));
}

ReviewFaceLoader::~ReviewFaceLoader()
{
    m_pool.clear();
    m_pool.waitForDone();
}

QString ReviewFaceLoader::keyOf(const FaceRecord& face)
{
    return QString::number(face.id) + QLatin1Char('|') + face.path;
}

const ReviewFaceImages* ReviewFaceLoader::find(const FaceRecord& face)
{
    if (const ReviewFaceImages* cached = m_cache.object(keyOf(face)))
        return cached;
    prefetch(face);
    return nullptr;
}

void ReviewFaceLoader::prefetch(const FaceRecord& face)
{
    const QString key = keyOf(face);
    if (face.path.isEmpty() || m_cache.contains(key) || m_inFlight.contains(key))
        return;
    m_inFlight.insert(key);
    QtConcurrent::run(&m_pool, [path = m_path, face] {
        return load(path, face);
    }).then(this, [this, key](const ReviewFaceImages& images) {
        m_inFlight.remove(key);
        m_cache.insert(key, new ReviewFaceImages(images));
        emit loaded(key);
    });
}

ReviewFaceImages ReviewFaceLoader::load(const QString& libraryPath, const FaceRecord& face)
{
    ReviewFaceImages out;
    FaceRecord full = face;
    if (auto library = Library::open(libraryPath, Library::Mode::ReadOnly)) {
        const auto faces = (*library)->facesInImage(face.imageId);
        for (const FaceRecord& f : faces) {
            if (f.id == face.id) {
                out.selected = int(out.boxes.size());
                full = f;
            }
            out.boxes.push_back(f.box);
        }
    }
    ImageLoader::Options options;
    options.workingMaxSide = kPhotoSide;
    auto photo = ImageLoader::load(face.path, options);
    if (!photo) {
        out.error = photo.error();
        return out;
    }
    out.photo = photo->image;
    if (face.id != 0 && full.path == face.path)
        out.face = ThumbnailJob::render(photo->image, full, aligner());
    return out;
}

} // namespace lookalike::ui
