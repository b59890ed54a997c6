#pragma once
// Which library a background service works on, and a counter bumped whenever that library
// or its contents change: a search thread compares a snapshot with what it has open and
// reopens when they differ. Thread-safe.
#include <QString>
#include <mutex>

namespace lookalike::ui {

class LibraryStamp {
public:
    struct Snapshot {
        QString path;
        quint64 stamp = 0;
        bool operator==(const Snapshot&) const = default;
    };

    // Returns false when `path` is already the library.
    bool setPath(const QString& path)
    {
        std::lock_guard lock(m_mutex);
        if (path == m_now.path)
            return false;
        m_now.path = path;
        ++m_now.stamp;
        return true;
    }
    void bump()
    {
        std::lock_guard lock(m_mutex);
        ++m_now.stamp;
    }
    Snapshot snapshot() const
    {
        std::lock_guard lock(m_mutex);
        return m_now;
    }

private:
    mutable std::mutex m_mutex;
    Snapshot m_now;
};

} // namespace lookalike::ui
