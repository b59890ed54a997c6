#pragma once
// A thin RAII layer over the sqlite3 C API: one connection, prepared statements, and
// transactions that roll back unless committed. Not thread-safe: one Database per thread.
#include "expected.h"
#include <QByteArray>
#include <QString>
#include <QVariant>
#include <memory>
#include <span>

struct sqlite3;
struct sqlite3_stmt;

namespace lookalike {

class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Parameters are 1-based, as in SQLite.
    Statement& bind(int index, qint64 value);
    Statement& bind(int index, int value) { return bind(index, qint64(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, const QString& value);
    Statement& bindBlob(int index, const void* data, qint64 bytes);
    Statement& bindNull(int index);
    // Any SQLite value: null, integer, real, text or blob (QByteArray).
    Statement& bindValue(int index, const QVariant& value);

    // One step. True while a row is available; errors land in error().
    bool next();
    // Runs to completion (for statements without rows); false on error.
    bool exec();
    void reset();

    qint64 integer(int column) const;
    double real(int column) const;
    QString text(int column) const;
    bool isNull(int column) const;
    // The blob of `column` as floats; valid until the next step.
    std::span<const float> floats(int column) const;
    QByteArray blob(int column) const;
    // The value of `column` as its SQLite type says (null: an invalid QVariant), and the
    // columns of the current row, for code that copies rows without knowing their tables.
    QVariant value(int column) const;
    int columnCount() const;

    const QString& error() const { return m_error; }
    bool valid() const { return m_stmt != nullptr; }

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    QString m_error;
};

class Database {
public:
    static Expected<std::unique_ptr<Database>> open(const QString& path, bool readOnly);
    ~Database();

    Statement prepare(const char* sql);
    Status exec(const char* sql);       // one or more statements without rows
    Status exec(const QString& sql);
    qint64 lastInsertId() const;
    int changes() const;
    QString lastError() const;
    QString path() const { return m_path; }

    // BEGIN IMMEDIATE ... COMMIT; rolls back in the destructor unless commit() succeeded.
    class Transaction {
    public:
        explicit Transaction(Database& db);
        ~Transaction();
        Status commit();
        bool active() const { return m_active; }
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;

    private:
        Database& m_db;
        bool m_active = false;
    };

private:
    Database(sqlite3* db, QString path) : m_db(db), m_path(std::move(path)) {}
    sqlite3* m_db;
    QString m_path;
};

} // namespace lookalike
