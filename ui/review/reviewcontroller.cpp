#include "reviewcontroller.h"
#include "messagesink.h"
#include "reviewchange.h"
#include "reviewexport.h"
#include "reviewmessages.h"
#include <QDir>
#include <QFileInfo>
#include <QtConcurrent>

namespace lookalike::ui {

ReviewController::ReviewController(const QString& libraryPath, MessageSink& sink,
                                   ThumbnailCache* thumbnails, QObject* parent)
    : BusyStatus(parent), m_path(libraryPath), m_sink(sink),
      m_model(new ReviewQueueModel(thumbnails, this))
{
    m_pool.setMaxThreadCount(1); // one edit at a time, in order
    m_pool.setObjectName(QStringLiteral("review"));
    m_model->reset(ReviewKind::CrossLabel, thresholdRange(ReviewKind::CrossLabel).initial);
    start({}, true, {});
}

ReviewController::~ReviewController()
{
    if (m_cancel)
        m_cancel->store(true);
    m_pool.waitForDone(); // an edit moving files always completes its batch
}

ReviewController::ThresholdRange ReviewController::thresholdRange(ReviewKind kind) const
{
    switch (kind) {
    case ReviewKind::CrossLabel:
        return {0.20f, 1.00f, m_samePerson};
    case ReviewKind::Outlier:
        return {-0.20f, 0.60f, m_samePerson};
    case ReviewKind::SamePhoto:
        return {0.95f, 1.00f, 0.95f};
    case ReviewKind::MetadataName:
        return {0.00f, 1.00f, 0.00f};
    }
    return {};
}

void ReviewController::setSamePersonThreshold(float threshold)
{
    m_samePerson = threshold;
    if (!m_thresholds.contains(int(kind())))
        m_model->setThreshold(thresholdRange(kind()).initial);
    emit stateChanged();
}

float ReviewController::floorFor(ReviewKind kind) const
{
    // The finder returns outliers below its floor and look-alikes above it.
    const ThresholdRange range = thresholdRange(kind);
    return kind == ReviewKind::Outlier ? range.maximum : range.minimum;
}

QStringList ReviewController::labels() const
{
    QStringList names = m_labelCounts.keys();
    names.sort(Qt::CaseInsensitive);
    return names;
}

bool ReviewController::canDo(Action action) const
{
    const ReviewItem* item = m_model->current();
    if (!item || isBusy())
        return false;
    const bool pair = item->suspect.id != 0 && item->evidence.id != 0;
    const QString& a = item->suspect.label;
    const QString& b = item->evidence.label;
    switch (action) {
    case Action::SuspectLabel:
        return pair && !a.isEmpty() && a != b;
    case Action::EvidenceLabel:
        return pair && !b.isEmpty() && a != b;
    case Action::Merge:
        return pair && !a.isEmpty() && !b.isEmpty() && a != b;
    case Action::Different:
        return pair;
    case Action::Skip:
        return true;
    case Action::OtherLabel:
        return item->suspect.id != 0;
    }
    return false;
}

void ReviewController::setKind(ReviewKind kind)
{
    if (kind == this->kind())
        return;
    // Reviewed rows belong to the old queue; their changes stay undoable, skips are dropped.
    std::erase_if(m_history, [](const Change& c) { return c.batches.empty(); });
    for (Change& c : m_history)
        c.inQueue = false;
    m_model->reset(kind, m_thresholds.value(int(kind), thresholdRange(kind).initial));
    m_loaded = false;
    start({}, true, {});
    emit stateChanged();
}

void ReviewController::setThreshold(float threshold)
{
    m_thresholds.insert(int(kind()), threshold);
    m_model->setThreshold(threshold);
    emit stateChanged();
}

void ReviewController::refresh()
{
    start({}, true, {});
}

void ReviewController::jumpTo(int row)
{
    if (!isBusy())
        m_model->makeCurrent(row);
    emit stateChanged(); // views put their selection back on the current row
}

void ReviewController::start(const ReviewEdit& edit, bool query, const Done& done)
{
    std::optional<ReviewQuery> q;
    std::shared_ptr<std::atomic_bool> cancel;
    if (query) {
        if (m_cancel)
            m_cancel->store(true); // its queue would be stale: only the newest counts
        m_cancel = std::make_shared<std::atomic_bool>(false);
        cancel = m_cancel;
        q = ReviewQuery{kind(), floorFor(kind())};
    }
    const quint64 serial = query ? ++m_querySerial : 0;
    setRunning(+1);
    QtConcurrent::run(&m_pool, [path = m_path, edit, q, cancel] {
        return ReviewJob::run(path, edit, q, cancel.get());
    }).then(this, [this, query, serial, done](const ReviewOutcome& out) {
        finish(out, query, serial, done);
    });
}

void ReviewController::finish(const ReviewOutcome& out, bool query, quint64 serial,
                              const Done& done)
{
    if (!out.labelCounts.isEmpty() || out.error.isEmpty()) {
        m_labelCounts = out.labelCounts;
        m_folderLabels = out.folderLabels;
    }
    // Book-keeping of the edit first: it completes the current row before the queue changes.
    if (done)
        done(out);
    if (query && serial == m_querySerial) {
        if (out.queried)
            m_model->setCandidates(out.items);
        else if (!done && !out.error.isEmpty())
            setStatus(out.error);
        m_loaded = true;
    }
    if (!out.notes.isEmpty())
        m_sink.warning(tr("Review"), out.notes.join(QLatin1Char('\n')));
    setRunning(-1);
    emit stateChanged();
}

EditOptions ReviewController::editOptions() const
{
    EditOptions options;
    options.moveFiles = m_moveFiles && m_folderLabels;
    return options;
}

void ReviewController::act(Action action)
{
    if (!canDo(action))
        return;
    if (action == Action::Skip)
        return skip();
    const ReviewItem& item = *m_model->current();
    std::optional<ReviewChange> change;
    switch (action) {
    case Action::SuspectLabel:
    case Action::EvidenceLabel:
        change = ReviewChange::fileUnder(item, action == Action::SuspectLabel, editOptions());
        break;
    case Action::Merge:
        change = ReviewChange::merge(item, labelCount(item.suspect.label),
                                     labelCount(item.evidence.label), m_sink, editOptions());
        if (!change)
            setStatus(tr("Merge cancelled."));
        break;
    case Action::Different:
        change = ReviewChange::different(item);
        break;
    case Action::OtherLabel:
        change = ReviewChange::otherLabel(item, labels(), m_sink, editOptions());
        break;
    case Action::Skip:
        break;
    }
    if (change)
        run(*change);
}

void ReviewController::run(const ReviewChange& change)
{
    const auto key = ReviewQueueModel::keyOf(*m_model->current());
    setStatus(change.what + QStringLiteral("…"));
    start(change.edit, true,
          [this, change, key](const ReviewOutcome& out) { changed(change, out, key); });
}

void ReviewController::changed(const ReviewChange& change, const ReviewOutcome& out,
                               ReviewQueueModel::Key key)
{
    const QString& what = change.what;
    const QString& label = change.targetLabel;
    if (!out.error.isEmpty() && out.edits.empty()) {
        setStatus(tr("Nothing changed: %1").arg(out.error));
        m_sink.error(tr("Review"), tr("%1 failed: %2").arg(what, out.error));
        return;
    }
    std::vector<qint64> batches;
    for (const EditReport& e : out.edits)
        if (e.batchId != 0)
            batches.push_back(e.batchId);
    const ReviewItem* current = m_model->current();
    const bool inQueue = current && ReviewQueueModel::keyOf(*current) == key;
    if (inQueue)
        m_model->completeCurrent(ReviewQueueModel::Done,
                                 ReviewMessages::outcome(change.note, out.edits));
    m_history.push_back({kind(), key, inQueue, batches, what, change.note});
    setStatus(out.error.isEmpty()
                  ? ReviewMessages::afterEdit(what, out.edits)
                  : tr("%1 Then it failed: %2")
                        .arg(ReviewMessages::afterEdit(what, out.edits), out.error));
    if (!batches.empty())
        emit libraryChanged();
    if (label.isEmpty() || !editOptions().moveFiles)
        return;
    // Asked once the queue shows the new state; no action can start in between.
    setRunning(+1);
    QMetaObject::invokeMethod(
        this,
        [this, edits = out.edits, label] {
            offerSharedMoves(edits, label);
            setRunning(-1);
            emit stateChanged();
        },
        Qt::QueuedConnection);
}

void ReviewController::offerSharedMoves(const std::vector<EditReport>& edits, const QString& label)
{
    std::vector<EditReport::Skip> skipped;
    for (const EditReport& e : edits)
        skipped.insert(skipped.end(), e.notMoved.begin(), e.notMoved.end());
    if (skipped.empty() ||
        !m_sink.confirm(tr("Move photos of several people?"),
                        ReviewMessages::sharedPhotosQuestion(skipped, label), tr("Move anyway")))
        return;
    QStringList paths;
    for (const auto& s : skipped)
        paths << s.path;
    const QString what = tr("Moved the shared photos into %1/").arg(label);
    setStatus(what + QStringLiteral("…"));
    start(ReviewJob::moveAnyway(paths, label), true, [this, what](const ReviewOutcome& out) {
        if (!out.error.isEmpty() && out.edits.empty()) {
            setStatus(tr("The shared photos were not moved: %1").arg(out.error));
            m_sink.error(tr("Review"), tr("The shared photos were not moved: %1").arg(out.error));
            return;
        }
        Change& last = m_history.back(); // undone together with the change that asked
        for (const EditReport& e : out.edits)
            if (e.batchId != 0)
                last.batches.push_back(e.batchId);
        if (last.inQueue)
            m_model->setLastOutcome(ReviewMessages::outcome(last.note, out.edits));
        setStatus(ReviewMessages::afterEdit(what, out.edits));
        emit libraryChanged();
    });
}

void ReviewController::skip()
{
    const auto key = ReviewQueueModel::keyOf(*m_model->current());
    m_model->completeCurrent(ReviewQueueModel::Skipped, tr("Skipped"));
    m_history.push_back({kind(), key, true, {}, tr("Skipped"), tr("Skipped")});
    setStatus(tr("Skipped. Ctrl+Z goes back to it."));
    emit stateChanged();
}

void ReviewController::undo()
{
    if (!mayUndo(!m_history.empty()))
        return;
    const Change last = m_history.back();
    if (last.batches.empty()) {
        m_history.pop_back();
        if (last.inQueue)
            m_model->reopenLast();
        setStatus(tr("Back to the previous item."));
        emit stateChanged();
        return;
    }
    setStatus(tr("Undoing: %1…").arg(last.description));
    start(ReviewJob::undo(last.batches), true,
          [this, last](const ReviewOutcome& out) { undone(last, out); });
}

void ReviewController::undone(const Change& change, const ReviewOutcome& out)
{
    if (!out.undo) {
        setStatus(tr("Not undone: %1").arg(out.error));
        m_sink.warning(tr("Undo"),
                       tr("\"%1\" could not be undone: %2").arg(change.description, out.error));
        return;
    }
    m_history.pop_back();
    if (change.inQueue)
        m_model->reopenLast();
    setStatus(ReviewMessages::afterUndo(change.description, *out.undo));
    emit libraryChanged();
}

void ReviewController::exportQueue(const QString& file, bool json)
{
    runExport(file, [items = m_model->pendingItems(), json](const QString& path) {
        return ReviewExport::writeQueue(items, path, json);
    });
}

void ReviewController::exportDecisions(const QString& file, bool json)
{
    runExport(file, [library = m_path, json](const QString& path) {
        return ReviewExport::writeDecisions(library, path, json);
    });
}

void ReviewController::exportPhotoLabels(const QString& file)
{
    runExport(file, [library = m_path](const QString& path) {
        return ReviewExport::writePhotoLabels(library, path);
    });
}

void ReviewController::runExport(const QString& file,
                                 std::function<Expected<qint64>(const QString&)> write)
{
    if (file.isEmpty())
        return;
    setStatus(tr("Saving %1…").arg(QFileInfo(file).fileName()));
    QtConcurrent::run(&m_pool, [file, write] {
        return write(file);
    }).then(this, [this, file](const Expected<qint64>& rows) {
        if (!rows) {
            setStatus(tr("Not saved: %1").arg(rows.error()));
            m_sink.error(tr("Export"), tr("%1 could not be saved: %2").arg(file, rows.error()));
            return;
        }
        setStatus(tr("Saved %1 rows to %2.").arg(*rows).arg(QDir::toNativeSeparators(file)));
        emit exported(file);
    });
}

} // namespace lookalike::ui
