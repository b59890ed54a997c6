#include "labelediting.h"
#include "database.h"
#include "facecatalog.h"
#include "futurewatch.h"
#include "labeleditor.h"
#include "library.h"
#include "messagesink.h"
#include "plural.h"
#include <QFuture>
#include <QLoggingCategory>
#include <QPointer>
#include <QtConcurrent>
#include <map>

Q_LOGGING_CATEGORY(lcEditing, "lookalike.ui.editing")

namespace lookalike::ui {

namespace {

// Decisions between two groups of faces are at most this many pairs: a split of a large
// person records each split face against an even sample of the rest.
constexpr size_t kMaxPairs = 200000;

// Above this many unlabelled faces, people are found only when the user asks.
constexpr qint64 kAutoPeopleFaces = 250000;

// The parts of an EditReport the user must hear about, and a one-line summary.
void describe(const EditReport& report, const QString& what, LabelEditing::Outcome& out)
{
    out.changed = report.batchId != 0;
    QString line = what;
    if (!report.moved.empty())
        line += QCoreApplication::translate("LabelEditing", "; %1 moved")
                    .arg(plural(qint64(report.moved.size()), QCoreApplication::translate("LabelEditing", "photo"),
                                QCoreApplication::translate("LabelEditing", "photos")));
    out.message = line;
    for (const EditReport::Move& m : report.moved)
        if (m.renamed)
            out.notices << QCoreApplication::translate("LabelEditing", "%1 was saved as %2: a file of that name "
                                                                       "was already there.")
                               .arg(m.from, m.to);
    for (const EditReport::Skip& s : report.notMoved)
        out.notices << QCoreApplication::translate("LabelEditing", "%1 stays where it is: %2.").arg(s.path, s.reason);
}

Expected<qint64> faceOfLabel(LabelEditor& editor, const QString& label)
{
    const std::vector<qint64> faces = editor.facesLabelled(label);
    if (faces.empty())
        return Error{QStringLiteral("no face is labelled %1").arg(label)};
    return faces.front();
}

// On the worker, after a change: finds people again when asked (or never done before) and
// the suggestions, each streaming the vectors from the library (never all of them as floats:
// 2 GB at 1,000,000 faces). A failure here leaves the change done.
void updatePeople(Library& library, bool recluster, float threshold, LabelEditing::Outcome& out,
                  const FaceClusterer::Options& options)
{
    const QString model = library.defaultModel();
    if (model.isEmpty())
        return;
    if (!recluster && FaceClusterer::neverClustered(library)) {
        // Found on their own only in a library of a modest size: at 1,000,000 faces it takes
        // minutes and 1.9 GB beside the window's own, so the user starts it (Find people).
        Statement q = library.database().prepare(
            "SELECT count(*) FROM items WHERE kind = 0 AND label_id IS NULL AND not_face = 0");
        const qint64 unlabelled = q.next() ? q.integer(0) : 0;
        recluster = unlabelled <= kAutoPeopleFaces;
        if (!recluster)
            out.message = LabelEditing::tr("%1: People > Find people again (Ctrl+Shift+P) groups them into suggested people, in minutes")
                              .arg(plural(unlabelled, LabelEditing::tr("unlabelled face"),
                                          LabelEditing::tr("unlabelled faces")));
    }
    if (recluster) {
        out.reclustered = true;
        out.changed = true;
        auto people = FaceClusterer::recluster(library, model, options);
        if (!people && options.cancel && options.cancel->load()) {
            // Nothing was stored: the people and suggestions stay as they were.
            out.reclustered = false;
            out.changed = false;
            out.cancelled = true;
            out.message = LabelEditing::tr("Finding people stopped: the suggested people are as they were");
            return;
        }
        if (!people)
            out.notices << LabelEditing::tr("The suggested people could not be updated: %1").arg(people.error());
        else if (out.message.isEmpty() && recluster)
            out.message = LabelEditing::tr("%1 among the unlabelled faces")
                              .arg(plural(qint64(people->size()), LabelEditing::tr("suggested person"),
                                          LabelEditing::tr("suggested people")));
    }
    if (auto suggestions = FaceClusterer::suggestions(library, model, threshold))
        out.suggestions = std::move(*suggestions);
}

} // namespace

LabelEditing::LabelEditing(FaceCatalog* catalog, MessageSink* sink, QObject* parent)
    : QObject(parent), m_catalog(catalog), m_sink(sink)
{
}

LabelEditing::~LabelEditing()
{
    // Queued changes that have not started are dropped; the running one finishes, so that
    // no batch is left for crash recovery.
    m_queue.clear();
    m_future.waitForFinished();
}

void LabelEditing::setLibrary(const QString& path)
{
    ++m_generation;
    m_queue.clear();
    m_path = path;
    m_undoText.clear();
    emit undoChanged();
    if (!path.isEmpty())
        refresh(false);
}

void LabelEditing::refresh(bool findPeople)
{
    if (m_path.isEmpty())
        return;
    queuePeople(findPeople, findPeople ? tr("Find people") : tr("Open library"), true);
}

void LabelEditing::queuePeople(bool recluster, const QString& title, bool quiet)
{
    for (Job& queued : m_queue)
        if (queued.people) {
            queued.recluster = queued.recluster || recluster;
            queued.quiet = queued.quiet && quiet;
            if (!quiet)
                queued.title = title;
            return pump();
        }
    m_queue.push_back({title, nothing(), recluster, {}, quiet, true});
    pump();
}

void LabelEditing::relabel(const std::vector<qint64>& faces, const QString& label)
{
    if (!faces.empty())
        file(tr("Set label"), {{label.trimmed(), faces}}, QString(), -1);
}

void LabelEditing::renameLabel(const QString& from, const QString& to)
{
    if (!to.trimmed().isEmpty() && to.trimmed() != from)
        file(tr("Rename %1").arg(from), {{to.trimmed(), {}}}, from, -1);
}

void LabelEditing::namePerson(int person, const QString& name)
{
    if (!name.trimmed().isEmpty())
        file(tr("Name %1").arg(FaceClusterer::displayName(person)), {{name.trimmed(), m_catalog->idsOfPerson(person)}},
             QString(), -1);
}

namespace {

// What the status bar says a filing did.
QString filed(const LabelEditor::LabelGroups& groups, const QString& mergeFrom)
{
    qint64 faces = 0;
    for (const auto& [label, ids] : groups)
        faces += qint64(ids.size());
    const QString count = plural(faces, LabelEditing::tr("face"), LabelEditing::tr("faces"));
    if (groups.size() > 1)
        return LabelEditing::tr("%1 filed under %2 people").arg(count).arg(groups.size());
    const QString& label = groups.front().first;
    return !mergeFrom.isEmpty() ? LabelEditing::tr("%1 is now %2 (%3)").arg(mergeFrom, label, count)
           : label.isEmpty()    ? LabelEditing::tr("Label removed from %1").arg(count)
                                : LabelEditing::tr("%1 filed under %2").arg(count, label);
}

} // namespace

void LabelEditing::file(const QString& title, const LabelEditor::LabelGroups& groups, const QString& mergeFrom,
                        int moveOthers)
{
    const bool answered = moveOthers >= 0; // a rerun after the question: ahead of later changes
    EditOptions options;
    options.moveFiles = m_moveFiles;
    options.allowMultiPersonMoves = moveOthers == 1;
    const bool ask = moveOthers < 0 && m_moveFiles;
    Work work = [groups, mergeFrom, options, ask](Library&, LabelEditor& editor) {
        Outcome out;
        LabelEditor::LabelGroups resolved = groups;
        if (!mergeFrom.isEmpty()) // the faces the label has now
            resolved.front().second = editor.facesLabelled(mergeFrom);
        if (ask) {
            auto preview = editor.preview(resolved, options);
            if (!preview) {
                out.error = preview.error();
                return out;
            }
            for (const EditReport::Skip& s : preview->notMoved)
                out.questions << QStringLiteral("%1 (%2)").arg(s.path, s.reason);
            if (!out.questions.isEmpty())
                return out; // nothing changed yet: the user is asked, then it runs again
        }
        const QString& label = resolved.front().first;
        const std::vector<qint64>& ids = resolved.front().second;
        auto report = !mergeFrom.isEmpty() ? editor.mergeLabels(mergeFrom, label, options)
                      : resolved.size() == 1
                          ? editor.relabel(ids, label, options)
                          : editor.relabelGroups(resolved, options, filed(resolved, mergeFrom));
        if (!report) {
            out.error = report.error();
            return out;
        }
        describe(*report, filed(resolved, mergeFrom), out);
        out.focusFace = ids.empty() ? 0 : ids.front();
        if (report->moved.empty()) // only labels changed: the catalog can follow in place
            out.relabelled = resolved;
        return out;
    };
    run(title, std::move(work), false, [this, title, groups, mergeFrom](const Outcome& out) {
        if (out.questions.isEmpty())
            return;
        const QString where = groups.size() == 1 ? tr("%1's folder").arg(groups.front().first)
                                                 : tr("their people's folders");
        const bool move = m_sink->confirm(
            title,
            tr("%1 also show other people:\n\n%2\n\nMove them into %3 too? If not, they stay "
               "where they are and only the labels change.")
                .arg(plural(qint64(out.questions.size()), tr("photo"), tr("photos")),
                     out.questions.mid(0, 10).join(QLatin1Char('\n')) +
                         (out.questions.size() > 10 ? tr("\n… and %1 more").arg(out.questions.size() - 10)
                                                    : QString()),
                     where),
            tr("Move them too"));
        file(title, groups, mergeFrom, move ? 1 : 0);
    }, answered);
}

void LabelEditing::mergePersons(int person, int into)
{
    std::vector<qint64> a = m_catalog->idsOfPerson(person), b = m_catalog->idsOfPerson(into);
    if (a.empty() || b.empty() || person == into)
        return;
    // "Same person" from one face of `into` to every other face of both: one group for good.
    std::vector<std::pair<qint64, qint64>> pairs;
    for (const auto* group : {&a, &b})
        for (qint64 id : *group)
            pairs.push_back({b.front(), id});
    const QString what = tr("Merge %1 into %2")
                             .arg(FaceClusterer::displayName(person), FaceClusterer::displayName(into));
    decidePeople(what, std::move(pairs), 1, b.front());
}

void LabelEditing::addToPerson(const std::vector<qint64>& faces, int person)
{
    const std::vector<qint64> theirs = m_catalog->idsOfPerson(person);
    if (theirs.empty())
        return;
    std::vector<std::pair<qint64, qint64>> pairs;
    for (qint64 id : faces)
        if (const FaceInfo* face = m_catalog->find(id); face && face->label.isEmpty() && face->person != person)
            pairs.push_back({theirs.front(), id});
    const qint64 added = qint64(pairs.size());
    // The person as it is now is confirmed too: one group for good, as a merge makes it (a
    // face linked to one member only would be pulled away from the others it was split from).
    for (qint64 id : theirs)
        pairs.push_back({theirs.front(), id});
    if (added == 0) {
        m_sink->information(tr("Add to %1").arg(FaceClusterer::displayName(person)),
                            tr("Only unlabelled faces that are not already there can be added to a suggested "
                               "person; to file named faces, drop them on a name."));
        return;
    }
    decidePeople(tr("Add %1 to %2")
                     .arg(plural(added, tr("face"), tr("faces")), FaceClusterer::displayName(person)),
                 std::move(pairs), 1, theirs.front());
}

void LabelEditing::decidePeople(const QString& what, std::vector<std::pair<qint64, qint64>> pairs, int verdict,
                                qint64 focus)
{
    run(what,
        [pairs = std::move(pairs), what, verdict, focus](Library&, LabelEditor& editor) {
            Outcome out;
            auto report = editor.decideMany(pairs, verdict, what);
            if (!report) {
                out.error = report.error();
                return out;
            }
            describe(*report, what, out);
            out.focusFace = focus;
            return out;
        },
        true); // the decisions reshape the suggested people
}

void LabelEditing::splitOff(const std::vector<qint64>& faces, int person)
{
    const QSet<qint64> off(faces.begin(), faces.end());
    std::vector<qint64> rest;
    for (qint64 id : m_catalog->idsOfPerson(person))
        if (!off.contains(id))
            rest.push_back(id);
    if (off.isEmpty() || rest.empty())
        return;
    // "Different" between every split face and the rest (an even sample of a large rest).
    const size_t perFace = std::max<size_t>(1, kMaxPairs / faces.size());
    const size_t step = std::max<size_t>(1, (rest.size() + perFace - 1) / perFace);
    std::vector<std::pair<qint64, qint64>> pairs;
    for (qint64 a : faces)
        for (size_t i = 0; i < rest.size(); i += step)
            pairs.push_back({a, rest[i]});
    const QString what = tr("Split %1 off %2")
                             .arg(plural(qint64(faces.size()), tr("face"), tr("faces")),
                                  FaceClusterer::displayName(person));
    decidePeople(what, std::move(pairs), 0, rest.front());
}

std::map<QString, std::vector<qint64>> LabelEditing::bySuggestedLabel(const std::vector<qint64>& faces) const
{
    std::map<QString, std::vector<qint64>> byLabel;
    for (qint64 id : faces)
        if (const LabelSuggestion* s = m_catalog->suggestion(id))
            byLabel[s->label].push_back(id);
    return byLabel;
}

void LabelEditing::confirmSuggestions(const std::vector<qint64>& faces)
{
    const auto byLabel = bySuggestedLabel(faces);
    if (!byLabel.empty()) // one step to undo, whatever the number of people
        file(tr("Confirm suggestions"), LabelEditor::LabelGroups(byLabel.begin(), byLabel.end()), QString(), -1);
}

void LabelEditing::rejectSuggestions(const std::vector<qint64>& faces)
{
    // "Not Ann": a "different" decision against one of Ann's faces, which is what keeps
    // FaceClusterer::suggestions() from offering Ann again.
    const auto byLabel = bySuggestedLabel(faces);
    if (byLabel.empty())
        return;
    const QString what = byLabel.size() == 1
                             ? tr("%1 not %2").arg(plural(qint64(faces.size()), tr("face"), tr("faces")),
                                                   byLabel.begin()->first)
                             : tr("%1 not the suggested people").arg(plural(qint64(faces.size()), tr("face"), tr("faces")));
    run(what, [byLabel, what](Library&, LabelEditor& editor) {
        Outcome out;
        std::vector<std::pair<qint64, qint64>> pairs;
        for (const auto& [label, ids] : byLabel) {
            auto theirs = faceOfLabel(editor, label);
            if (!theirs) {
                out.error = theirs.error();
                return out;
            }
            for (qint64 id : ids)
                pairs.push_back({id, *theirs});
        }
        auto report = editor.decideMany(pairs, 0, what);
        if (!report) {
            out.error = report.error();
            return out;
        }
        describe(*report, what, out);
        out.changed = false; // only the suggestions change, and they come with every outcome
        return out;
    });
}

void LabelEditing::markFaces(const std::vector<qint64>& faces, bool isFace)
{
    if (faces.empty())
        return;
    const QString count = plural(qint64(faces.size()), tr("detection"), tr("detections"));
    const bool one = faces.size() == 1;
    const QString what = (isFace ? (one ? tr("%1 marked as a face") : tr("%1 marked as faces"))
                                 : (one ? tr("%1 marked as not a face") : tr("%1 marked as not faces")))
                             .arg(count);
    run(isFace ? tr("Mark as a face") : tr("Mark as not a face"),
        [faces, isFace, what](Library&, LabelEditor& editor) {
            Outcome out;
            auto report = editor.markFaces(faces, isFace);
            if (!report) {
                out.error = report.error();
                return out;
            }
            describe(*report, what, out);
            return out;
        },
        true); // faces leave or join the suggested people
}

void LabelEditing::removePhotos(const std::vector<qint64>& photos, const PhotoRemoval& removal)
{
    if (photos.empty())
        return;
    const bool trash = removal.to == PhotoRemoval::To::Trash;
    run(trash ? tr("Move to Trash") : tr("Move photos"),
        [photos, removal, trash](Library&, LabelEditor& editor) {
            Outcome out;
            auto report = editor.removePhotos(photos, removal);
            if (!report) {
                out.error = report.error();
                return out;
            }
            out.changed = report->batchId != 0;
            const QString count = plural(report->photosRemoved, tr("photo"), tr("photos"));
            const QString back = report->photosRemoved == 1 ? tr("Ctrl+Z puts it back") : tr("Ctrl+Z puts them back");
            out.message = report->photosRemoved == 0 ? tr("No photo was moved")
                          : trash ? tr("%1 moved to the trash; %2").arg(count, back)
                                  : tr("%1 moved to %2; %3").arg(count, removal.folder, back);
            for (const EditReport::Skip& s : report->notMoved)
                out.notices << tr("%1 stays where it is: %2.").arg(s.path, s.reason);
            return out;
        },
        true); // their faces leave the suggested people
}

void LabelEditing::findPeople()
{
    queuePeople(true, tr("Find people"), false); // updatePeople() does the work
}

void LabelEditing::cancelFindPeople()
{
    if (m_cancelPeople)
        m_cancelPeople->store(true);
}

void LabelEditing::undo()
{
    if (!canUndo())
        return;
    run(tr("Undo"),
        [](Library&, LabelEditor& editor) {
            Outcome out;
            const auto stack = editor.undoStack(1);
            auto report = editor.undo(1);
            if (!report) {
                out.error = report.error();
                return out;
            }
            out.changed = report->batchesUndone > 0;
            // A merge or split of suggested people, faces hidden or back, photos back: find
            // people again. Labels alone: their faces are read again in place.
            out.recluster = report->peopleChanged;
            if (!report->peopleChanged && report->moved.empty())
                out.updated = report->faces;
            out.message = stack.empty() ? tr("Nothing to undo") : tr("Undone: %1").arg(stack.front().second);
            if (report->photosRestored > 0)
                out.message += tr("; %1 back from the trash").arg(plural(report->photosRestored, tr("photo"), tr("photos")));
            else if (!report->moved.empty())
                out.message += tr("; %1 moved back").arg(plural(qint64(report->moved.size()), tr("photo"), tr("photos")));
            for (const EditReport::Skip& p : report->problems)
                out.notices << QStringLiteral("%1: %2").arg(p.path, p.reason);
            return out;
        });
}

void LabelEditing::run(const QString& title, Work work, bool recluster, Then then, bool first)
{
    if (m_path.isEmpty())
        return;
    Job job{title, std::move(work), recluster, std::move(then)};
    if (first)
        m_queue.push_front(std::move(job));
    else
        m_queue.push_back(std::move(job));
    pump();
}

void LabelEditing::pump()
{
    if (m_running || m_queue.empty())
        return;
    Job job = std::move(m_queue.front());
    m_queue.pop_front();
    m_running = true;
    emit busyChanged(true);
    const QString path = m_path;
    const quint64 generation = m_generation;
    FaceClusterer::Options clustering;
    if (job.people && job.recluster) {
        m_cancelPeople = std::make_shared<std::atomic_bool>(false);
        clustering.cancel = m_cancelPeople.get();
        // Posted to this thread at each whole percent, not at every step of the search.
        QPointer<LabelEditing> self(this);
        auto shown = std::make_shared<int>(-1);
        clustering.progress = [self, shown](double fraction) {
            const int percent = int(fraction * 100);
            if (percent == std::exchange(*shown, percent))
                return;
            QMetaObject::invokeMethod(self, [self, fraction] {
                if (self && self->m_cancelPeople)
                    emit self->peopleProgress(fraction);
            });
        };
        if (!job.quiet) // asked for (Find people), not the people found after an import
            emit peopleSearchStarted();
    }
    m_future = QtConcurrent::run(&m_pool, [path, work = job.work, recluster = job.recluster, people = job.people,
                                           clustering, cancel = m_cancelPeople] {
        Outcome out;
        auto library = Library::open(path, Library::Mode::OpenExisting);
        if (!library) {
            out.error = library.error();
            return out;
        }
        LabelEditor editor(**library);
        auto recovered = editor.recover();
        if (!recovered) {
            out.error = recovered.error();
            return out;
        }
        out = work(**library, editor);
        if (recovered->batchesRolledBack > 0) {
            // A change cut short last time (a crash, a power cut) was undone: say so.
            out.notices.prepend(tr("A change that was interrupted last time was rolled back: %1 put back "
                                   "where they were, nothing lost.")
                                    .arg(plural(recovered->filesRestored, tr("photo"), tr("photos"))));
            for (const EditReport::Skip& p : recovered->problems)
                out.notices << QStringLiteral("%1: %2").arg(p.path, p.reason);
            out.changed = true;
        }
        if (!out.error.isEmpty() || !out.questions.isEmpty())
            return out;
        if (people)
            updatePeople(**library, recluster, kSuggestionThreshold, out, clustering);
        const auto stack = editor.undoStack(1);
        out.undoText = stack.empty() ? QString() : stack.front().second;
        return out;
    });
    whenFinished(m_future, this, [this, job = std::move(job), generation](Outcome outcome) {
        m_running = false;
        if (job.people && job.recluster && m_cancelPeople) {
            m_cancelPeople.reset();
            emit peopleSearchFinished(!outcome.error.isEmpty() ? tr("People not found: %1").arg(outcome.error)
                                                               : outcome.message);
        }
        if (generation == m_generation)
            finish(job, std::move(outcome));
        emit busyChanged(false);
        pump();
    });
}

void LabelEditing::finishChange(const Job& job, const Outcome& outcome)
{
    const bool recluster = job.recluster || outcome.recluster;
    if (outcome.changed) {
        emit libraryChanged(outcome.focusFace); // first: the catalog's change shows it
        if (outcome.relabelled.empty() && outcome.updated.empty())
            emit photosChanged(); // labels alone do not show there
        // A load in flight may have read the library before this change: then load again.
        // With people to find again, the people job reloads the catalog once they are found.
        if (!recluster) {
            if (!outcome.relabelled.empty() && !m_catalog->isLoading()) {
                for (const auto& [label, ids] : outcome.relabelled)
                    m_catalog->setLabel(ids, label); // O(faces changed)
            } else if (!outcome.updated.empty()) {
                m_catalog->update(outcome.updated); // O(faces changed), off this thread
            } else {
                m_catalog->reload(); // paths changed too
            }
        }
    }
    // The suggestions (and the people, when asked) follow as a job of their own.
    queuePeople(recluster, tr("Find people"), true);
}

void LabelEditing::finishPeople(const Job& job, Outcome& outcome)
{
    if (outcome.cancelled)
        return; // nothing changed: people and suggestions stay as they were
    // People found again (renumbered), or a change cut short last time rolled back.
    const bool reload = outcome.changed || job.recluster;
    m_catalog->setSuggestions(std::move(outcome.suggestions), !reload);
    if (reload) {
        if (outcome.changed) {
            emit libraryChanged(0);
            emit photosChanged();
        }
        m_catalog->reload();
    }
    if (job.quiet && job.recluster)
        outcome.message.clear(); // after a merge or split: that change said what it did
}

void LabelEditing::finish(const Job& job, Outcome outcome)
{
    if (!outcome.error.isEmpty()) {
        qCWarning(lcEditing) << job.title << "failed:" << outcome.error;
        if (!job.quiet)
            m_sink->error(job.title, tr("%1 did not happen: %2").arg(job.title, outcome.error));
        // A failed change may still have moved the undo stack (a partial recovery).
        return;
    }
    if (!outcome.questions.isEmpty()) {
        if (job.then)
            job.then(outcome);
        return;
    }
    m_undoText = outcome.undoText;
    emit undoChanged();
    if (job.people)
        finishPeople(job, outcome);
    else
        finishChange(job, outcome);
    if (!outcome.message.isEmpty())
        emit message(outcome.message);
    if (!outcome.notices.isEmpty())
        m_sink->information(job.title, outcome.notices.join(QLatin1Char('\n')));
    if (job.then)
        job.then(outcome);
}

} // namespace lookalike::ui
