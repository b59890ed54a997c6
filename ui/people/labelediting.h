#pragma once
// Label changes made in the main window, each one the user's decision: filing faces under a
// label (Set label, drops on the sidebar), renaming and merging labels, naming, merging and
// splitting suggested people, confirming and rejecting suggestions, and undo of any of them.
//
// Every change goes through LabelEditor, so it is journalled and undoable, and in libraries
// imported with subfolder labels it moves the photos when "Move photos with their labels" is
// on; a photo that also shows other people is moved only after asking. Changes run on one
// background thread, one at a time, in the order asked; the GUI thread never waits. After a
// change the suggested people (FaceClusterer) and the suggestions are brought up to date, the
// catalog reloads, and libraryChanged() tells the window.
#include "faceclusterer.h"
#include "labeleditor.h"
#include <QFuture>
#include <QThreadPool>
#include <QObject>
#include <QString>
#include <deque>
#include <functional>
#include <atomic>
#include <map>
#include <memory>
#include <vector>

namespace lookalike {
class Library;
} // namespace lookalike

namespace lookalike::ui {

class FaceCatalog;
class MessageSink;

class LabelEditing : public QObject {
    Q_OBJECT
public:
    LabelEditing(FaceCatalog* catalog, MessageSink* sink, QObject* parent = nullptr);
    ~LabelEditing() override; // waits for the running change: it is the user's work

    // The library to edit (empty: none). Reads its undo stack and suggestions, and finds
    // people in it when that was never done.
    void setLibrary(const QString& path);
    // Something else changed the library (an import, the review screen): bring the undo
    // stack, the suggestions and, with `findPeople`, the suggested people up to date.
    void refresh(bool findPeople);

    void setMoveFiles(bool on) { m_moveFiles = on; }
    bool moveFiles() const { return m_moveFiles; }

    // Files `faces` under `label` (empty: removes their label).
    void relabel(const std::vector<qint64>& faces, const QString& label);
    // Every face of `from` gets `to`: a rename, or a merge when `to` exists.
    void renameLabel(const QString& from, const QString& to);
    void namePerson(int person, const QString& name);
    // The two suggested people are one: remembered as "same person" decisions.
    void mergePersons(int person, int into);
    // `faces` (unlabelled ones) belong to `person`: remembered as "same person" decisions.
    void addToPerson(const std::vector<qint64>& faces, int person);
    // `faces` are not the rest of `person`: remembered as "different" decisions.
    void splitOff(const std::vector<qint64>& faces, int person);
    // `faces` are faces (isFace) or not: detections that are not faces leave people,
    // suggestions, reviews and searches; those marked faces come back. People are found again.
    void markFaces(const std::vector<qint64>& faces, bool isFace);
    // Photos (image ids) to the trash or a folder and out of the library, as one undoable step.
    void removePhotos(const std::vector<qint64>& photos, const PhotoRemoval& removal);
    void confirmSuggestions(const std::vector<qint64>& faces);
    void rejectSuggestions(const std::vector<qint64>& faces);
    // Finds the suggested people again: minutes at 1,000,000 faces, with peopleProgress()
    // and cancelFindPeople().
    void findPeople();
    // Stops a running Find people: the suggested people stay as they were.
    void cancelFindPeople();
    void undo();

    bool isBusy() const { return m_running; }
    bool isIdle() const { return !m_running && m_queue.empty(); } // nothing running or waiting
    bool canUndo() const { return !m_undoText.isEmpty(); }
    QString undoText() const { return m_undoText; } // what undo() would revert

    // What one change did, on the worker thread; handed to the GUI thread when done.
    struct Outcome {
        QString error;
        QString message;        // for the status bar
        QStringList notices;    // renamed files, photos left in place: shown to the user
        QStringList questions;  // photos that also show other people, not yet moved
        bool changed = false;   // labels, paths or decisions changed
        QString undoText;
        std::vector<LabelSuggestion> suggestions;
        qint64 focusFace = 0;   // a face whose suggested person the window should show
        LabelEditor::LabelGroups relabelled; // labels changed and nothing else: label -> faces
        std::vector<qint64> updated; // or: faces whose labels or people changed, read again
        bool recluster = false;      // the change asks for people to be found again
        bool reclustered = false;
        bool cancelled = false;      // finding people was cancelled
    };

signals:
    void busyChanged(bool busy);
    void undoChanged();
    // The library changed; `focusFace` (0: none) names a face whose person to show.
    void libraryChanged(qint64 focusFace);
    // Photos moved, removed or back (not emitted for a change of labels alone).
    void photosChanged();
    void message(const QString& text);
    // Finding people (FaceClusterer::recluster) started when asked for (findPeople(); not the
    // people found after an import), went on (fraction 0..1) and ended, with a line saying how.
    void peopleSearchStarted();
    void peopleProgress(double fraction);
    void peopleSearchFinished(const QString& summary);

private:
    using Work = std::function<Outcome(Library&, LabelEditor&)>;
    using Then = std::function<void(const Outcome&)>;
    struct Job {
        QString title;
        Work work;
        bool recluster = false; // find people again afterwards
        Then then;
        bool quiet = false;     // a refresh: failures are logged, the catalog reports them
        bool people = false;    // finds people (when asked) and the suggestions, nothing else
    };
    void run(const QString& title, Work work, bool recluster = false, Then then = {}, bool first = false);
    // A job with no change of its own: what runs after every change (recovery, people,
    // suggestions, the undo stack) is the point.
    static Work nothing()
    {
        return [](Library&, LabelEditor&) { return Outcome{}; };
    }
    // After every change, as a job of its own: the change reaches the grid at once, and the
    // suggestions (a scan of every vector: seconds at 1,000,000 faces) follow. One waits at
    // most; a change queued behind it goes first.
    void queuePeople(bool recluster, const QString& title, bool quiet);
    void pump();
    void finish(const Job& job, Outcome outcome);
    void finishChange(const Job& job, const Outcome& outcome);
    void finishPeople(const Job& job, Outcome& outcome);
    // Files each group's faces under its label as one step, or merges label `mergeFrom` into
    // the one group's label; asks first about photos that also show other people, then runs
    // again with the answer (moveOthers: -1 ask, 0 leave them, 1 move them).
    void file(const QString& title, const LabelEditor::LabelGroups& groups, const QString& mergeFrom,
              int moveOthers);

    // Records "same" (1) or "different" (0) between faces as one step, then finds people again.
    void decidePeople(const QString& what, std::vector<std::pair<qint64, qint64>> pairs, int verdict,
                      qint64 focus);
    // The faces among `faces` that have a suggestion, by the suggested label.
    std::map<QString, std::vector<qint64>> bySuggestedLabel(const std::vector<qint64>& faces) const;

    // Cosine to a person's centroid from which a face is suggested as that person: faces of
    // the person score about 0.5-0.75 on the test photos, other people below 0.3.
    static constexpr float kSuggestionThreshold = 0.40f;

    FaceCatalog* m_catalog;
    MessageSink* m_sink;
    QString m_path;
    bool m_moveFiles = true;
    std::deque<Job> m_queue;
    bool m_running = false;
    QString m_undoText;
    // Changes run here, never on QThreadPool::globalInstance(): Qt 6.4's raster engine splits
    // large fills over the global pool and waits for them, so work holding its threads for
    // seconds stalled the window's painting for hundreds of ms at a time.
    QThreadPool m_pool;
    QFuture<Outcome> m_future; // the running change
    std::shared_ptr<std::atomic_bool> m_cancelPeople; // set while people are being found
    quint64 m_generation = 0; // bumped by setLibrary: results for another library are dropped
};

} // namespace lookalike::ui
