#include "modelregistry.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <algorithm>

Q_LOGGING_CATEGORY(lcModels, "lookalike.core.models", QtInfoMsg)

namespace lookalike {

namespace {

QString envPath(const char* name)
{
    const QString value = qEnvironmentVariable(name);
    return value.isEmpty() ? QString() : QDir::cleanPath(value);
}

QStringList manifestCandidates()
{
    QStringList candidates{QStringLiteral(LOOKALIKE_SOURCE_MODELS_DIR "/models.json"),
                           QStringLiteral(LOOKALIKE_INSTALL_DATA_DIR "/models.json")};
    if (QCoreApplication::instance())
        candidates << QCoreApplication::applicationDirPath() +
                          QStringLiteral("/../share/lookalike/models.json");
    return candidates;
}

// One number for every channel, or an array with one per channel.
QList<double> perChannel(const QJsonValue& value, double fallback, int channels)
{
    QList<double> values;
    if (value.isArray()) {
        for (const QJsonValue& v : value.toArray())
            values << v.toDouble(fallback);
    }
    const double all = value.isArray() ? values.value(0, fallback) : value.toDouble(fallback);
    while (values.size() < std::max(channels, 1))
        values << all;
    return values;
}

ModelSpec parseInput(ModelSpec spec, const QJsonObject& input)
{
    spec.inputWidth = input.value(QLatin1String("width")).toInt();
    spec.inputHeight = input.value(QLatin1String("height")).toInt();
    spec.channels = input.value(QLatin1String("channels")).toInt(3);
    spec.colorOrder = input.value(QLatin1String("color")).toString(QStringLiteral("RGB"));
    spec.channelMean = perChannel(input.value(QLatin1String("mean")), 0.0, spec.channels);
    spec.channelScale = perChannel(input.value(QLatin1String("scale")), 1.0, spec.channels);
    spec.mean = spec.channelMean.value(0, 0.0);
    spec.scale = spec.channelScale.value(0, 1.0);
    spec.resize = input.value(QLatin1String("resize")).toString(QStringLiteral("stretch"));
    return spec;
}

QStringList sourceUrls(const QJsonObject& o)
{
    QStringList urls;
    const QString single =
        o.value(QLatin1String("source")).toObject().value(QLatin1String("url")).toString();
    if (!single.isEmpty())
        urls << single;
    for (const QJsonValue& source : o.value(QLatin1String("sources")).toArray()) {
        const QString url = source.toObject().value(QLatin1String("url")).toString();
        if (!url.isEmpty())
            urls << url;
    }
    return urls;
}

QList<QPointF> parseTemplate(const QJsonObject& alignment)
{
    QList<QPointF> points;
    for (const QJsonValue& p : alignment.value(QLatin1String("points")).toArray()) {
        const QJsonArray xy = p.toArray();
        points << QPointF(xy.at(0).toDouble(), xy.at(1).toDouble());
    }
    return points;
}

ModelSpec parseSpec(const QJsonObject& o, const QString& modelsDir, const QString& manifestPath)
{
    ModelSpec spec = parseInput({}, o.value(QLatin1String("input")).toObject());
    spec.id = o.value(QLatin1String("id")).toString();
    spec.task = o.value(QLatin1String("task")).toString();
    spec.file = o.value(QLatin1String("file")).toString();
    spec.sha256 = o.value(QLatin1String("sha256")).toString().toLower();
    spec.size = o.value(QLatin1String("size")).toInteger();
    for (const QJsonValue& name : o.value(QLatin1String("outputs")).toArray())
        spec.outputs << name.toString();
    spec.dimension = o.value(QLatin1String("dimension")).toInt();
    spec.thresholds = o.value(QLatin1String("thresholds")).toObject();
    spec.templatePoints = parseTemplate(o.value(QLatin1String("alignment")).toObject());
    spec.embeddingOutput = o.value(QLatin1String("embedding_output")).toString();
    spec.urls = sourceUrls(o);
    spec.optional = o.value(QLatin1String("optional")).toBool(false);
    spec.instead = o.value(QLatin1String("instead")).toString();
    spec.license = o.value(QLatin1String("license")).toString();
    spec.notes = o.value(QLatin1String("notes")).toString();
    spec.path = QDir(modelsDir).filePath(spec.file);
    const QString bundled =
        o.value(QLatin1String("source")).toObject().value(QLatin1String("bundled")).toString();
    if (!bundled.isEmpty()) {
        spec.bundled = true;
        spec.path = QDir::cleanPath(QFileInfo(manifestPath).absoluteDir().filePath(bundled));
    }
    return spec;
}

Expected<QJsonArray> readModelsArray(const QString& manifestPath)
{
    QFile file(manifestPath);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read the model manifest %1: %2")
                         .arg(manifestPath, file.errorString())};
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (doc.isNull())
        return Error{QStringLiteral("the model manifest %1 is not valid JSON: %2")
                         .arg(manifestPath, parseError.errorString())};
    return doc.object().value(QLatin1String("models")).toArray();
}

QByteArray sha256Of(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

} // namespace

double ModelSpec::threshold(const QString& key, double fallback) const
{
    return thresholds.value(key).toDouble(fallback);
}

QString ModelRegistry::defaultManifestPath()
{
    const QString env = envPath("LOOKALIKE_MODELS_MANIFEST");
    if (!env.isEmpty())
        return env;
    const QStringList candidates = manifestCandidates();
    for (const QString& candidate : candidates) {
        if (QFileInfo::exists(candidate))
            return QDir::cleanPath(candidate);
    }
    return QDir::cleanPath(candidates.first());
}

QString ModelRegistry::defaultModelsDir()
{
    const QString env = envPath("LOOKALIKE_MODELS_DIR");
    if (!env.isEmpty())
        return env;
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
           QStringLiteral("/lookalike/models");
}

QString ModelRegistry::fixCommand()
{
    // A build from the sources names the set-up script beside them; an installed package
    // (no sources on the machine) names the command it installs.
    const QString script =
        QDir::cleanPath(QStringLiteral(LOOKALIKE_SOURCE_MODELS_DIR "/../packaging/setup.sh"));
    if (QFileInfo::exists(script))
        return QStringLiteral("bash %1 models").arg(script);
    return QStringLiteral("lookalike-fetch-models");
}

Expected<ModelRegistry> ModelRegistry::load(const QString& manifestPath, const QString& modelsDir)
{
    ModelRegistry registry;
    registry.m_manifestPath = manifestPath.isEmpty() ? defaultManifestPath() : manifestPath;
    registry.m_modelsDir = modelsDir.isEmpty() ? defaultModelsDir() : QDir::cleanPath(modelsDir);
    const Expected<QJsonArray> models = readModelsArray(registry.m_manifestPath);
    if (!models)
        return Error{models.error()};
    for (const QJsonValue& value : *models) {
        const ModelSpec spec =
            parseSpec(value.toObject(), registry.m_modelsDir, registry.m_manifestPath);
        if (spec.id.isEmpty() || spec.file.isEmpty())
            return Error{QStringLiteral("the model manifest %1 has a model without id or file")
                             .arg(registry.m_manifestPath)};
        registry.m_specs.insert(spec.id, spec);
        registry.m_order << spec.id;
    }
    return registry;
}

Expected<ModelSpec> ModelRegistry::model(const QString& id) const
{
    const auto it = m_specs.constFind(id);
    if (it == m_specs.constEnd())
        return Error{
            QStringLiteral("the model manifest %1 has no model \"%2\"").arg(m_manifestPath, id)};
    const Status checked = verify(*it);
    if (!checked)
        return Error{checked.error()};
    return *it;
}

// Size is checked every time (cheap); the sha256 once per file size and mtime.
Status ModelRegistry::verify(const ModelSpec& spec) const
{
    // Optional models are fetched by name only, so the command names them; a bundled file is
    // part of the installation: only reinstalling brings it back.
    const QString fix = spec.bundled    ? QStringLiteral("reinstall Lookalike")
                        : spec.optional ? QStringLiteral("%1 --model %2").arg(fixCommand(), spec.id)
                                        : fixCommand();
    const QFileInfo info(spec.path);
    const QString folder = spec.bundled ? info.absolutePath() : m_modelsDir;
    if (!info.isFile())
        return Error{spec.bundled ? QStringLiteral("model %1 that comes with Lookalike is missing "
                                                   "from %2: %3")
                                        .arg(spec.file, folder, fix)
                                  : QStringLiteral("model %1 is missing from %2: run \"%3\" to "
                                                   "fetch it")
                                        .arg(spec.file, folder, fix)};
    const QString corrupt = spec.bundled
                                ? QStringLiteral("model %1 in %2 is corrupt (%3): %4")
                                : QStringLiteral("model %1 in %2 is corrupt (%3): run \"%4\" to "
                                                 "fetch it again");
    if (info.size() != spec.size)
        return Error{corrupt.arg(
            spec.file, folder,
            QStringLiteral("%1 bytes, expected %2").arg(info.size()).arg(spec.size), fix)};
    const QString stamp =
        QStringLiteral("%1:%2").arg(info.size()).arg(info.lastModified().toMSecsSinceEpoch());
    std::lock_guard lock(*m_verifiedLock);
    if (m_verified.value(spec.id) == stamp)
        return success();
    const QByteArray digest = sha256Of(spec.path);
    if (digest != spec.sha256.toLatin1())
        return Error{corrupt.arg(spec.file, folder, QStringLiteral("sha256 mismatch"), fix)};
    qCDebug(lcModels) << "verified" << spec.path;
    m_verified.insert(spec.id, stamp);
    return success();
}

QString ModelRegistry::idForTask(const QString& task) const
{
    for (const QString& id : m_order) {
        if (m_specs.value(id).task == task)
            return id;
    }
    return {};
}

QStringList ModelRegistry::idsForTask(const QString& task) const
{
    QStringList ids;
    for (const QString& id : m_order) {
        if (m_specs.value(id).task == task)
            ids << id;
    }
    return ids;
}

QStringList ModelRegistry::ids() const
{
    return m_order;
}

} // namespace lookalike
