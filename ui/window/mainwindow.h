#pragma once
// The main window: menus, the people sidebar, the face grid, the query panel and the status
// bar, wired to services passed in by main(). Workflows live elsewhere: ImportController
// (imports), FaceActions (what to do with selected faces), QuerySession (queries).
#include "labelfilter.h"
#include <QMainWindow>

class QActionGroup;
class QLabel;
class QMenu;
class QSplitter;
class QStackedWidget;

namespace lookalike {
class ModelRegistry;
}

namespace lookalike::ui {

class BackgroundJobs;
class ExportActions;
class FaceActions;
class FaceCatalog;
class FaceGridModel;
class FaceGridView;
class ImageModelActions;
class ImportController;
class IndexingService;
class LabelEditing;
class MetadataActions;
class LabelSidebar;
class MapPage;
class PeopleActions;
class PhotoMapPage;
class PhotosPage;
class MessageSink;
class QueryInput;
class QueryPanel;
class QuerySession;
class SearchService;
class Settings;
class ThumbnailCache;
class WelcomePage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Services {
        Settings* settings = nullptr;
        MessageSink* sink = nullptr;
        FaceCatalog* catalog = nullptr;
        ThumbnailCache* thumbnails = nullptr;
        // Whole-photo thumbnails for the Photos page (ThumbnailCache::Options::photos); when
        // null the window makes a memory-only one.
        ThumbnailCache* photoThumbnails = nullptr;
        SearchService* search = nullptr;
        IndexingService* indexing = nullptr;
        QuerySession* session = nullptr;
        QString libraryDir;                // where new libraries go by default
        double samePersonThreshold = 0.35; // cosine similarity
        // The model manifest for photo queries (the same-object codebook); may be null.
        const ModelRegistry* photoModels = nullptr;
    };

    explicit MainWindow(const Services& services, QWidget* parent = nullptr);

    void openLibrary(const QString& path);
    void closeLibrary();
    QString libraryPath() const { return m_libraryPath; }
    void showWelcome();
    ImportController* imports() const { return m_imports; }
    // Query these photo files, as a drop would.
    void queryFiles(const QStringList& paths);
    void pasteQuery();
    void setThumbnailSide(int side);

    FaceGridView* grid() const { return m_grid; }
    FaceGridModel* gridModel() const { return m_model; }
    LabelSidebar* sidebar() const { return m_sidebar; }
    QueryPanel* queryPanel() const { return m_panel; }
    BackgroundJobs* jobs() const { return m_jobs; }
    FaceActions* faceActions() const { return m_faceActions; }
    PeopleActions* peopleActions() const { return m_people; }
    LabelEditing* labelEditing() const { return m_editing; }
    MapPage* mapPage() const { return m_map; }
    PhotoMapPage* photoMapPage() const { return m_photoMap; }
    // View > Map: the map instead of the grid; in Photos, the photos' map instead of theirs.
    void showMap(bool on);
    bool isMapShown() const;
    // The Faces | Photos switch (toolbar, View menu, Ctrl+1 / Ctrl+2), kept in the settings.
    void showPhotos(bool on);
    bool isPhotosShown() const;
    PhotosPage* photosPage() const { return m_photos; }
    QString gridTitle() const;
    // The library's counts in the status bar ("1,385 photos, no faces found yet").
    QString summaryText() const;
    // Nothing is loading or running (catalog, thumbnails, query, import).
    bool isIdle() const;

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createLayout();
    void createMenus();
    void updateRecentMenu();
    // The next (1) or previous (-1) of several photos dropped at once, Faces or Photos.
    void stepDropped(int step);
    void restoreSettings();
    void saveSettings();
    void showRows();
    void showHeader();
    void catalogChanged();
    // The status bar's count: every photo (faces or not) and the faces found in them.
    void showSummary();
    void chooseLibrary();
    void openReview();    // the review screen (DuplicateReview) of this library
    void openPhotoReview(); // Review > Duplicate photos (DuplicatePhotoReview)
    // Review windows go with their library: those not of `keep` (empty: all) are closed.
    void closeReviews(const QString& keep);
    void libraryEdited(); // labels or paths changed elsewhere (the review screen)
    void showFilter(const LabelFilter& filter);
    void syncQueryLabels(); // query results show labels changed since the search
    void zoom(int steps);
    void contextMenu(const QPoint& pos);

    Services m_s;
    QString m_libraryPath;
    LabelFilter m_filter;
    QStackedWidget* m_stack;
    WelcomePage* m_welcome;
    QSplitter* m_splitter;
    LabelSidebar* m_sidebar;
    QLabel* m_header;
    FaceGridView* m_grid;
    FaceGridModel* m_model;
    QueryPanel* m_panel;
    QLabel* m_summary;
    BackgroundJobs* m_jobs;
    ImportController* m_imports;
    FaceActions* m_faceActions;
    LabelEditing* m_editing;
    PeopleActions* m_people;
    ExportActions* m_exports;
    MapPage* m_map;
    PhotosPage* m_photos;
    PhotoMapPage* m_photoMap;
    QStackedWidget* m_views; // the grid, the map, the photos or their map
    QAction* m_showFaces = nullptr;
    QAction* m_showPhotos = nullptr;
    QAction* m_showMap = nullptr;
    MetadataActions* m_metadata;
    ImageModelActions* m_imageModels;
    QueryInput* m_query;
    QMenu* m_recentMenu = nullptr;
    QAction* m_review = nullptr;
    QAction* m_photoReview = nullptr;
    bool m_closing = false;
    bool m_closeWhenSaved = false; // a close waits for label changes in progress
};

} // namespace lookalike::ui
