#include "photoreviewactions.h"
#include "messagesink.h"
#include "photogroupview.h"
#include "photoreviewcontroller.h"
#include <QAction>
#include <QFileInfo>
#include <QWidget>

namespace lookalike::ui {

PhotoReviewActions::PhotoReviewActions(PhotoReviewController* controller, PhotoGroupView* view,
                                       MessageSink& sink, QWidget* owner)
    : QObject(owner), m_controller(controller), m_view(view), m_sink(sink), m_owner(owner)
{
    m_keep = make(tr("Keep this one   K"), {Qt::Key_K},
                  tr("Keep the selected photo instead (or press its number, 1 to 9)"));
    connect(m_keep, &QAction::triggered, this, [this] { keepPhoto(m_view->selectedIndex()); });
    for (int n = 1; n <= 9; ++n)
        connect(make(QString(), {Qt::Key_0 + n}, QString()), &QAction::triggered, this,
                [this, n] { keepPhoto(n - 1); });
    m_trash = make(tr("Move the others to the trash   Del"), {Qt::Key_Delete},
                   tr("Every photo of this group but the one to keep goes to the trash "
                      "(Ctrl+Z puts them back)"));
    connect(m_trash, &QAction::triggered, m_controller, &PhotoReviewController::moveOthersToTrash);
    m_folder = make(tr("Move the others to a folder…   M"), {Qt::Key_M},
                    tr("Every photo of this group but the one to keep goes into a folder you "
                       "choose (Ctrl+Z puts them back)"));
    connect(m_folder, &QAction::triggered, this, &PhotoReviewActions::chooseFolder);
    m_notDuplicates = make(tr("Not duplicates   N"), {Qt::Key_N},
                           tr("These photos are not copies of each other: keep them all and "
                              "never show them together again"));
    connect(m_notDuplicates, &QAction::triggered, m_controller,
            &PhotoReviewController::markNotDuplicates);
    m_overlay = make(tr("Overlay   O"), {Qt::Key_O},
                     tr("Lay the selected photo over the one to keep, with a slider between them"));
    m_overlay->setCheckable(true);
    connect(m_overlay, &QAction::toggled, m_view, &PhotoGroupView::setOverlay);
    m_undo = make(tr("Undo   Ctrl+Z"), {QKeySequence::Undo},
                  tr("Undo the last action: the photos come back where they were"));
    connect(m_undo, &QAction::triggered, m_controller, &PhotoReviewController::undo);

    auto go = [this](int delta) {
        m_controller->setCurrentRow(m_controller->currentRow() + delta);
    };
    connect(make(QString(), {Qt::Key_Down, Qt::Key_PageDown}, QString()), &QAction::triggered, this,
            [go] { go(1); });
    connect(make(QString(), {Qt::Key_Up, Qt::Key_PageUp}, QString()), &QAction::triggered, this,
            [go] { go(-1); });
    connect(make(QString(), {Qt::Key_Right}, QString()), &QAction::triggered, m_view,
            [this] { m_view->selectNext(1); });
    connect(make(QString(), {Qt::Key_Left}, QString()), &QAction::triggered, m_view,
            [this] { m_view->selectNext(-1); });
    connect(make(QString(), {QKeySequence::Refresh}, QString()), &QAction::triggered, m_controller,
            &PhotoReviewController::refresh);
    update();
}

QAction* PhotoReviewActions::make(const QString& text, const QList<QKeySequence>& keys,
                                  const QString& tip)
{
    auto* action = new QAction(text, this);
    action->setShortcuts(keys);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    action->setToolTip(tip);
    m_owner->addAction(action);
    return action;
}

void PhotoReviewActions::keepPhoto(int index)
{
    const PhotoReviewGroup* group = m_controller->current();
    if (!group || index < 0 || index >= int(group->photos.size()))
        return;
    m_view->select(index);
    m_controller->setKeeper(group->photos[size_t(index)].imageId);
}

void PhotoReviewActions::chooseFolder()
{
    const PhotoReviewGroup* group = m_controller->current();
    if (!group || m_controller->isBusy())
        return;
    const QString start =
        m_lastFolder.isEmpty()
            ? QFileInfo(QFileInfo(group->photos.front().path).absolutePath()).absolutePath()
            : m_lastFolder;
    const QString folder = m_sink.chooseFolder(tr("Move the other photos to"), start);
    if (folder.isEmpty())
        return;
    m_lastFolder = folder;
    m_controller->moveOthersToFolder(folder);
}

void PhotoReviewActions::update()
{
    const bool group = m_controller->current() && !m_controller->isBusy();
    for (QAction* a : {m_keep, m_trash, m_folder, m_notDuplicates})
        a->setEnabled(group);
    m_overlay->setEnabled(m_controller->current() && m_controller->current()->photos.size() >= 2);
    m_undo->setEnabled(m_controller->canUndo() && !m_controller->isBusy());
}

} // namespace lookalike::ui
