#include "queryinput.h"
#include "imageformat.h"
#include "messagesink.h"
#include "photoquerysession.h"
#include "querydrop.h"
#include "querysession.h"
#include "settings.h"
#include <QApplication>
#include <QClipboard>
#include <QFileInfo>
#include <QImage>
#include <QMimeData>

namespace lookalike::ui {

QueryInput::QueryInput(QuerySession* session, Settings* settings, MessageSink* sink,
                       QObject* parent)
    : QObject(parent), m_session(session), m_settings(settings), m_sink(sink)
{
}

void QueryInput::chooseImage()
{
    QStringList patterns;
    for (const QString& suffix : ImageFormat::photoSuffixes()) // HEIC, AVIF and RAW too
        patterns << QStringLiteral("*.") + suffix << QStringLiteral("*.") + suffix.toUpper();
    const QString path = m_sink->chooseOpenFile(
        tr("Query image"), m_settings->lastFolder(),
        tr("Photos (%1);;All files (*)").arg(patterns.join(QLatin1Char(' '))));
    if (path.isEmpty())
        return;
    m_settings->setLastFolder(QFileInfo(path).absolutePath());
    queryFiles({path});
}

void QueryInput::queryFiles(const QStringList& paths)
{
    queryFiles(paths, {});
}

void QueryInput::queryFiles(const QStringList& paths, const QStringList& leftOut)
{
    if (m_libraryPath.isEmpty()) {
        m_sink->information(tr("Query"), tr("Open a library or import a folder first: there is "
                                            "nothing to compare the photo with yet."));
        return;
    }
    if (m_photoMode && m_photos)
        m_photos->queryFiles(paths);
    else
        m_session->queryFiles(paths);
    QStringList said;
    if (paths.size() > 1)
        said << tr("%1 photos to search, each on its own: the first is shown; Alt+Right and "
                   "Alt+Left (or the arrows beside its name) step through them.")
                    .arg(paths.size());
    QStringList names;
    for (const QString& path : leftOut)
        names << QFileInfo(path).fileName();
    if (names.size() == 1)
        said << tr("%1 is not a photo: left out.").arg(names.first());
    else if (names.size() > 1)
        said << tr("%1 files are not photos: left out (%2).")
                    .arg(names.size())
                    .arg(names.join(QStringLiteral(", ")));
    if (!said.isEmpty())
        emit message(said.join(QLatin1Char(' ')));
}

void QueryInput::queryImage(const QImage& image, const QString& name)
{
    if (m_photoMode && m_photos)
        m_photos->queryImage(image, name);
    else
        m_session->queryImage(image, name);
}

void QueryInput::paste()
{
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    if (mime && mime->hasImage()) {
        if (m_libraryPath.isEmpty())
            return queryFiles({}); // explains
        queryImage(qvariant_cast<QImage>(mime->imageData()), tr("Pasted image"));
        return;
    }
    QStringList paths = QueryDrop::imagePaths(mime);
    const QStringList others = QueryDrop::otherPaths(mime);
    const QString text = mime ? mime->text().trimmed() : QString();
    if (paths.isEmpty() && QueryDrop::looksLikePhoto(text) && QFileInfo::exists(text))
        paths << text;
    if (paths.isEmpty()) {
        m_sink->information(tr("Paste image"),
                            tr("The clipboard holds no image and no photo file."));
        return;
    }
    queryFiles(paths, others);
}

bool QueryInput::accepts(const QMimeData* mime)
{
    return !QueryDrop::imagePaths(mime).isEmpty() || QueryDrop::hasImageData(mime);
}

bool QueryInput::drop(const QMimeData* mime)
{
    const QStringList paths = QueryDrop::imagePaths(mime);
    if (!paths.isEmpty()) {
        queryFiles(paths, QueryDrop::otherPaths(mime));
        return true;
    }
    if (QueryDrop::hasImageData(mime) && !m_libraryPath.isEmpty()) {
        queryImage(qvariant_cast<QImage>(mime->imageData()), tr("Dropped image"));
        return true;
    }
    return false;
}

} // namespace lookalike::ui
