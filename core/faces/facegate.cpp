#include "facegate.h"

#include "facealigner.h"
#include "modelregistry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>

namespace lookalike {

namespace {

template <size_t N> bool readPoints(const QJsonValue& value, std::array<QPointF, N>& points)
{
    const QJsonArray array = value.toArray();
    if (array.size() != qsizetype(N))
        return false;
    for (size_t i = 0; i < N; ++i) {
        const QJsonArray xy = array.at(qsizetype(i)).toArray();
        if (xy.size() != 2)
            return false;
        points[i] = QPointF(xy.at(0).toDouble(), xy.at(1).toDouble());
    }
    return true;
}

// Root mean square distance between matching points.
template <size_t N> double rms(const std::array<QPointF, N>& a, const std::array<QPointF, N>& b)
{
    double sum = 0;
    for (size_t i = 0; i < N; ++i) {
        const QPointF d = a[i] - b[i];
        sum += d.x() * d.x() + d.y() * d.y();
    }
    return std::sqrt(sum / N);
}

Expected<QJsonObject> readObject(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{
            QStringLiteral("cannot read the face gate %1: %2").arg(path, file.errorString())};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (!doc.isObject())
        return Error{QStringLiteral("the face gate %1 is not valid JSON: %2")
                         .arg(path, error.errorString())};
    return doc.object();
}

} // namespace

Expected<FaceGate> FaceGate::load(const ModelSpec& spec)
{
    const Expected<QJsonObject> read = readObject(spec.path);
    if (!read)
        return Error{read.error()};
    const QJsonObject& o = *read;
    const QString bad = QStringLiteral("the face gate %1 is malformed: %2").arg(spec.path);
    if (o.value(QLatin1String("format")).toString() != QLatin1String("lookalike-face-gate-1"))
        return Error{bad.arg(QStringLiteral("unknown format"))};
    FaceGate gate;
    gate.m_id = spec.id;
    if (!readPoints(o.value(QLatin1String("template")), gate.m_template) ||
        !readPoints(o.value(QLatin1String("mean_shape")), gate.m_meanShape))
        return Error{bad.arg(QStringLiteral("template or mean_shape"))};
    const QJsonObject w = o.value(QLatin1String("weights")).toObject();
    const char* const names[kScalarFeatures] = {"score", "alignment_residual", "shape_residual",
                                                "raw_norm"};
    for (int i = 0; i < kScalarFeatures; ++i) {
        const QJsonValue v = w.value(QLatin1String(names[i]));
        if (!v.isDouble())
            return Error{bad.arg(QStringLiteral("no weight for %1").arg(QLatin1String(names[i])))};
        gate.m_scalarWeights[size_t(i)] = v.toDouble();
    }
    for (const QJsonValue& v : w.value(QLatin1String("embedding")).toArray())
        gate.m_embeddingWeights.push_back(v.toDouble());
    if (gate.m_embeddingWeights.empty())
        return Error{bad.arg(QStringLiteral("no embedding weights"))};
    gate.m_bias = o.value(QLatin1String("bias")).toDouble();
    gate.m_threshold = o.value(QLatin1String("threshold")).toDouble(0.5);
    return gate;
}

std::array<double, FaceGate::kScalarFeatures> FaceGate::scalars(const Input& input) const
{
    const std::array<QPointF, 5> five = FaceAligner::fivePoints(input.alignedLandmarks);
    return {input.score, std::log1p(rms(five, m_template)),
            std::log1p(rms(input.alignedLandmarks, m_meanShape)), input.rawNorm};
}

double FaceGate::probability(const Input& input) const
{
    if (input.embedding.size() != m_embeddingWeights.size())
        return 1.0; // another embedder than the gate knows: it cannot judge, so it keeps
    double z = m_bias;
    const std::array<double, kScalarFeatures> x = scalars(input);
    for (int i = 0; i < kScalarFeatures; ++i)
        z += m_scalarWeights[size_t(i)] * x[size_t(i)];
    for (size_t i = 0; i < m_embeddingWeights.size(); ++i)
        z += m_embeddingWeights[i] * double(input.embedding[i]);
    return 1.0 / (1.0 + std::exp(-z));
}

} // namespace lookalike
