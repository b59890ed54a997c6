#include "reviewexport.h"
#include "exporter.h"
#include "library.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace lookalike::ui {

namespace {

QJsonObject faceJson(const FaceRecord& face)
{
    return QJsonObject{{QStringLiteral("face_id"), face.id},
                       {QStringLiteral("path"), face.path},
                       {QStringLiteral("label"), face.label}};
}

} // namespace

QByteArray ReviewExport::queueCsv(const std::vector<ReviewItem>& items)
{
    QByteArray csv = "path_a,path_b,similarity,label_a,label_b\n";
    for (const ReviewItem& r : items)
        csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                   .arg(Exporter::csvField(r.suspect.path), Exporter::csvField(r.evidence.path))
                   .arg(double(r.similarity), 0, 'f', 6)
                   .arg(Exporter::csvField(r.suspect.label), Exporter::csvField(r.evidence.label))
                   .toUtf8();
    return csv;
}

QByteArray ReviewExport::queueJson(const std::vector<ReviewItem>& items)
{
    QJsonArray out;
    for (const ReviewItem& r : items)
        out.append(QJsonObject{{QStringLiteral("kind"), ReviewFinder::kindName(r.kind)},
                               {QStringLiteral("suspect"), faceJson(r.suspect)},
                               {QStringLiteral("evidence"), faceJson(r.evidence)},
                               {QStringLiteral("similarity"), double(r.similarity)},
                               {QStringLiteral("own_label_similarity"), double(r.ownSupport)},
                               {QStringLiteral("confidence"), double(r.confidence)}});
    return QJsonDocument(out).toJson();
}

Expected<qint64> ReviewExport::writeQueue(const std::vector<ReviewItem>& items, const QString& file,
                                          bool json)
{
    const QByteArray bytes = json ? queueJson(items) : queueCsv(items);
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
        return Error{out.errorString()};
    return qint64(items.size());
}

Expected<qint64> ReviewExport::writeDecisions(const QString& libraryPath, const QString& file,
                                              bool json)
{
    auto library = Library::open(libraryPath, Library::Mode::ReadOnly);
    if (!library)
        return Error{library.error()};
    return Exporter::writeDecisions(**library, (*library)->defaultModel(), file, json);
}

Expected<qint64> ReviewExport::writePhotoLabels(const QString& libraryPath, const QString& file)
{
    auto library = Library::open(libraryPath, Library::Mode::ReadOnly);
    if (!library)
        return Error{library.error()};
    return Exporter::writePhotoLabels(**library, file);
}

} // namespace lookalike::ui
