#include "indexbuilder.h"
#include "library.h"
#include "libraryindex.h"
#include "threadbudget.h"

namespace lookalike {

IndexBuilder::IndexBuilder(QString libraryPath, QString model, QString reason,
                           std::function<void(double)> progress)
    : m_report(std::move(progress))
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
        options.progress = [this](double fraction) {
            m_progress = std::min(fraction, 0.999);
            if (m_report)
                m_report(m_progress);
        };
        auto built = LibraryIndex::rebuild(**library, model, reason, options);
        if (built)
            index = built->index;
        else
            error = built.error();
    }
    const bool built = index != nullptr;
    {
        std::lock_guard lock(m_mutex);
        m_index = std::move(index);
        m_error = std::move(error);
    }
    m_progress = 1.0;
    m_finished = true;
    if (m_report && !m_cancel)
        m_report(built ? 1.0 : -1.0);
}

} // namespace lookalike
