#include "photoreviewcontroller.h"
#include "messagesink.h"
#include "plural.h"
#include <QDir>
#include <QFileInfo>
#include <QtConcurrent>

namespace lookalike::ui {

namespace {

QString photos(qint64 n)
{
    return plural(n, PhotoReviewController::tr("photo"), PhotoReviewController::tr("photos"));
}

QString problemList(const std::vector<EditReport::Skip>& problems)
{
    QStringList lines;
    for (const EditReport::Skip& p : problems)
        lines << QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(p.path), p.reason);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

PhotoReviewController::PhotoReviewController(const QString& libraryPath, MessageSink& sink,
                                             ThumbnailCache* thumbnails, QObject* parent)
    : BusyStatus(parent), m_path(libraryPath), m_sink(sink),
      m_model(new PhotoGroupModel(thumbnails, this))
{
    m_pool.setMaxThreadCount(1); // one edit at a time, in order
    m_pool.setObjectName(QStringLiteral("photoreview"));
    refresh();
}

PhotoReviewController::~PhotoReviewController()
{
    if (m_cancel)
        m_cancel->store(true);
    m_pool.waitForDone(); // a batch of moves always completes
}

void PhotoReviewController::setSimilar(bool on, float threshold)
{
    if (on == m_similar && threshold == m_threshold)
        return;
    m_similar = on;
    m_threshold = threshold;
    refresh();
}

void PhotoReviewController::refresh()
{
    start({}, {});
}

void PhotoReviewController::cancel()
{
    if (!m_searching || !m_cancel)
        return;
    m_cancel->store(true);
    setStatus(tr("Stopped looking for duplicates: the list shows what was found before."));
}

void PhotoReviewController::setCurrentRow(int row)
{
    if (row < 0 || row >= m_model->rowCount() || row == m_current)
        return;
    m_current = row;
    emit stateChanged();
}

void PhotoReviewController::setKeeper(qint64 imageId)
{
    const PhotoReviewGroup* group = current();
    if (!group || imageId == keeper())
        return;
    for (const PhotoFacts& f : group->photos)
        if (f.imageId == imageId) {
            m_model->setKeeper(m_current, imageId);
            setStatus(tr("Keeping %1; the others go when you choose an action.")
                          .arg(QFileInfo(f.path).fileName()));
            emit stateChanged();
        }
}

void PhotoReviewController::start(const ReviewEdit& edit, const Done& done)
{
    if (m_cancel)
        m_cancel->store(true); // its list would be stale: only the newest counts
    auto cancel = std::make_shared<std::atomic_bool>(false);
    m_cancel = cancel;
    const quint64 serial = ++m_serial;
    PhotoDuplicateFinder::Options options;
    options.kind = m_similar ? PhotoMatchKind::Similar : PhotoMatchKind::Near;
    options.similarThreshold = m_threshold;
    options.cancel = cancel.get();
    options.progress = [this, serial, last = std::make_shared<qint64>(-1)](qint64 done,
                                                                           qint64 total) {
        const qint64 step = total > 0 ? done * 200 / total : 0; // at most 200 updates
        if (step == *last)
            return;
        *last = step;
        QMetaObject::invokeMethod(
            this,
            [this, serial, done, total] {
                if (serial == m_serial)
                    emit progress(done, total);
            },
            Qt::QueuedConnection);
    };
    m_searching = true;
    setRunning(+1);
    emit progress(0, 0); // not known yet
    emit stateChanged();
    QtConcurrent::run(&m_pool, [path = m_path, edit, options, cancel] {
        return PhotoReviewJob::run(path, edit, options);
    }).then(this, [this, serial, done](const PhotoReviewOutcome& out) {
        finish(out, serial, done);
    });
}

void PhotoReviewController::finish(const PhotoReviewOutcome& out, quint64 serial, const Done& done)
{
    if (done)
        done(out); // the edit's book-keeping first: it may say which group to show
    if (serial == m_serial) {
        m_searching = false;
        m_loaded = true;
        if (out.queried) {
            m_model->setGroups(out.groups);
            const int wanted = m_showAfter ? m_model->rowOf(m_showAfter) : -1;
            m_current = wanted >= 0
                            ? wanted
                            : std::clamp(m_current, 0, std::max(0, m_model->rowCount() - 1));
        } else if (!out.error.isEmpty()) {
            setStatus(out.error);
        }
        if (!done && !out.change.error.isEmpty()) // the library could not be opened to edit
            setStatus(out.change.error);
        m_showAfter = 0;
    }
    if (!out.change.notes.isEmpty())
        m_sink.warning(tr("Duplicate photos"), out.change.notes.join(QLatin1Char('\n')));
    setRunning(-1);
    emit stateChanged();
}

void PhotoReviewController::moveOthersToTrash()
{
    removeOthers(PhotoRemoval{}, tr("to the trash"));
}

void PhotoReviewController::moveOthersToFolder(const QString& folder)
{
    if (folder.isEmpty())
        return;
    removeOthers(PhotoRemoval{PhotoRemoval::To::Folder, folder},
                 tr("to %1").arg(QDir::toNativeSeparators(folder)));
}

void PhotoReviewController::removeOthers(const PhotoRemoval& removal, const QString& where)
{
    if (isBusy() || !current())
        return;
    const std::vector<qint64> others = m_model->others(m_current);
    const qint64 keep = keeper();
    const int count = int(others.size());
    setStatus(tr("Moving %1 %2…").arg(photos(count), where));
    start(ReviewJob::removePhotos(others, removal),
          [this, keep, where](const PhotoReviewOutcome& out) { removed(out, keep, where); });
}

bool PhotoReviewController::edited(const PhotoReviewOutcome& out, const QString& what)
{
    if (out.change.error.isEmpty() || !out.change.edits.empty())
        return true;
    setStatus(tr("Nothing changed: %1").arg(out.change.error));
    m_sink.error(tr("Duplicate photos"), tr("%1 failed: %2").arg(what, out.change.error));
    return false;
}

void PhotoReviewController::removed(const PhotoReviewOutcome& out, qint64 keeper,
                                    const QString& where)
{
    if (!edited(out, tr("Moving the photos")))
        return;
    // One batch; the photos it could not move are in its notMoved.
    std::vector<qint64> batches;
    std::vector<EditReport::Skip> notMoved;
    int removed = 0;
    for (const EditReport& report : out.change.edits) {
        if (report.batchId != 0)
            batches.push_back(report.batchId);
        removed += report.photosRemoved;
        notMoved.insert(notMoved.end(), report.notMoved.begin(), report.notMoved.end());
    }
    const QString what = tr("%1 moved %2").arg(photos(removed), where);
    QString text = removed == 0   ? tr("No photo was moved.")
                   : removed == 1 ? tr("%1; Ctrl+Z puts it back.").arg(what)
                                  : tr("%1; Ctrl+Z puts them back.").arg(what);
    const qint64 failed = qint64(notMoved.size());
    if (failed > 0) {
        QStringList reasons;
        if (!notMoved.empty())
            reasons << problemList(notMoved);
        if (!out.change.error.isEmpty())
            reasons << out.change.error;
        text += tr(" %1 could not be moved.").arg(photos(failed));
        m_sink.error(tr("Duplicate photos"),
                     tr("%1 not moved, left in place:\n%2")
                         .arg(photos(failed), reasons.join(QLatin1Char('\n'))));
    }
    if (!batches.empty()) {
        m_history.push_back({batches, keeper, what});
        emit libraryChanged();
    }
    setStatus(text);
}

void PhotoReviewController::markNotDuplicates()
{
    if (isBusy() || !current())
        return;
    const std::vector<qint64>& ids = current()->group.imageIds;
    const qint64 keep = keeper();
    const int count = int(ids.size());
    setStatus(tr("Marking %1 as not duplicates…").arg(photos(count)));
    start(ReviewJob::markNotDuplicates(PhotoReviewJob::allPairs(ids)),
          [this, keep, count](const PhotoReviewOutcome& out) {
              if (!edited(out, tr("Not duplicates")))
                  return;
              const qint64 batch = out.change.edits.front().batchId;
              const QString what = tr("%1 marked as not duplicates").arg(photos(count));
              if (batch != 0) {
                  m_history.push_back({{batch}, keep, what});
                  emit libraryChanged();
              }
              setStatus(tr("%1: they are not shown together again. Ctrl+Z undoes it.").arg(what));
          });
}

void PhotoReviewController::undo()
{
    if (!mayUndo(!m_history.empty()))
        return;
    const Change last = m_history.back();
    setStatus(tr("Undoing: %1…").arg(last.what));
    start(ReviewJob::undo(last.batches), [this, last](const PhotoReviewOutcome& out) {
        if (!out.change.undo) {
            setStatus(tr("Not undone: %1").arg(out.change.error));
            m_sink.warning(tr("Undo"),
                           tr("\"%1\" could not be undone: %2").arg(last.what, out.change.error));
            return;
        }
        m_history.pop_back();
        m_showAfter = last.keeper;
        const UndoReport& report = *out.change.undo;
        QString text = tr("Undone: %1.").arg(last.what);
        if (report.photosRestored > 0)
            text += tr(" %1 back where they were.").arg(photos(report.photosRestored));
        if (!report.problems.empty()) {
            text += tr(" Some files could not be put back.");
            m_sink.warning(
                tr("Undo"),
                tr("Not everything could be put back:\n%1").arg(problemList(report.problems)));
        }
        setStatus(text);
        emit libraryChanged();
    });
}

} // namespace lookalike::ui
