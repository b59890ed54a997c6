#include "photoviewer.h"
#include "futurewatch.h"
#include "imageloader.h"
#include "photocatalog.h"
#include "plural.h"
#include <QAction>
#include <QFileInfo>
#include <QGraphicsPixmapItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsView>
#include <QLabel>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <QtConcurrent>

namespace lookalike::ui {

PhotoViewer::PhotoViewer(const QString& libraryPath, ImageId image, QWidget* parent)
    : PhotoViewer(libraryPath, -1 - image.id, parent)
{
}

// A negative faceId is -1 - the image id (the constructor above): one loading path for both.
PhotoViewer::PhotoViewer(const QString& libraryPath, qint64 faceId, QWidget* parent)
    : QDialog(parent), m_faceId(faceId), m_scene(new QGraphicsScene(this)),
      m_view(new QGraphicsView(m_scene, this)), m_caption(new QLabel(tr("Loading…"), this))
{
    setWindowTitle(tr("Photo"));
    resize(1000, 760);
    m_view->setDragMode(QGraphicsView::ScrollHandDrag);
    m_view->setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    m_view->setRenderHints(QPainter::Antialiasing | QPainter::SmoothPixmapTransform);
    m_view->setBackgroundBrush(QColor(30, 30, 30));
    m_view->viewport()->installEventFilter(this);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_caption->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 6);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_caption);
    layout->setStretch(0, 1);
    m_caption->setContentsMargins(8, 0, 8, 0);

    auto addAction = [this](const QList<QKeySequence>& keys, auto slot) {
        auto* action = new QAction(this);
        action->setShortcuts(keys);
        connect(action, &QAction::triggered, this, slot);
        QWidget::addAction(action);
    };
    addAction(
        {QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence(Qt::Key_Plus)},
        [this] { zoomBy(1.25); });
    addAction({QKeySequence::ZoomOut, QKeySequence(Qt::Key_Minus)}, [this] { zoomBy(0.8); });
    addAction({QKeySequence(Qt::CTRL | Qt::Key_0), QKeySequence(Qt::Key_F)}, [this] { fit(); });
    addAction({QKeySequence(Qt::CTRL | Qt::Key_1)}, [this] { actualSize(); });

    m_future = QtConcurrent::run([libraryPath, faceId] {
        return faceId >= 0 ? load(libraryPath, faceId, 0) : load(libraryPath, -1, -1 - faceId);
    });
    whenFinished(m_future, this, [this](const Content& content) { present(content); });
}

PhotoViewer::~PhotoViewer()
{
    m_future.waitForFinished();
}

PhotoViewer::Content PhotoViewer::load(const QString& libraryPath, qint64 faceId, qint64 imageId)
{
    Content c;
    auto library = Library::open(libraryPath, Library::Mode::ReadOnly);
    if (!library) {
        c.error = library.error();
        return c;
    }
    if (faceId < 0) {
        const std::vector<PhotoInfo> photo = PhotoCatalog::photos(**library, {imageId});
        if (photo.empty()) {
            c.error = tr("Photo #%1 is no longer in the library.").arg(imageId);
            return c;
        }
        c.path = photo.front().path;
        c.faces = (*library)->facesInImage(imageId);
        auto decoded = ImageLoader::load(c.path, ImageLoader::Options{120'000'000, 4096});
        if (!decoded) {
            c.error = decoded.error();
            return c;
        }
        c.image = decoded->image;
        c.fullSize = decoded->fullSize;
        return c;
    }
    const std::optional<FaceRecord> face = (*library)->face(faceId);
    if (!face) {
        c.error = tr("Face #%1 is no longer in the library.").arg(faceId);
        return c;
    }
    // A detection that is not a face, shown on its own photo, is boxed with the faces.
    c.faces = (*library)->facesInImage(face->imageId, face->notFace);
    ImageLoader::Options options;
    options.workingMaxSide = 4096;
    auto photo = ImageLoader::load(face->path, options);
    if (!photo) {
        c.error = photo.error();
        c.faces = {*face};
        return c;
    }
    c.image = photo->image;
    c.fullSize = photo->fullSize;
    c.path = face->path;
    return c;
}

void PhotoViewer::present(const Content& content)
{
    m_loaded = true;
    const FaceRecord* chosen = nullptr;
    for (const FaceRecord& f : content.faces)
        if (f.id == m_faceId)
            chosen = &f;
    if (m_faceId < 0)
        setWindowTitle(QFileInfo(content.path).fileName());
    else if (chosen)
        setWindowTitle(tr("%1 — %2").arg(QFileInfo(chosen->path).fileName(), chosen->label.isEmpty()
                                                                                 ? tr("unlabelled")
                                                                                 : chosen->label));
    if (!content.error.isEmpty()) {
        m_caption->setText(tr("The photo cannot be shown: %1").arg(content.error));
        emit loaded();
        return;
    }
    m_scene->addPixmap(QPixmap::fromImage(content.image))
        ->setTransformationMode(Qt::SmoothTransformation);
    const double w = content.image.width(), h = content.image.height();
    const double pen = std::max(2.0, std::max(w, h) / 500.0);
    for (const FaceRecord& f : content.faces) {
        const bool selected = f.id == m_faceId;
        const QRectF r(f.box.x() * w, f.box.y() * h, f.box.width() * w, f.box.height() * h);
        auto* rect =
            m_scene->addRect(r, QPen(selected ? QColor(60, 200, 110) : QColor(255, 255, 255, 190),
                                     selected ? pen * 1.8 : pen));
        rect->setToolTip(f.label.isEmpty() ? tr("Unlabelled face #%1").arg(f.id) : f.label);
        if (!f.label.isEmpty()) {
            auto* text = m_scene->addSimpleText(f.label);
            QFont font = text->font();
            font.setPixelSize(int(std::max(12.0, r.width() / 6)));
            text->setFont(font);
            text->setBrush(selected ? QColor(60, 200, 110) : Qt::white);
            text->setPos(r.left(), r.bottom() + pen);
        }
        if (selected)
            m_focus = r;
        ++m_boxes;
    }
    m_scene->setSceneRect(QRectF(0, 0, w, h));
    m_caption->setText(chosen || m_faceId < 0
                           ? tr("%1 · %2 × %3 px · %4")
                                    .arg(content.path)
                                    .arg(content.fullSize.width())
                                    .arg(content.fullSize.height())
                                    .arg(plural(m_boxes, tr("face"), tr("faces")))
                              : QString());
    fit();
    emit loaded();
}

double PhotoViewer::zoom() const
{
    return m_view->transform().m11();
}

void PhotoViewer::zoomBy(double factor)
{
    const double next = std::clamp(zoom() * factor, 0.02, 16.0);
    m_view->setTransform(QTransform::fromScale(next, next));
    m_fitted = false;
}

void PhotoViewer::fit()
{
    if (m_scene->sceneRect().isEmpty())
        return;
    m_view->fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio);
    m_fitted = true;
}

void PhotoViewer::actualSize()
{
    m_view->setTransform(QTransform());
    if (!m_focus.isEmpty())
        m_view->centerOn(m_focus.center());
    m_fitted = false;
}

bool PhotoViewer::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Wheel) {
        const auto* wheel = static_cast<QWheelEvent*>(event);
        if (wheel->angleDelta().y() != 0)
            zoomBy(wheel->angleDelta().y() > 0 ? 1.2 : 1 / 1.2);
        return true;
    }
    if (watched == m_view->viewport() && event->type() == QEvent::Resize && m_fitted)
        fit();
    return QDialog::eventFilter(watched, event);
}

} // namespace lookalike::ui
