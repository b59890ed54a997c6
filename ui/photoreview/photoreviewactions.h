#pragma once
// The duplicate photos review's actions with their single keys: K keeps the selected photo,
// 1-9 keep that photo, Delete moves the others to the trash, M moves them into a folder, N
// says "not duplicates", O lays two photos over each other, Ctrl+Z undoes; Left and Right
// select a photo, Up and Down (Page Up, Page Down) go to another group, F5 looks again.
// Disabled while a change runs. Shortcuts work while focus is inside `owner`.
#include <QObject>

class QAction;
class QWidget;

namespace lookalike::ui {

class MessageSink;
class PhotoGroupView;
class PhotoReviewController;

class PhotoReviewActions : public QObject {
    Q_OBJECT
public:
    PhotoReviewActions(PhotoReviewController* controller, PhotoGroupView* view, MessageSink& sink,
                       QWidget* owner);

    QAction* keep() const { return m_keep; }
    QAction* trash() const { return m_trash; }
    QAction* toFolder() const { return m_folder; }
    QAction* notDuplicates() const { return m_notDuplicates; }
    QAction* overlay() const { return m_overlay; }
    QAction* undo() const { return m_undo; }
    // Enabled states for the current group.
    void update();

private:
    QAction* make(const QString& text, const QList<QKeySequence>& keys, const QString& tip);
    void keepPhoto(int index);
    void chooseFolder();

    PhotoReviewController* m_controller;
    PhotoGroupView* m_view;
    MessageSink& m_sink;
    QWidget* m_owner;
    QAction* m_keep;
    QAction* m_trash;
    QAction* m_folder;
    QAction* m_notDuplicates;
    QAction* m_overlay;
    QAction* m_undo;
    QString m_lastFolder;
};

} // namespace lookalike::ui
