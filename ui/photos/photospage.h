#pragma once
// The Photos side of the main window's Faces | Photos switch: every photo of the library in
// a grid, a header per folder, by date within a folder. Double-click opens the photo; the
// context menu opens it, shows its folder or copies its path.
#include <QWidget>

class QLabel;

namespace lookalike::ui {

class PhotoGridModel;
class PhotoGridView;
class PhotoLibrary;
class ThumbnailCache;

class PhotosPage : public QWidget {
    Q_OBJECT
public:
    // `thumbnails` works in photo mode (ThumbnailCache::Options::photos); not owned.
    explicit PhotosPage(ThumbnailCache* thumbnails, QWidget* parent = nullptr);

    // Shows the photos of `libraryPath` (empty: none).
    void setLibrary(const QString& libraryPath);
    // Reads the photos again (after an import or a change to files).
    void reload();
    void setThumbnailSide(int side);

    PhotoGridView* grid() const { return m_grid; }
    PhotoGridModel* model() const { return m_model; }
    PhotoLibrary* photos() const { return m_photos; }
    QString title() const;
    bool isBusy() const;
    void openPhoto(qint64 photoId);
    // Makes this photo current, selected and in view; when it is not loaded yet, as soon as
    // it is.
    void showPhoto(qint64 photoId);

signals:
    void zoomRequested(int steps);

private:
    void photosChanged();
    void contextMenu(const QPoint& pos);

    ThumbnailCache* m_thumbnails;
    PhotoLibrary* m_photos;
    PhotoGridModel* m_model;
    PhotoGridView* m_grid;
    QLabel* m_header;
    QString m_libraryPath;
    qint64 m_wanted = -1; // showPhoto() before the photo was loaded
};

} // namespace lookalike::ui
