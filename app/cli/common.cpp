#include "cli.h"
#include "pendingchanges.h"
#include <QJsonDocument>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace lookalike::cli {

std::atomic_bool g_cancel{false};

namespace {

extern "C" void onInterrupt(int)
{
    if (g_cancel.exchange(true)) {
        static const char message[] = "\nlookalike-cli: interrupted\n";
        (void)!write(STDERR_FILENO, message, sizeof message - 1);
        _exit(130);
    }
    static const char message[] =
        "\nlookalike-cli: stopping after the current photos (Ctrl-C again to quit now)\n";
    (void)!write(STDERR_FILENO, message, sizeof message - 1);
}

} // namespace

void installInterruptHandler()
{
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

void printJson(const QJsonObject& object)
{
    const QByteArray json = QJsonDocument(object).toJson(QJsonDocument::Indented);
    std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
    std::fflush(stdout);
}

void info(const QString& message)
{
    std::fprintf(stderr, "%s\n", qPrintable(message));
}

int fail(const QString& message)
{
    info(QStringLiteral("lookalike-cli: ") + message);
    return Failure;
}

int usage(const QString& message)
{
    info(QStringLiteral("lookalike-cli: ") + message);
    return UsageError;
}

void warnPending(Library& library)
{
    const QString message = library.pendingChanges().message(
        QStringLiteral("\"lookalike-cli recover %1\" (or any edit)").arg(library.path()));
    if (!message.isEmpty())
        info(QStringLiteral("warning: ") + message);
}

Expected<std::unique_ptr<Library>> openForReading(const QString& path)
{
    auto library = Library::open(path, Library::Mode::ReadOnly);
    if (library)
        warnPending(**library);
    return library;
}

} // namespace lookalike::cli
