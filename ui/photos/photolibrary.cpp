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

PhotoLibrary::Block PhotoLibrary::load(const QString& path, qint64 afterId, qint64 span,
                                       std::vector<PhotoInfo> before)
{
    Block block;
    if (!QFileInfo::exists(path))
        return block; // an import may be about to create it
    auto library = Library::open(path, Library::Mode::ReadOnly);
    if (!library) {
        block.error = library.error();
        return block;
    }
    std::vector<PhotoInfo> added = PhotoCatalog::block(**library, afterId, span);
    block.more = PhotoCatalog::lastId(**library) > afterId + span;
    block.byId = std::move(before);
    block.byId.insert(block.byId.end(), std::make_move_iterator(added.begin()),
                      std::make_move_iterator(added.end()));
    block.sorted = block.byId;
    PhotoCatalog::sortForDisplay(block.sorted);
    return block;
}

void PhotoLibrary::startBlock(qint64 afterId, qint64 span)
{
    m_loading = true;
    const quint64 generation = m_generation;
    m_future = QtConcurrent::run(
        &m_pool, [path = m_path, afterId, span, before = std::move(m_incoming)]() mutable {
            return std::make_shared<Block>(load(path, afterId, span, std::move(before)));
        });
    m_incoming.clear();
    whenFinished(m_future, this, [this, generation, afterId, span](std::shared_ptr<Block> shared) {
        Block& block = *shared;
        if (generation != m_generation)
            return; // open() or reload() started another load
        if (!block.error.isEmpty()) {
            m_loading = false;
            emit loadFailed(block.error);
            return;
        }
        m_photos = std::move(block.sorted);
        m_incoming = std::move(block.byId);
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
