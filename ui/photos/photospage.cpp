#include "photospage.h"
#include <QIcon>
#include "gridtitle.h"
#include "photogridmodel.h"
#include "photogridview.h"
#include "photolibrary.h"
#include "photomatchmodel.h"
#include "photoqueryservice.h"
#include "photoquerysession.h"
#include "photoqueryview.h"
#include "photoviewer.h"
#include "plural.h"
#include "thumbnailcache.h"
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QItemSelectionModel>
#include <QMenu>
#include <QStackedWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace lookalike::ui {

PhotosPage::PhotosPage(ThumbnailCache* thumbnails, QWidget* parent)
    : QWidget(parent), m_thumbnails(thumbnails), m_photos(new PhotoLibrary(this)),
      m_model(new PhotoGridModel(thumbnails, this)), m_grid(new PhotoGridView(this)),
      m_header(new QLabel(this)), m_queryService(new PhotoQueryService(this)),
      m_query(new PhotoQuerySession(m_queryService, nullptr, this)),
      m_queryView(new PhotoQueryView(m_query, thumbnails, this)), m_pages(new QStackedWidget(this)),
      m_findSimilar(new QAction(tr("Find &similar photos"), this)),
      m_trash(new QAction(QIcon::fromTheme(QStringLiteral("user-trash")), tr("Move to &Trash"), this))
{
    styleGridTitle(m_header);
    m_grid->setModel(m_model);
    m_grid->setThumbnailCache(thumbnails);
    m_pages->addWidget(m_grid);
    m_pages->addWidget(m_queryView);
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(m_header);
    column->addWidget(m_pages, 1);
    setFocusProxy(m_grid);

    m_findSimilar->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_findSimilar->setShortcutContext(Qt::WidgetWithChildrenShortcut); // the grid's own key
    m_findSimilar->setToolTip(tr("Duplicates of this photo and photos that look like it"));
    m_grid->addAction(m_findSimilar);
    m_queryView->grid()->addAction(m_findSimilar); // from a result: a query with it
    m_trash->setShortcut(QKeySequence::Delete);
    m_trash->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_trash->setToolTip(tr("Move the selected photos to the trash and out of the library (Ctrl+Z puts "
                           "them back)"));
    m_grid->addAction(m_trash);
    m_queryView->grid()->addAction(m_trash);
    connect(m_trash, &QAction::triggered, this, [this] {
        const std::vector<qint64> ids = (isQueryShown() ? m_queryView->grid() : m_grid)->selectedPhotoIds();
        if (!ids.empty())
            emit trashRequested(ids);
    });
    connect(m_findSimilar, &QAction::triggered, this,
            [this] { findSimilar(isQueryShown() ? m_queryView->grid() : m_grid); });
    connect(m_query, &PhotoQuerySession::activeChanged, this, &PhotosPage::queryActiveChanged);
    connect(m_query, &PhotoQuerySession::resultChanged, this, &PhotosPage::showTitle);
    connect(m_query, &PhotoQuerySession::lookAlikesChanged, this, &PhotosPage::showTitle);
    connect(m_queryView, &PhotoQueryView::closeRequested, this, &PhotosPage::closeQuery);
    connect(m_queryView, &PhotoQueryView::similarFacesRequested, this,
            &PhotosPage::similarFacesRequested);
    PhotoGridView* results = m_queryView->grid();
    connect(results, &PhotoGridView::photoActivated, this, &PhotosPage::openPhoto);
    connect(results, &PhotoGridView::zoomRequested, this, &PhotosPage::zoomRequested);
    connect(results, &QWidget::customContextMenuRequested, this,
            [this, results](const QPoint& pos) { contextMenu(results, pos); });

    connect(m_photos, &PhotoLibrary::changed, this, &PhotosPage::photosChanged);
    connect(m_photos, &PhotoLibrary::loadFailed, this, [this](const QString& error) {
        m_grid->setEmptyText(tr("The photos cannot be read: %1").arg(error));
    });
    connect(m_grid, &PhotoGridView::photoActivated, this, &PhotosPage::openPhoto);
    connect(m_grid, &PhotoGridView::zoomRequested, this, &PhotosPage::zoomRequested);
    connect(m_grid, &QWidget::customContextMenuRequested, this,
            [this](const QPoint& pos) { contextMenu(m_grid, pos); });
    photosChanged();
}

void PhotosPage::setLibrary(const QString& libraryPath)
{
    m_libraryPath = libraryPath;
    m_wanted = -1;
    m_thumbnails->setLibrary(libraryPath);
    m_query->clear();
    m_queryService->setLibrary(libraryPath);
    m_photos->open(libraryPath);
}

void PhotosPage::modelsChanged()
{
    m_queryService->libraryChanged();
}

void PhotosPage::reload()
{
    m_queryService->libraryChanged();
    m_photos->reload();
}

void PhotosPage::setThumbnailSide(int side)
{
    m_thumbnails->setSide(int(side * devicePixelRatioF()));
    m_grid->setThumbnailSide(side);
    m_queryView->grid()->setThumbnailSide(side);
}

QString PhotosPage::title() const
{
    return m_header->text();
}

bool PhotosPage::isBusy() const
{
    return m_photos->isLoading() || !m_thumbnails->isIdle() || m_query->isBusy();
}

void PhotosPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (std::exchange(m_stale, false))
        photosChanged();
}

void PhotosPage::photosChanged()
{
    if (!isVisible() && m_photos->photos().size() > kLazyPhotos) {
        m_stale = true;
        return;
    }
    const qint64 current = m_grid->currentPhotoId();
    m_model->setPhotos(m_photos->photos());
    if (m_wanted > 0 && m_model->rowOf(m_wanted) >= 0)
        showPhoto(std::exchange(m_wanted, -1));
    else if (const int row = m_model->rowOf(current); row >= 0)
        m_grid->setCurrentIndex(m_model->index(row));
    showTitle();
    m_grid->setEmptyText(m_libraryPath.isEmpty()   ? QString()
                         : !m_photos->isLoaded()   ? tr("Loading…")
                                                   : tr("This library has no photos yet. Import a "
                                                        "folder with File ▸ New library from "
                                                        "folder (Ctrl+N)."));
}

void PhotosPage::setModels(const ModelRegistry& registry)
{
    m_queryService->setModels(registry);
}

void PhotosPage::showTitle()
{
    if (m_query->isActive()) {
        const PhotoQueryResult& r = m_query->result();
        const QString name = m_query->queueLength() > 1 ? tr("%1 (%2 of %3)")
                                                              .arg(r.name)
                                                              .arg(m_query->position() + 1)
                                                              .arg(m_query->queueLength())
                                                        : r.name;
        m_header->setText(m_query->isBusy() ? tr("Searching…")
                          : !r.error.isEmpty()
                              ? tr("Photos like %1").arg(name)
                          : r.objectsSearched
                              ? tr("Photos like %1 — %2, %3, %4")
                                    .arg(name,
                                         plural(qint64(m_query->duplicates().size()),
                                                tr("duplicate"), tr("duplicates")),
                                         plural(qint64(m_query->sameObject().size()),
                                                tr("photo of the same object"), tr("photos of the same object")),
                                         plural(qint64(m_query->lookAlikes().size()),
                                                tr("look-alike"), tr("look-alikes")))
                              : tr("Photos like %1 — %2, %3")
                                    .arg(name,
                                         plural(qint64(m_query->duplicates().size()),
                                                tr("duplicate"), tr("duplicates")),
                                         plural(qint64(m_query->lookAlikes().size()),
                                                tr("look-alike"), tr("look-alikes"))));
        return;
    }
    m_header->setText(
        m_libraryPath.isEmpty()
            ? tr("Photos")
            : tr("Photos — %1 in %2")
                  .arg(plural(m_model->photoCount(), tr("photo"), tr("photos")),
                       plural(m_model->folderCount(), tr("folder"), tr("folders"))));
}

bool PhotosPage::isQueryShown() const
{
    return m_pages->currentWidget() == m_queryView;
}

void PhotosPage::closeQuery()
{
    m_query->clear();
}

void PhotosPage::queryActiveChanged(bool active)
{
    m_pages->setCurrentWidget(active ? static_cast<QWidget*>(m_queryView) : m_grid);
    setFocusProxy(active ? static_cast<QWidget*>(m_queryView->grid()) : m_grid);
    showTitle();
    if (isVisible())
        setFocus();
}

void PhotosPage::findSimilar(PhotoGridView* view)
{
    if (const qint64 id = view->currentPhotoId(); id > 0)
        m_query->queryPhoto(id);
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

void PhotosPage::contextMenu(PhotoGridView* view, const QPoint& pos)
{
    const QModelIndex index = view->indexAt(pos);
    const qint64 id = index.data(PhotoGridModel::PhotoIdRole).toLongLong();
    if (id <= 0)
        return; // a header, or no tile there
    if (!view->selectionModel()->isSelected(index))
        view->setCurrentIndex(index);
    const QString path = index.data(PhotoGridModel::PathRole).toString();
    QMenu menu(this);
    menu.addAction(tr("&Open photo"), this, [this, id] { openPhoto(id); });
    QAction* similar =
        menu.addAction(m_findSimilar->text(), this, [this, view] { findSimilar(view); });
    similar->setShortcut(m_findSimilar->shortcut());
    menu.addAction(tr("Show in &folder"), this, [path] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
    });
    menu.addAction(tr("&Copy path"), this,
                   [path] { QApplication::clipboard()->setText(QDir::toNativeSeparators(path)); });
    menu.addSeparator();
    QAction* trash = menu.addAction(m_trash->icon(), m_trash->text(), this, [this, view] {
        if (const std::vector<qint64> ids = view->selectedPhotoIds(); !ids.empty())
            emit trashRequested(ids);
    });
    trash->setShortcut(m_trash->shortcut());
    menu.exec(view->viewport()->mapToGlobal(pos));
}

} // namespace lookalike::ui
