#pragma once
// Where query photos come from: File > Query image (Ctrl+O), the clipboard (Ctrl+V: an image,
// or photo files or a path copied in a file manager), and photos dropped on the window.
// Each becomes a QuerySession query (faces), or in Photos mode a PhotoQuerySession query
// (whole photos), or a message saying why not. Several photos at once each become a query of
// their own, in line (Alt+Left, Alt+Right); files that are not photos are named, not dropped
// silently.
#include <QObject>
#include <QStringList>

class QDropEvent;
class QMimeData;

namespace lookalike::ui {

class MessageSink;
class PhotoQuerySession;
class QuerySession;
class Settings;

class QueryInput : public QObject {
    Q_OBJECT
public:
    QueryInput(QuerySession* session, Settings* settings, MessageSink* sink, QObject* parent = nullptr);

    void setLibraryPath(const QString& path) { m_libraryPath = path; }
    // Photos mode: queries go to `photos` instead of the face session.
    void setPhotoQuery(PhotoQuerySession* photos) { m_photos = photos; }
    void setPhotoMode(bool on) { m_photoMode = on; }
    void chooseImage();
    void queryFiles(const QStringList& paths);
    void paste();
    // Drops: whether `mime` holds a photo to query, and querying it.
    static bool accepts(const QMimeData* mime);
    bool drop(const QMimeData* mime);

signals:
    // For the status bar: what became of several photos, and what was left out.
    void message(const QString& text);

private:
    // `leftOut`: files given with them that are not photos, named in the message.
    void queryFiles(const QStringList& paths, const QStringList& leftOut);

    void queryImage(const QImage& image, const QString& name);

    QuerySession* m_session;
    PhotoQuerySession* m_photos = nullptr;
    bool m_photoMode = false;
    Settings* m_settings;
    MessageSink* m_sink;
    QString m_libraryPath;
};

} // namespace lookalike::ui
