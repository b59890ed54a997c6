#pragma once
#include <QCommandLineParser>
#include <optional>

namespace lookalike::cli {

// Parses a command's arguments (positionals < 0: the command checks their number). Returns an exit code when the command should stop here
// (--help printed: 0; a usage error: 1), nothing when it should run.
std::optional<int> parseArguments(QCommandLineParser& parser, const QStringList& args,
                                  int positionals, const QString& description);

// A positive integer or a number in [lo, hi] from an option, or a usage error message.
std::optional<int> intOption(const QCommandLineParser& parser, const QString& name, int lo, int hi,
                             QString* error);
std::optional<double> realOption(const QCommandLineParser& parser, const QString& name, double lo,
                                 double hi, QString* error);

} // namespace lookalike::cli
