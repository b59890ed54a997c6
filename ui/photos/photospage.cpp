#include "photospage.h"
#include "gridtitle.h"
#include "photogridmodel.h"
#include "photogridview.h"
#include "photolibrary.h"
#include "photoviewer.h"
#include "plural.h"
#include "thumbnailcache.h"
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QItemSelectionModel>
#include <QMenu>
#include <QUrl>
#include <QVBoxLayout>

namespace lookalike::ui {

PhotosPage::PhotosPage(ThumbnailCache* thumbnails, QWidget* parent)
    : QWidget(parent), m_thumbnails(thumbnails), m_photos(new PhotoLibrary(this)),
      m_model(new PhotoGridModel(thumbnails, this)), m_grid(new PhotoGridView(this)),
      m_header(new QLabel(this))
{
    styleGridTitle(m_header);
    m_grid->setModel(m_model);
    m_grid->setThumbnailCache(thumbnails);
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(m_header);
    column->addWidget(m_grid, 1);

    connect(m_photos, &PhotoLibrary::changed, this, &PhotosPage::photosChanged);
    connect(m_photos, &PhotoLibrary::loadFailed, this, [this](const QString& error) {
        m_grid->setEmptyText(tr("The photos cannot be read: %1").arg(error));
    });
    connect(m_grid, &PhotoGridView::photoActivated, this, &PhotosPage::openPhoto);
    connect(m_grid, &PhotoGridView::zoomRequested, this, &PhotosPage::zoomRequested);
    connect(m_grid, &QWidget::customContextMenuRequested, this, &PhotosPage::contextMenu);
    photosChanged();
}

void PhotosPage::setLibrary(const QString& libraryPath)
{
    m_libraryPath = libraryPath;
    m_wanted = -1;
    m_thumbnails->setLibrary(libraryPath);
    m_photos->open(libraryPath);
}

void PhotosPage::reload()
{
    m_photos->reload();
}

void PhotosPage::setThumbnailSide(int side)
{
    m_thumbnails->setSide(int(side * devicePixelRatioF()));
    m_grid->setThumbnailSide(side);
}

QString PhotosPage::title() const
{
    return m_header->text();
}

bool PhotosPage::isBusy() const
{
    return m_photos->isLoading() || !m_thumbnails->isIdle();
}

void PhotosPage::photosChanged()
{
    const qint64 current = m_grid->currentPhotoId();
    m_model->setPhotos(m_photos->photos());
    if (m_wanted > 0 && m_model->rowOf(m_wanted) >= 0)
        showPhoto(std::exchange(m_wanted, -1));
    else if (const int row = m_model->rowOf(current); row >= 0)
        m_grid->setCurrentIndex(m_model->index(row));
    m_header->setText(
        m_libraryPath.isEmpty()
            ? tr("Photos")
            : tr("Photos — %1 in %2")
                  .arg(plural(m_model->photoCount(), tr("photo"), tr("photos")),
                       plural(m_model->folderCount(), tr("folder"), tr("folders"))));
    m_grid->setEmptyText(m_libraryPath.isEmpty()   ? QString()
                         : !m_photos->isLoaded()   ? tr("Loading…")
                                                   : tr("This library has no photos yet. Import a "
                                                        "folder with File ▸ New library from "
                                                        "folder (Ctrl+N)."));
}

void PhotosPage::showPhoto(qint64 photoId)
{
    const int row = m_model->rowOf(photoId);
    if (row < 0) {
        m_wanted = photoId;
        return;
    }
    const QModelIndex index = m_model->index(row);
    m_grid->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_grid->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void PhotosPage::openPhoto(qint64 photoId)
{
    if (photoId <= 0 || m_libraryPath.isEmpty())
        return;
    auto* viewer = new PhotoViewer(m_libraryPath, PhotoViewer::ImageId{photoId}, window());
    viewer->setAttribute(Qt::WA_DeleteOnClose);
    viewer->show();
}

void PhotosPage::contextMenu(const QPoint& pos)
{
    const QModelIndex index = m_grid->indexAt(pos);
    const PhotoInfo* photo = m_model->photo(index.row());
    if (!photo)
        return;
    if (!m_grid->selectionModel()->isSelected(index))
        m_grid->setCurrentIndex(index);
    const qint64 id = photo->id;
    const QString path = photo->path;
    QMenu menu(this);
    menu.addAction(tr("&Open photo"), this, [this, id] { openPhoto(id); });
    menu.addAction(tr("Show in &folder"), this, [path] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
    });
    menu.addAction(tr("&Copy path"), this,
                   [path] { QApplication::clipboard()->setText(QDir::toNativeSeparators(path)); });
    menu.exec(m_grid->viewport()->mapToGlobal(pos));
}

} // namespace lookalike::ui
