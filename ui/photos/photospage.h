#pragma once
// The Photos side of the main window's Faces | Photos switch: every photo of the library in
// a grid, a header per folder, by date within a folder. Double-click opens the photo; the
// context menu opens it, finds photos like it (a photo query), shows its folder or copies
// its path. During a photo query the grid makes way for its results (PhotoQueryView).
#include <QWidget>
#include <vector>

class QAction;
class QLabel;
class QStackedWidget;

namespace lookalike {
class ModelRegistry;
}

namespace lookalike::ui {

class PhotoGridModel;
class PhotoGridView;
class PhotoLibrary;
class PhotoQueryService;
class PhotoQuerySession;
class PhotoQueryView;
class ThumbnailCache;

class PhotosPage : public QWidget {
    Q_OBJECT
public:
    // `thumbnails` works in photo mode (ThumbnailCache::Options::photos); not owned.
    explicit PhotosPage(ThumbnailCache* thumbnails, QWidget* parent = nullptr);

    // The manifest whose object codebook photo queries use for "Same object" (copied).
    void setModels(const ModelRegistry& registry);
    // Shows the photos of `libraryPath` (empty: none).
    void setLibrary(const QString& libraryPath);
    // Reads the photos again (after an import or a change to files).
    void reload();
    // The library's image model changed: the next photo query reopens its searcher.
    void modelsChanged();
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

    // The photo query: its state, its results, and "Find similar photos" (Ctrl+Shift+F on
    // the grid: a query with the current photo).
    PhotoQuerySession* query() const { return m_query; }
    PhotoQueryView* queryView() const { return m_queryView; }
    QAction* findSimilarAction() const { return m_findSimilar; }
    // Move to Trash (Delete): the selected photos of the grid, or of the query's results.
    QAction* trashAction() const { return m_trash; }
    bool isQueryShown() const;
    // Back to every photo (Esc).
    void closeQuery();

signals:
    void zoomRequested(int steps);
    void similarFacesRequested(); // "Similar faces (N)" of the query photo
    // The person asked to move these photos to the trash (the window does it, undoably).
    void trashRequested(const std::vector<qint64>& photoIds);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void photosChanged();
    // Above this many photos the grid is laid out only while the page shows: each block of
    // a 1,000,000-photo load costs the window a second or more (rows and folder headers).
    static constexpr size_t kLazyPhotos = 50000;
    void queryActiveChanged(bool active);
    void showTitle();
    void findSimilar(PhotoGridView* view);
    void contextMenu(PhotoGridView* view, const QPoint& pos);

    ThumbnailCache* m_thumbnails;
    PhotoLibrary* m_photos;
    PhotoGridModel* m_model;
    PhotoGridView* m_grid;
    QLabel* m_header;
    PhotoQueryService* m_queryService;
    PhotoQuerySession* m_query;
    PhotoQueryView* m_queryView;
    QStackedWidget* m_pages; // the grid or the query's results
    QAction* m_findSimilar;
    QAction* m_trash;
    QString m_libraryPath;
    qint64 m_wanted = -1; // showPhoto() before the photo was loaded
    bool m_stale = false; // photos changed while the page was hidden
};

} // namespace lookalike::ui
