#pragma once
// What can be done to the faces selected in the grid: show the photo, find similar faces,
// set the label, say whether they are faces at all, open the containing folder, copy the
// path. Labels and verdicts are changed through LabelEditing (journalled, undoable, photos
// follow their labels).
#include <QObject>
#include <QPointer>
#include <vector>

class QAction;
class QMenu;
class QWidget;

namespace lookalike::ui {

class FaceCatalog;
class FaceGridView;
class FaceSelection;
class LabelEditing;
class MessageSink;
class QuerySession;

class FaceActions : public QObject {
    Q_OBJECT
public:
    FaceActions(FaceGridView* grid, FaceCatalog* catalog, QuerySession* session, MessageSink* sink,
                QWidget* window);

    void setLibraryPath(const QString& path) { m_libraryPath = path; }
    void setLabelEditing(LabelEditing* editing) { m_editing = editing; }
    // Whose selection the actions act on: the grid (the default) or the map.
    void setSelection(FaceSelection* selection);
    void addTo(QMenu* menu) const;
    // Enables the actions for the current selection.
    void updateEnabled();

    void showPhoto(qint64 faceId);
    void findSimilar();
    // Photos with this face: asks the window for the Photos page at the current face's photo.
    void showInPhotos();
    void setLabel();
    // Files `faceIds` under `label` (LabelEditing::relabel).
    void applyLabel(const std::vector<qint64>& faceIds, const QString& label);
    // The selected detections are not faces (Delete) or are faces after all (Insert).
    void markNotFaces();
    void markFaces();
    void openContainingFolder();
    void copyPaths();

    QAction* showPhotoAction() const { return m_showPhoto; }
    QAction* findSimilarAction() const { return m_findSimilar; }
    QAction* inPhotosAction() const { return m_inPhotos; }
    QAction* setLabelAction() const { return m_setLabel; }
    QAction* notFaceAction() const { return m_notFace; }
    QAction* isFaceAction() const { return m_isFace; }
    QAction* openFolderAction() const { return m_openFolder; }
    QAction* copyPathAction() const { return m_copyPath; }

signals:
    // The Photos page should show this photo (an image id).
    void photoRequested(qint64 imageId);

private:
    QStringList selectedPaths() const;
    // The selected detections with notFace == `hidden`.
    std::vector<qint64> selectedWhere(bool hidden) const;

    FaceGridView* m_grid;
    FaceSelection* m_selection;
    FaceCatalog* m_catalog;
    QuerySession* m_session;
    MessageSink* m_sink;
    QPointer<QWidget> m_window;
    QString m_libraryPath;
    LabelEditing* m_editing = nullptr;
    QAction* m_showPhoto;
    QAction* m_findSimilar;
    QAction* m_inPhotos;
    QAction* m_setLabel;
    QAction* m_notFace;
    QAction* m_isFace;
    QAction* m_openFolder;
    QAction* m_copyPath;
};

} // namespace lookalike::ui
