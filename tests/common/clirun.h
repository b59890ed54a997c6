#pragma once
// Runs the build's lookalike-cli (LOOKALIKE_CLI_PATH) as a user would, for the tests that
// drive the command line.
#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>

namespace lookalike::test {

struct Run {
    int code = -1; // the exit code; -1 when the process crashed or did not finish
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

// extraEnv: "NAME=value" entries added to this process's environment.
inline Run cli(const QStringList& args, const QStringList& extraEnv = {}, int timeoutMs = 600000)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& entry : extraEnv)
        env.insert(entry.section(u'=', 0, 0), entry.section(u'=', 1));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(LOOKALIKE_CLI_PATH), args);
    p.waitForFinished(timeoutMs);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

} // namespace lookalike::test
