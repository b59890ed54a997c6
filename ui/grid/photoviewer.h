#pragma once
#include "library.h"
#include <QDialog>
#include <QFuture>

class QGraphicsScene;
class QGraphicsView;
class QLabel;

namespace lookalike::ui {

// A photo with every face box drawn and one face highlighted; zoom with the wheel,
// Ctrl++ / Ctrl+-, fit with Ctrl+0, actual size with Ctrl+1. The photo and its faces are
// loaded in the background.
class PhotoViewer : public QDialog {
    Q_OBJECT
public:
    // A whole photo by its image id (the photos grid): its faces boxed, none highlighted.
    struct ImageId {
        qint64 id = 0;
    };
    PhotoViewer(const QString& libraryPath, qint64 faceId, QWidget* parent = nullptr);
    PhotoViewer(const QString& libraryPath, ImageId image, QWidget* parent = nullptr);
    ~PhotoViewer() override;

    bool isLoaded() const { return m_loaded; }
    int boxCount() const { return m_boxes; }
    double zoom() const;

    void zoomBy(double factor);
    void fit();
    void actualSize();

signals:
    void loaded();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Content {
        QString path;
        QImage image; // oriented, possibly reduced
        QSize fullSize;
        std::vector<FaceRecord> faces;
        QString error;
    };
    // The photo of face `faceId`, or when it is negative the photo `imageId`.
    static Content load(const QString& libraryPath, qint64 faceId, qint64 imageId);
    void present(const Content& content);

    qint64 m_faceId;
    QGraphicsScene* m_scene;
    QGraphicsView* m_view;
    QLabel* m_caption;
    QRectF m_focus;
    int m_boxes = 0;
    bool m_loaded = false;
    bool m_fitted = true;
    QFuture<Content> m_future;
};

} // namespace lookalike::ui
