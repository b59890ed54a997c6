#include "parser.h"
#include "cli.h"
#include <cstdio>

namespace lookalike::cli {

std::optional<int> parseArguments(QCommandLineParser& parser, const QStringList& args,
                                  int positionals, const QString& description)
{
    parser.setApplicationDescription(description);
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(args))
        return usage(parser.errorText());
    if (parser.isSet(help)) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return Success;
    }
    if (positionals >= 0 && parser.positionalArguments().size() != positionals)
        return usage(QStringLiteral("expected %1 argument(s); run \"%2 --help\"")
                         .arg(positionals)
                         .arg(args.value(0)));
    return std::nullopt;
}

std::optional<int> intOption(const QCommandLineParser& parser, const QString& name, int lo, int hi,
                             QString* error)
{
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < lo || value > hi) {
        *error = QStringLiteral("--%1 takes a whole number from %2 to %3").arg(name).arg(lo).arg(hi);
        return std::nullopt;
    }
    return value;
}

std::optional<double> realOption(const QCommandLineParser& parser, const QString& name, double lo,
                                 double hi, QString* error)
{
    bool ok = false;
    const double value = parser.value(name).toDouble(&ok);
    if (!ok || value < lo || value > hi) {
        *error = QStringLiteral("--%1 takes a number from %2 to %3").arg(name).arg(lo).arg(hi);
        return std::nullopt;
    }
    return value;
}

} // namespace lookalike::cli
