#pragma once
// Makes HEIC, AVIF and DNG files from photos, with the tools the project's set-up installs
// (heif-enc from libheif-examples, avifenc from libavif-bin, exiv2) and DngWriter. A missing
// tool fails the test with the command that installs it: the set-up is the project's own.
#include "dngwriter.h"
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QtTest>

namespace lookalike::test {

// Runs `program` with `args`; empty on success, else what went wrong.
inline QString runTool(const QString& program, const QStringList& args, int timeoutMs = 300000)
{
    if (QStandardPaths::findExecutable(program).isEmpty())
        return QStringLiteral("%1 is not installed (bash packaging/setup.sh deps)").arg(program);
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs))
        return QStringLiteral("%1 did not finish").arg(program);
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QStringLiteral("%1 failed: %2").arg(program, QString::fromLocal8Bit(p.readAll()));
    return {};
}

inline bool hasTool(const QString& program)
{
    return !QStandardPaths::findExecutable(program).isEmpty();
}

// A HEIC (quality 60) of `inputs` (JPEG or PNG; the first is the primary image).
inline QString makeHeic(const QStringList& inputs, const QString& out,
                        const QStringList& extra = {})
{
    return runTool(QStringLiteral("heif-enc"),
                   QStringList{QStringLiteral("-q"), QStringLiteral("60")} + extra + inputs +
                       QStringList{QStringLiteral("-o"), out});
}

inline QString makeAvif(const QString& input, const QString& out)
{
    return runTool(QStringLiteral("avifenc"),
                   {QStringLiteral("-s"), QStringLiteral("10"), QStringLiteral("-j"),
                    QStringLiteral("1"), input, out});
}

// Copies `jpeg` to `out` and records EXIF orientation `orientation` in the copy.
inline QString withExifOrientation(const QString& jpeg, const QString& out, int orientation)
{
    QFile::remove(out);
    if (!QFile::copy(jpeg, out))
        return QStringLiteral("cannot copy %1").arg(jpeg);
    QFile(out).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    return runTool(QStringLiteral("exiv2"),
                   {QStringLiteral("-M"),
                    QStringLiteral("set Exif.Image.Orientation Short %1").arg(orientation), out});
}

#define REQUIRE_TOOL(program)                                                                      \
    do {                                                                                           \
        if (!lookalike::test::hasTool(QStringLiteral(program)))                                    \
            QFAIL(program " is not installed: run bash packaging/setup.sh deps");                  \
    } while (false)

} // namespace lookalike::test
