#pragma once
// Where integration tests find the shared photos (../shared/data beside the project, or
// $LOOKALIKE_DATA_DIR). Use REQUIRE_TEST_DATA() at the top of a test that needs them: it
// skips with a clear message when the photos are absent.
#include <QDir>
#include <QFileInfo>
#include <QString>
#include <QtTest>

namespace lookalike::test {

inline QString dataDir()
{
    const QString env = qEnvironmentVariable("LOOKALIKE_DATA_DIR");
    return QDir::cleanPath(env.isEmpty() ? QStringLiteral(LOOKALIKE_TEST_DATA_DIR) : env);
}

inline QString dataPath(const QString& relative)
{
    return dataDir() + QLatin1Char('/') + relative;
}

inline bool hasData(const QString& relative = {})
{
    return QFileInfo::exists(relative.isEmpty() ? dataDir() : dataPath(relative));
}

} // namespace lookalike::test

#define REQUIRE_TEST_DATA(relative)                                                          \
    do {                                                                                     \
        if (!lookalike::test::hasData(relative))                                             \
            QSKIP(qPrintable(QStringLiteral("shared test photos not found at %1 (set "       \
                                            "LOOKALIKE_DATA_DIR or put ../shared/data "      \
                                            "beside the project)")                           \
                                 .arg(lookalike::test::dataPath(relative))));                \
    } while (false)
