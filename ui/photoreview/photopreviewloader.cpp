#include "photopreviewloader.h"
#include "futurewatch.h"
#include "imageloader.h"
#include <QtConcurrent>

namespace lookalike::ui {

PhotoPreviewLoader::PhotoPreviewLoader(QObject* parent) : QObject(parent)
{
    m_memory.setMaxCost(160 * 1024); // KiB: about 40 photos of 1024 x 768
    m_pool.setMaxThreadCount(2);
    m_pool.setObjectName(QStringLiteral("photopreviews"));
}

PhotoPreviewLoader::~PhotoPreviewLoader()
{
    m_pool.clear();
    m_pool.waitForDone();
}

QImage PhotoPreviewLoader::find(const QString& path) const
{
    const QImage* image = m_memory.object(path);
    return image ? *image : QImage();
}

void PhotoPreviewLoader::request(const QStringList& paths)
{
    for (const QString& path : paths) {
        if (m_memory.contains(path) || m_pending.contains(path))
            continue;
        m_pending.insert(path);
        m_failed.remove(path); // a file put back by undo may read now
        const QFuture<QImage> decoded = QtConcurrent::run(&m_pool, [path] {
            ImageLoader::Options options;
            options.workingMaxSide = kSide;
            auto loaded = ImageLoader::load(path, options);
            return loaded ? loaded->image : QImage();
        });
        whenFinished(decoded, this, [this, path](const QImage& image) { accept(path, image); });
    }
}

void PhotoPreviewLoader::accept(const QString& path, const QImage& image)
{
    m_pending.remove(path);
    if (image.isNull())
        m_failed.insert(path);
    else
        m_memory.insert(path, new QImage(image),
                        int(std::max<qint64>(1, image.sizeInBytes() / 1024)));
    emit ready(path);
}

} // namespace lookalike::ui
