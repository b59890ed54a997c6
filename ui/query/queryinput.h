#pragma once
// Where query photos come from: File > Query image (Ctrl+O), the clipboard (Ctrl+V: an image,
// or photo files or a path copied in a file manager), and photos dropped on the window.
// Each becomes a QuerySession query, or a message saying why not.
#include <QObject>
#include <QStringList>

class QDropEvent;
class QMimeData;

namespace lookalike::ui {

class MessageSink;
class QuerySession;
class Settings;

class QueryInput : public QObject {
    Q_OBJECT
public:
    QueryInput(QuerySession* session, Settings* settings, MessageSink* sink, QObject* parent = nullptr);

    void setLibraryPath(const QString& path) { m_libraryPath = path; }
    void chooseImage();
    void queryFiles(const QStringList& paths);
    void paste();
    // Drops: whether `mime` holds a photo to query, and querying it.
    static bool accepts(const QMimeData* mime);
    bool drop(const QMimeData* mime);

private:
    QuerySession* m_session;
    Settings* m_settings;
    MessageSink* m_sink;
    QString m_libraryPath;
};

} // namespace lookalike::ui
