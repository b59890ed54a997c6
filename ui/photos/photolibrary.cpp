#include "photolibrary.h"
#include "futurewatch.h"
#include <QFileInfo>
#include <QtConcurrent>

namespace lookalike::ui {

PhotoLibrary::PhotoLibrary(QObject* parent) : QObject(parent) {}

PhotoLibrary::~PhotoLibrary()
{
    m_future.waitForFinished();
}

void PhotoLibrary::open(const QString& libraryPath)
{
    m_path = libraryPath;
    m_photos.clear();
    m_loaded = false;
    reload();
}

void PhotoLibrary::reload()
{
    ++m_generation;
    m_incoming.clear();
    if (m_path.isEmpty()) {
        m_photos.clear();
        m_loading = false;
        m_loaded = false;
        emit changed();
        return;
    }
    startBlock(0, kFirstBlock);
}

PhotoLibrary::Block PhotoLibrary::load(const QString& path, qint64 afterId, qint64 span)
{
    Block block;
    if (!QFileInfo::exists(path))
        return block; // an import may be about to create it
    auto library = Library::open(path, Library::Mode::ReadOnly);
    if (!library) {
        block.error = library.error();
        return block;
    }
    block.photos = PhotoCatalog::block(**library, afterId, span);
    block.more = PhotoCatalog::lastId(**library) > afterId + span;
    return block;
}

void PhotoLibrary::startBlock(qint64 afterId, qint64 span)
{
    m_loading = true;
    const quint64 generation = m_generation;
    m_future = QtConcurrent::run([path = m_path, afterId, span] { return load(path, afterId, span); });
    whenFinished(m_future, this, [this, generation, afterId, span](const Block& block) {
        if (generation != m_generation)
            return; // open() or reload() started another load
        if (!block.error.isEmpty()) {
            m_loading = false;
            emit loadFailed(block.error);
            return;
        }
        m_incoming.insert(m_incoming.end(), block.photos.begin(), block.photos.end());
        m_photos = m_incoming;
        PhotoCatalog::sortForDisplay(m_photos);
        if (block.more) {
            startBlock(afterId + span, kBlock);
        } else {
            m_incoming.clear();
            m_loading = false;
            m_loaded = true;
        }
        emit changed();
    });
}

} // namespace lookalike::ui
