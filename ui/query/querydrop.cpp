#include "querydrop.h"
#include "faceidsmime.h"
#include "imageformat.h"
#include <QFileInfo>
#include <QImageReader>
#include <QMimeData>
#include <QSet>
#include <QUrl>

namespace lookalike::ui {

bool QueryDrop::looksLikePhoto(const QString& path)
{
    static const QSet<QString> suffixes = [] {
        QSet<QString> s;
        for (const QByteArray& f : QImageReader::supportedImageFormats())
            s.insert(QString::fromLatin1(f).toLower());
        for (const QString& suffix : ImageFormat::photoSuffixes()) // HEIC, AVIF and RAW too
            s.insert(suffix);
        return s;
    }();
    return suffixes.contains(QFileInfo(path).suffix().toLower());
}

QStringList QueryDrop::imagePaths(const QMimeData* mime)
{
    QStringList out;
    if (!mime || !mime->hasUrls())
        return out;
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile() && looksLikePhoto(url.toLocalFile()))
            out << url.toLocalFile();
    return out;
}

QStringList QueryDrop::otherPaths(const QMimeData* mime)
{
    QStringList out;
    if (!mime || !mime->hasUrls())
        return out;
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile() && !looksLikePhoto(url.toLocalFile()))
            out << url.toLocalFile();
    return out;
}

std::vector<qint64> QueryDrop::faceIds(const QMimeData* mime)
{
    return FaceIdsMime::decode(mime);
}

bool QueryDrop::hasImageData(const QMimeData* mime)
{
    return mime && mime->hasImage();
}

bool QueryDrop::canQuery(const QMimeData* mime)
{
    return !imagePaths(mime).isEmpty() || !faceIds(mime).empty() || hasImageData(mime);
}

} // namespace lookalike::ui
