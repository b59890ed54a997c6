#include "reviewexport.h"
#include "exporter.h"
#include "library.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace lookalike::ui {

QByteArray ReviewExport::queueCsv(const std::vector<ReviewItem>& items)
{
    return Exporter::reviewQueueCsv(items);
}

QByteArray ReviewExport::queueJson(const std::vector<ReviewItem>& items)
{
    return QJsonDocument(Exporter::reviewQueueJson(items)).toJson();
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
