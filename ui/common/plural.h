#pragma once
#include <QLocale>
#include <QString>

namespace lookalike::ui {

// English singular/plural without a translator: plural(3, "face", "faces") is "3 faces",
// with the number formatted for the locale.
inline QString plural(qint64 n, const QString& one, const QString& many)
{
    return QLocale().toString(n) + QLatin1Char(' ') + (n == 1 ? one : many);
}

} // namespace lookalike::ui
