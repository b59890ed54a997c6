#include "cli.h"

namespace lookalike::cli {

int runBench(const QStringList& args)
{
    (void)args;
    return usage(QStringLiteral("bench: not built yet"));
}

} // namespace lookalike::cli
