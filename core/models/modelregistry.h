#pragma once
#include "expected.h"
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <memory>
#include <mutex>

namespace lookalike {

// Everything the app knows about one model, read from models/models.json.
struct ModelSpec {
    QString id;      // "fr_detect", "fr_landmark", "fr_feature"
    QString task;    // "face-detection", "face-landmarks", "face-embedding"
    QString file;    // file name inside the models cache
    QString sha256;  // lower-case hex
    qint64 size = 0; // bytes
    int inputWidth = 0;
    int inputHeight = 0;
    int channels = 3;
    QString colorOrder; // "RGB", "BGR" or "GRAY"
    double mean = 0.0;  // input = (pixel - mean) * scale
    double scale = 1.0;
    // The same per channel, in colorOrder's order (channels entries): the manifest gives
    // either one number for all channels or an array, e.g. ImageNet's mean and 1/std.
    QList<double> channelMean;
    QList<double> channelScale;
    // How a photo becomes the input: "stretch" (the whole photo, aspect ignored) or
    // "center-crop" (the largest centred square-ish crop of the input's aspect).
    QString resize = QStringLiteral("stretch");
    QStringList outputs;
    int dimension = 0;      // embedding size, for task face-embedding
    QJsonObject thresholds; // default thresholds ("score", "nms", ...)
    // Task image-embedding: the tensor whose values are the embedding (e.g. the global
    // average pool before a classifier), empty for the network's final output.
    QString embeddingOutput;
    // Where the file comes from: download URLs tried in order (empty for npm models).
    QStringList urls;
    // Optional models are fetched only when asked for by name (fetch-models --model ID);
    // the default set-up fetches the others.
    bool optional = false;
    // Shipped with Lookalike beside the manifest (source {"bundled": "relative/path"}), not
    // fetched: path is then inside the manifest's folder (models/ in the sources,
    // share/lookalike/ when installed).
    bool bundled = false;
    // For a model OpenCV may not load: the id of the one to use instead (empty: none named).
    QString instead;
    QString license;
    QString notes; // the manifest's words about the model, for people
    QString path; // absolute path of the file in the models cache
    // Alignment template for task face-embedding: 5 points (left eye, right eye, nose tip,
    // left mouth corner, right mouth corner) in input pixels (0..inputWidth, 0..inputHeight).
    QList<QPointF> templatePoints;

    // thresholds[key] as a number, or `fallback` when the manifest has none.
    double threshold(const QString& key, double fallback) const;
};

// Reads the manifest and resolves model files in the models cache. The only place that
// knows about models: nothing else hard-codes a file name, size or normalisation.
class ModelRegistry {
public:
    // manifestPath empty: $LOOKALIKE_MODELS_MANIFEST, then the source tree's
    // models/models.json, then the installed share/lookalike/models.json.
    // modelsDir empty: $LOOKALIKE_MODELS_DIR, then $XDG_CACHE_HOME/lookalike/models
    // (~/.cache/lookalike/models).
    static Expected<ModelRegistry> load(const QString& manifestPath = {},
                                        const QString& modelsDir = {});
    static QString defaultManifestPath();
    static QString defaultModelsDir();

    // The spec of `id` with its file checked (present, size, sha256; the hash is checked
    // once per registry and file mtime). A missing or corrupt file gives one line naming
    // the command that fixes it.
    Expected<ModelSpec> model(const QString& id) const;
    // The manifest's entry for `id` without checking the file (empty id when unknown).
    ModelSpec spec(const QString& id) const { return m_specs.value(id); }
    // The id of the first model with this task ("face-embedding"...), or empty.
    QString idForTask(const QString& task) const;
    // Every model with this task, in manifest order.
    QStringList idsForTask(const QString& task) const;
    QStringList ids() const;

    QString manifestPath() const { return m_manifestPath; }
    QString modelsDir() const { return m_modelsDir; }
    // The command a person runs to fetch or repair the models.
    static QString fixCommand();

private:
    QString m_manifestPath;
    QString m_modelsDir;
    QHash<QString, ModelSpec> m_specs;
    QStringList m_order;
    mutable QHash<QString, QString> m_verified; // id -> "size:mtime" that passed the check
    // Guards m_verified: model() may be called from several worker threads at once.
    std::shared_ptr<std::mutex> m_verifiedLock = std::make_shared<std::mutex>();

    Status verify(const ModelSpec& spec) const;
};

} // namespace lookalike
