#include "indexbuilder.h"
#include "library.h"
#include "libraryindex.h"
#include "threadbudget.h"

namespace lookalike {

IndexBuilder::IndexBuilder(QString libraryPath, QString model, QString reason)
{
    m_thread = std::thread(&IndexBuilder::run, this, std::move(libraryPath), std::move(model),
                           std::move(reason));
}

IndexBuilder::~IndexBuilder()
{
    m_cancel = true;
    if (m_thread.joinable())
        m_thread.join();
}

std::shared_ptr<const VectorIndex> IndexBuilder::index() const
{
    std::lock_guard lock(m_mutex);
    return m_index;
}

QString IndexBuilder::error() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

void IndexBuilder::run(QString libraryPath, QString model, QString reason)
{
    ThreadBudget::forSearch(); // OpenMP counts are per thread: FAISS's training runs here
    QString error;
    std::shared_ptr<const VectorIndex> index;
    if (auto library = Library::open(libraryPath, Library::Mode::ReadOnly); !library) {
        error = library.error();
    } else {
        LibraryIndex::BuildOptions options;
        options.cancel = &m_cancel;
        options.progress = [this](double fraction) { m_progress = std::min(fraction, 0.999); };
        auto built = LibraryIndex::rebuild(**library, model, reason, options);
        if (built)
            index = built->index;
        else
            error = built.error();
    }
    {
        std::lock_guard lock(m_mutex);
        m_index = std::move(index);
        m_error = std::move(error);
    }
    m_progress = 1.0;
    m_finished = true;
}

} // namespace lookalike
