#include "settings.h"
#include <QCryptographicHash>
#include <QFileInfo>
#include <QSettings>
#include <algorithm>

namespace lookalike::ui {

namespace {

QString unfinishedKey(const QString& libraryPath)
{
    const QByteArray id = QCryptographicHash::hash(
        QFileInfo(libraryPath).absoluteFilePath().toUtf8(), QCryptographicHash::Sha1);
    return QStringLiteral("unfinishedImports/") + QString::fromLatin1(id.toHex().left(16));
}

} // namespace

Settings::Settings(QSettings* store) : m_store(store) {}

QByteArray Settings::windowGeometry() const
{
    return m_store->value(QStringLiteral("window/geometry")).toByteArray();
}
void Settings::setWindowGeometry(const QByteArray& geometry)
{
    m_store->setValue(QStringLiteral("window/geometry"), geometry);
}
QByteArray Settings::windowState() const
{
    return m_store->value(QStringLiteral("window/state")).toByteArray();
}
void Settings::setWindowState(const QByteArray& state)
{
    m_store->setValue(QStringLiteral("window/state"), state);
}
QByteArray Settings::splitterState() const
{
    return m_store->value(QStringLiteral("window/splitter")).toByteArray();
}
void Settings::setSplitterState(const QByteArray& state)
{
    m_store->setValue(QStringLiteral("window/splitter"), state);
}

QString Settings::lastLibrary() const
{
    return m_store->value(QStringLiteral("library/last")).toString();
}
void Settings::setLastLibrary(const QString& path)
{
    m_store->setValue(QStringLiteral("library/last"), path);
}

QStringList Settings::recentLibraries() const
{
    return m_store->value(QStringLiteral("library/recent")).toStringList();
}

void Settings::addRecentLibrary(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList recent = recentLibraries();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    m_store->setValue(QStringLiteral("library/recent"), recent);
}

void Settings::removeRecentLibrary(const QString& path)
{
    QStringList recent = recentLibraries();
    recent.removeAll(QFileInfo(path).absoluteFilePath());
    m_store->setValue(QStringLiteral("library/recent"), recent);
}

QString Settings::lastFolder() const
{
    return m_store->value(QStringLiteral("library/lastFolder")).toString();
}
void Settings::setLastFolder(const QString& folder)
{
    m_store->setValue(QStringLiteral("library/lastFolder"), folder);
}

int Settings::topK() const
{
    return std::clamp(m_store->value(QStringLiteral("query/topK"), 100).toInt(), 1, 5000);
}
void Settings::setTopK(int k)
{
    m_store->setValue(QStringLiteral("query/topK"), std::clamp(k, 1, 5000));
}

bool Settings::moveFilesWithLabels() const
{
    return m_store->value(QStringLiteral("labels/moveFiles"), true).toBool();
}
void Settings::setMoveFilesWithLabels(bool on)
{
    m_store->setValue(QStringLiteral("labels/moveFiles"), on);
}

double Settings::bounded(const QString& key, double fallback, double low, double high) const
{
    bool ok = false;
    const double v = m_store->value(key).toDouble(&ok);
    return ok ? std::clamp(v, low, high) : fallback;
}

double Settings::minSimilarity(double fallback) const
{
    return bounded(QStringLiteral("query/minSimilarity"), fallback, -1.0, 1.0);
}
void Settings::setMinSimilarity(double value)
{
    m_store->setValue(QStringLiteral("query/minSimilarity"), std::clamp(value, -1.0, 1.0));
}

namespace {
QString photoThresholdKey(bool withObjects, const QString& imageModel)
{
    const QString key = withObjects ? QStringLiteral("photoQuery/minSimilarityWithObjects")
                                    : QStringLiteral("photoQuery/minSimilarity");
    return imageModel.isEmpty() ? key : key + QLatin1Char('-') + imageModel;
}
} // namespace

double Settings::photoMinSimilarity(double fallback, bool withObjects,
                                    const QString& imageModel) const
{
    return bounded(photoThresholdKey(withObjects, imageModel), fallback, 0.0, 1.0);
}
void Settings::setPhotoMinSimilarity(double value, bool withObjects, const QString& imageModel)
{
    m_store->setValue(photoThresholdKey(withObjects, imageModel), std::clamp(value, 0.0, 1.0));
}

int Settings::thumbnailSize() const
{
    return std::clamp(
        m_store->value(QStringLiteral("grid/thumbnailSize"), kDefaultThumbnail).toInt(),
        kMinThumbnail, kMaxThumbnail);
}
void Settings::setThumbnailSize(int side)
{
    m_store->setValue(QStringLiteral("grid/thumbnailSize"),
                      std::clamp(side, kMinThumbnail, kMaxThumbnail));
}

bool Settings::photosShown() const
{
    return m_store->value(QStringLiteral("window/photosShown"), false).toBool();
}
void Settings::setPhotosShown(bool on)
{
    m_store->setValue(QStringLiteral("window/photosShown"), on);
}

std::optional<ImportRequest> Settings::unfinishedImport(const QString& libraryPath) const
{
    const QString key = unfinishedKey(libraryPath);
    if (!m_store->contains(key + QStringLiteral("/folder")))
        return std::nullopt;
    ImportRequest r;
    r.libraryPath = QFileInfo(libraryPath).absoluteFilePath();
    r.folder = m_store->value(key + QStringLiteral("/folder")).toString();
    r.recursive = m_store->value(key + QStringLiteral("/recursive"), true).toBool();
    r.labelsFromSubfolders = m_store->value(key + QStringLiteral("/labels"), false).toBool();
    r.findFaces = m_store->value(key + QStringLiteral("/faces"), true).toBool();
    return r;
}

void Settings::setUnfinishedImport(const ImportRequest& request)
{
    const QString key = unfinishedKey(request.libraryPath);
    m_store->setValue(key + QStringLiteral("/library"),
                      QFileInfo(request.libraryPath).absoluteFilePath());
    m_store->setValue(key + QStringLiteral("/folder"), request.folder);
    m_store->setValue(key + QStringLiteral("/recursive"), request.recursive);
    m_store->setValue(key + QStringLiteral("/labels"), request.labelsFromSubfolders);
    m_store->setValue(key + QStringLiteral("/faces"), request.findFaces);
    m_store->sync();
}

void Settings::clearUnfinishedImport(const QString& libraryPath)
{
    m_store->remove(unfinishedKey(libraryPath));
    m_store->sync();
}

void Settings::sync()
{
    m_store->sync();
}

} // namespace lookalike::ui
