#include "reviewjob.h"
#include "database.h"
#include "library.h"
#include <QCoreApplication>
#include <algorithm>

namespace lookalike::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("lookalike::ui::ReviewJob", text);
}

void readState(Library& library, ReviewOutcome& out)
{
    for (const auto& [name, count] : library.labelCounts())
        out.labelCounts.insert(name, count);
    const auto roots = library.roots();
    out.folderLabels = std::any_of(roots.begin(), roots.end(),
                                   [](const RootRecord& r) { return r.labelsFromSubfolders; });
}

void recover(LabelEditor& editor, ReviewOutcome& out)
{
    auto recovered = editor.recover();
    if (!recovered) {
        out.notes
            << tr("An interrupted change could not be rolled back: %1").arg(recovered.error());
        return;
    }
    if (recovered->batchesRolledBack > 0)
        out.notes << tr("A change interrupted earlier was rolled back; %1 photo(s) put back.")
                         .arg(recovered->filesRestored);
    for (const auto& problem : recovered->problems)
        out.notes << QStringLiteral("%1: %2").arg(problem.path, problem.reason);
}

// Ids of the faces labelled `label` in the photo at `path`.
std::vector<qint64> labelledFacesIn(Library& library, const QString& path, const QString& label)
{
    std::vector<qint64> ids;
    Statement q = library.database().prepare("SELECT id FROM images WHERE path = ?");
    q.bind(1, path);
    if (!q.next())
        return ids;
    for (const FaceRecord& face : library.facesInImage(q.integer(0)))
        if (face.label == label)
            ids.push_back(face.id);
    return ids;
}

// An edit of one LabelEditor call, its report added to the outcome.
template <typename Call> ReviewEdit oneEdit(Call call)
{
    return [call](Library&, LabelEditor& editor, ReviewOutcome& out) -> Status {
        auto report = call(editor);
        if (!report)
            return Error{report.error()};
        out.edits.push_back(*report);
        return success();
    };
}

} // namespace

ReviewOutcome ReviewJob::run(const QString& libraryPath, const ReviewEdit& edit,
                             const std::optional<ReviewQuery>& query,
                             const std::atomic_bool* cancel)
{
    ReviewOutcome out;
    auto library = Library::open(libraryPath, Library::Mode::OpenExisting);
    if (!library) {
        out.error = library.error();
        return out;
    }
    LabelEditor editor(**library);
    recover(editor, out);
    if (edit)
        if (Status done = edit(**library, editor, out); !done)
            out.error = done.error();
    // Read back even after a failed edit: what the library says now is what the user sees.
    readState(**library, out);
    if (!query || (cancel && cancel->load()))
        return out;
    ReviewFinder::Options options;
    options.kind = query->kind;
    options.floor = query->floor;
    options.cancel = cancel;
    auto items = ReviewFinder::find(**library, (*library)->defaultModel(), options);
    if (items) {
        out.items = std::move(*items);
        out.queried = true;
    } else if (out.error.isEmpty() && !(cancel && cancel->load())) {
        out.error = tr("The review queue could not be read: %1").arg(items.error());
    }
    return out;
}

ReviewEdit ReviewJob::relabel(std::vector<qint64> faceIds, QString label, EditOptions options)
{
    return oneEdit([=](LabelEditor& editor) { return editor.relabel(faceIds, label, options); });
}

ReviewEdit ReviewJob::merge(QStringList from, QString into, EditOptions options)
{
    return [=](Library&, LabelEditor& editor, ReviewOutcome& out) -> Status {
        for (const QString& label : from) {
            auto report = editor.mergeLabels(label, into, options);
            if (!report)
                return Error{report.error()};
            out.edits.push_back(*report);
        }
        return success();
    };
}

ReviewEdit ReviewJob::decide(qint64 faceA, qint64 faceB, int verdict)
{
    return oneEdit([=](LabelEditor& editor) { return editor.decide(faceA, faceB, verdict); });
}

ReviewEdit ReviewJob::removePhotos(std::vector<qint64> imageIds, PhotoRemoval removal)
{
    // One batch: photos that cannot be moved stay and are named (EditReport::notMoved).
    return oneEdit([=](LabelEditor& editor) { return editor.removePhotos(imageIds, removal); });
}

ReviewEdit ReviewJob::markNotDuplicates(std::vector<std::pair<qint64, qint64>> imagePairs)
{
    return oneEdit([=](LabelEditor& editor) { return editor.markNotDuplicates(imagePairs); });
}

ReviewEdit ReviewJob::moveAnyway(QStringList paths, QString label)
{
    return [=](Library& library, LabelEditor& editor, ReviewOutcome& out) -> Status {
        std::vector<qint64> faces;
        for (const QString& path : paths)
            for (qint64 id : labelledFacesIn(library, path, label))
                faces.push_back(id);
        if (faces.empty())
            return Error{tr("the photos are no longer in the library under %1").arg(label)};
        EditOptions options;
        options.allowMultiPersonMoves = true;
        auto report = editor.relabel(faces, label, options);
        if (!report)
            return Error{report.error()};
        out.edits.push_back(*report);
        return success();
    };
}

ReviewEdit ReviewJob::undo(std::vector<qint64> batches)
{
    return [=](Library&, LabelEditor& editor, ReviewOutcome& out) -> Status {
        const auto stack = editor.undoStack(int(batches.size()));
        for (size_t i = 0; i < batches.size(); ++i) {
            if (i < stack.size() && stack[i].first == batches[batches.size() - 1 - i])
                continue;
            return Error{tr("the library was changed since (\"%1\"); undo that first where it "
                            "was made")
                             .arg(stack.empty() ? QString() : stack.front().second)};
        }
        auto report = editor.undo(int(batches.size()));
        if (!report)
            return Error{report.error()};
        out.undo = *report;
        return success();
    };
}

} // namespace lookalike::ui
