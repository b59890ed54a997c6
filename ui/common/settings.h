#pragma once
// Typed access to the user's preferences. The QSettings store is injected (tests pass one
// backed by a temporary file) and never read anywhere else in the UI.
#include "importrequest.h"
#include <QByteArray>
#include <QStringList>
#include <optional>

class QSettings;

namespace lookalike::ui {

class Settings {
public:
    static constexpr int kMaxRecent = 8;
    static constexpr int kMinThumbnail = 64;
    static constexpr int kMaxThumbnail = 224;
    static constexpr int kDefaultThumbnail = 112;

    explicit Settings(QSettings* store); // not owned; must outlive this object

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);
    QByteArray splitterState() const;
    void setSplitterState(const QByteArray& state);

    QString lastLibrary() const;
    void setLastLibrary(const QString& path);
    QStringList recentLibraries() const; // most recent first
    void addRecentLibrary(const QString& path);
    void removeRecentLibrary(const QString& path);
    QString lastFolder() const; // where file dialogs start
    void setLastFolder(const QString& folder);

    int topK() const; // results shown per query, 1..5000
    void setTopK(int k);
    double minSimilarity(double fallback) const; // cosine, -1..1
    void setMinSimilarity(double value);
    // The photo query's look-alike threshold, 0..1.
    // The photo query's look-alike threshold, one per similarity scale (look vectors alone, or
    // with the object pass's VLADs; or a library's image model `imageModel`, with or without
    // them: PhotoQuerySession).
    double photoMinSimilarity(double fallback, bool withObjects = false,
                              const QString& imageModel = {}) const;
    void setPhotoMinSimilarity(double value, bool withObjects = false,
                               const QString& imageModel = {});
    // In libraries imported with subfolder labels, relabelling moves the photo (default on).
    bool moveFilesWithLabels() const;
    void setMoveFilesWithLabels(bool on);
    int thumbnailSize() const; // tile image side in px, kMinThumbnail..kMaxThumbnail
    void setThumbnailSize(int side);
    // The main window's Faces | Photos switch: true when Photos was shown last (default off).
    bool photosShown() const;
    void setPhotosShown(bool on);

    // An import that was started and has not finished (app closed or crashed meanwhile).
    std::optional<ImportRequest> unfinishedImport(const QString& libraryPath) const;
    void setUnfinishedImport(const ImportRequest& request);
    void clearUnfinishedImport(const QString& libraryPath);

    void sync();

private:
    // The number stored at `key`, clamped to low..high; `fallback` when there is none.
    double bounded(const QString& key, double fallback, double low, double high) const;

    QSettings* m_store;
};

} // namespace lookalike::ui
