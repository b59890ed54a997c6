#include "faceactions.h"
#include "facecatalog.h"
#include "facegridview.h"
#include "labelediting.h"
#include "messagesink.h"
#include "photoviewer.h"
#include "querysession.h"
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QFileInfo>
#include <QMenu>
#include <QUrl>

namespace lookalike::ui {

FaceActions::FaceActions(FaceGridView* grid, FaceCatalog* catalog, QuerySession* session,
                         MessageSink* sink, QWidget* window)
    : QObject(window), m_grid(grid), m_selection(grid), m_catalog(catalog), m_session(session), m_sink(sink),
      m_window(window)
{
    m_showPhoto = new QAction(tr("Show &photo"), this);
    m_showPhoto->setShortcut(Qt::Key_Space);
    m_showPhoto->setToolTip(tr("Open the photo with every face marked (Enter, double-click)"));
    m_findSimilar = new QAction(tr("&Find similar faces"), this);
    m_findSimilar->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_inPhotos = new QAction(tr("P&hotos with this face"), this);
    m_inPhotos->setToolTip(tr("Switch to Photos (Ctrl+2) at the photo this face is in"));
    m_setLabel = new QAction(tr("Set &label…"), this);
    m_setLabel->setShortcut(Qt::Key_F2);
    m_notFace = new QAction(tr("&Not a face"), this);
    m_notFace->setShortcut(Qt::Key_Delete);
    m_notFace->setToolTip(tr("Set the selected detections aside as not faces (a pet, food, a "
                             "pattern): nothing is deleted, Ctrl+Z brings them back"));
    m_isFace = new QAction(tr("It &is a face"), this);
    m_isFace->setShortcut(Qt::Key_Insert);
    m_isFace->setToolTip(tr("Bring the selected detections back as faces"));
    m_openFolder = new QAction(tr("Open containing f&older"), this);
    m_openFolder->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    m_copyPath = new QAction(tr("&Copy path"), this);
    m_copyPath->setShortcut(QKeySequence::Copy);
    for (QAction* a :
         {m_showPhoto, m_findSimilar, m_inPhotos, m_setLabel, m_notFace, m_isFace, m_openFolder,
          m_copyPath}) {
        // Only while the grid has focus, so that Space and Ctrl+C keep working elsewhere.
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_grid->addAction(a);
    }
    connect(m_showPhoto, &QAction::triggered, this, [this] { showPhoto(m_selection->currentFaceId()); });
    connect(m_findSimilar, &QAction::triggered, this, &FaceActions::findSimilar);
    connect(m_inPhotos, &QAction::triggered, this, &FaceActions::showInPhotos);
    connect(m_setLabel, &QAction::triggered, this, &FaceActions::setLabel);
    connect(m_notFace, &QAction::triggered, this, &FaceActions::markNotFaces);
    connect(m_isFace, &QAction::triggered, this, &FaceActions::markFaces);
    connect(m_openFolder, &QAction::triggered, this, &FaceActions::openContainingFolder);
    connect(m_copyPath, &QAction::triggered, this, &FaceActions::copyPaths);
    updateEnabled();
}

void FaceActions::setSelection(FaceSelection* selection)
{
    m_selection = selection ? selection : m_grid;
    updateEnabled();
}

void FaceActions::addTo(QMenu* menu) const
{
    menu->addAction(m_showPhoto);
    menu->addAction(m_findSimilar);
    menu->addAction(m_inPhotos);
    menu->addSeparator();
    menu->addAction(m_setLabel);
    menu->addAction(m_notFace);
    menu->addAction(m_isFace);
    menu->addSeparator();
    menu->addAction(m_openFolder);
    menu->addAction(m_copyPath);
}

void FaceActions::updateEnabled()
{
    const auto selected = m_selection->selectedFaceIds();
    const bool any = !selected.empty();
    m_showPhoto->setEnabled(any || m_selection->currentFaceId() >= 0);
    m_inPhotos->setEnabled(any || m_selection->currentFaceId() >= 0);
    m_findSimilar->setEnabled(any);
    m_setLabel->setEnabled(any);
    const qint64 hidden = qint64(selectedWhere(true).size());
    m_notFace->setEnabled(m_editing && qint64(selected.size()) > hidden);
    m_isFace->setEnabled(m_editing && hidden > 0);
    m_openFolder->setEnabled(any);
    m_copyPath->setEnabled(any);
    m_setLabel->setText(selected.size() > 1 ? tr("Set &label of %1 faces…").arg(selected.size())
                                            : tr("Set &label…"));
}

void FaceActions::showInPhotos()
{
    const qint64 faceId = m_selection->currentFaceId();
    if (const FaceInfo* face = faceId >= 0 ? m_catalog->find(faceId) : nullptr)
        emit photoRequested(face->imageId);
}

void FaceActions::showPhoto(qint64 faceId)
{
    if (faceId < 0 || m_libraryPath.isEmpty())
        return;
    auto* viewer = new PhotoViewer(m_libraryPath, faceId, m_window);
    viewer->setAttribute(Qt::WA_DeleteOnClose);
    viewer->show();
}

void FaceActions::findSimilar()
{
    const auto ids = m_selection->selectedFaceIds();
    if (!ids.empty())
        m_session->queryFace(ids.front());
}

void FaceActions::setLabel()
{
    const auto ids = m_selection->selectedFaceIds();
    if (ids.empty())
        return;
    const FaceInfo* first = m_catalog->find(ids.front());
    const auto answer = m_sink->askText(
        tr("Set label"),
        ids.size() == 1 ? tr("Label of this face (empty to clear):")
                        : tr("Label of the %1 selected faces (empty to clear):").arg(ids.size()),
        first ? first->label : QString(), m_catalog->labels());
    if (answer)
        applyLabel(ids, answer->trimmed());
}

void FaceActions::applyLabel(const std::vector<qint64>& faceIds, const QString& label)
{
    if (m_editing)
        m_editing->relabel(faceIds, label);
}

std::vector<qint64> FaceActions::selectedWhere(bool hidden) const
{
    std::vector<qint64> out;
    for (qint64 id : m_grid->selectedFaceIds())
        if (const FaceInfo* info = m_catalog->find(id); info && info->notFace == hidden)
            out.push_back(id);
    return out;
}

void FaceActions::markNotFaces()
{
    if (m_editing)
        m_editing->markFaces(selectedWhere(false), false);
}

void FaceActions::markFaces()
{
    if (m_editing)
        m_editing->markFaces(selectedWhere(true), true);
}

QStringList FaceActions::selectedPaths() const
{
    QStringList paths;
    for (qint64 id : m_selection->selectedFaceIds())
        if (const FaceInfo* info = m_catalog->find(id))
            paths << info->path;
    paths.removeDuplicates();
    return paths;
}

void FaceActions::openContainingFolder()
{
    const QStringList paths = selectedPaths();
    if (paths.isEmpty())
        return;
    const QString folder = QFileInfo(paths.front()).absolutePath();
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(folder)))
        m_sink->warning(tr("Open containing folder"),
                        tr("No file manager could open %1.").arg(folder));
}

void FaceActions::copyPaths()
{
    const QStringList paths = selectedPaths();
    if (!paths.isEmpty())
        QApplication::clipboard()->setText(paths.join(QLatin1Char('\n')));
}

} // namespace lookalike::ui
