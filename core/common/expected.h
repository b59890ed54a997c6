#pragma once
// A value or an error message a person can act on. Core APIs return this instead of
// throwing; cv::Exception and faiss::FaissException are caught where they are called.
#include <QString>
#include <optional>
#include <utility>

namespace lookalike {

struct Error {
    QString message;
};

template <class T> class Expected {
public:
    Expected(T value) : m_value(std::move(value)) {}
    Expected(Error error) : m_error(std::move(error.message)) {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const QString& error() const { return m_error; }
    T& value() { return *m_value; }
    const T& value() const { return *m_value; }
    T* operator->() { return &*m_value; }
    const T* operator->() const { return &*m_value; }
    T& operator*() { return *m_value; }
    const T& operator*() const { return *m_value; }

private:
    std::optional<T> m_value;
    QString m_error;
};

// For operations that produce nothing but may fail.
struct Done {};
using Status = Expected<Done>;
inline Status success() { return Done{}; }

} // namespace lookalike
