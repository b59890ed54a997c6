// relabel, merge-labels, mark-face and undo: journalled label changes that move photos with
// them, and verdicts on detections (a face or not).
#include "cli.h"
#include "editing.h"
#include "labeleditor.h"
#include "library.h"
#include "parser.h"
#include <QDir>
#include <QFileInfo>

namespace lookalike::cli {

Expected<std::unique_ptr<Library>> openForEditing(const QString& path)
{
    auto library = Library::open(path, Library::Mode::OpenExisting);
    if (!library)
        return library;
    auto recovered = LabelEditor(**library).recover();
    if (!recovered)
        return Error{QStringLiteral("cannot recover an interrupted change: %1").arg(recovered.error())};
    if (recovered->batchesRolledBack > 0)
        info(QStringLiteral("rolled back %1 change(s) interrupted earlier; %2 photo(s) put back")
                 .arg(recovered->batchesRolledBack)
                 .arg(recovered->filesRestored));
    for (const auto& problem : recovered->problems)
        info(QStringLiteral("warning: %1: %2").arg(problem.path, problem.reason));
    return library;
}

QJsonArray skipsJson(const std::vector<EditReport::Skip>& skips)
{
    QJsonArray out;
    for (const auto& s : skips)
        out.append(QJsonObject{{QStringLiteral("path"), s.path}, {QStringLiteral("reason"), s.reason}});
    return out;
}

QJsonArray movesJson(const std::vector<EditReport::Move>& moves)
{
    QJsonArray out;
    for (const auto& m : moves)
        out.append(QJsonObject{{QStringLiteral("from"), m.from}, {QStringLiteral("to"), m.to},
                               {QStringLiteral("renamed"), m.renamed}});
    return out;
}

void tellMoves(const EditReport& r)
{
    for (const auto& m : r.moved)
        if (m.renamed)
            info(QStringLiteral("%1 was taken: moved to %2").arg(QFileInfo(m.to).dir().filePath(QFileInfo(m.from).fileName()), m.to));
    for (const auto& s : r.notMoved)
        info(QStringLiteral("not moved: %1: %2").arg(s.path, s.reason));
}

namespace {

int printEdit(const EditReport& r)
{
    tellMoves(r);
    printJson(QJsonObject{{QStringLiteral("batch"), r.batchId},
                          {QStringLiteral("faces_changed"), r.facesChanged},
                          {QStringLiteral("moved"), movesJson(r.moved)},
                          {QStringLiteral("not_moved"), skipsJson(r.notMoved)}});
    return Success;
}

// Faces named by a face id or by a photo's path (every face of that photo).
Expected<std::vector<qint64>> facesFor(Library& library, const QString& target)
{
    bool isId = false;
    const qint64 id = target.toLongLong(&isId);
    if (isId) {
        if (!library.face(id))
            return Error{QStringLiteral("no face %1 in the library").arg(id)};
        return std::vector<qint64>{id};
    }
    const QString path = QFileInfo(target).absoluteFilePath();
    const QString canonical = QFileInfo(target).canonicalFilePath();
    std::vector<qint64> ids;
    library.forEachFace([&](const FaceRecord& f) {
        if (!f.notFace && (f.path == path || f.path == canonical))
            ids.push_back(f.id);
    });
    if (ids.empty())
        return Error{QStringLiteral("no face of %1 in the library").arg(target)};
    return ids;
}

} // namespace

int runRelabel(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("LIBRARY"), QStringLiteral("The library file."));
    parser.addPositionalArgument(QStringLiteral("PATH|FACE_ID"), QStringLiteral("A photo (all its faces) or one face id."));
    parser.addPositionalArgument(QStringLiteral("LABEL"), QStringLiteral("The new label (\"\" removes it)."));
    const QCommandLineOption move(QStringLiteral("move-files"),
                                  QStringLiteral("Move the photo into the label's folder (libraries imported with subfolder labels)."));
    const QCommandLineOption force(QStringLiteral("move-shared-photos"),
                                   QStringLiteral("Also move photos that hold faces of other labelled people."));
    parser.addOptions({move, force});
    if (auto code = parseArguments(parser, args, 3, QStringLiteral("Label faces; undo with lookalike-cli undo.")))
        return *code;
    const QStringList pos = parser.positionalArguments();
    auto library = openForEditing(pos[0]);
    if (!library)
        return fail(library.error());
    auto faces = facesFor(**library, pos[1]);
    if (!faces)
        return fail(faces.error());
    EditOptions options;
    options.moveFiles = parser.isSet(move);
    options.allowMultiPersonMoves = parser.isSet(force);
    auto report = LabelEditor(**library).relabel(*faces, pos[2], options);
    if (!report)
        return fail(report.error());
    return printEdit(*report);
}

int runMergeLabels(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("LIBRARY"), QStringLiteral("The library file."));
    parser.addPositionalArgument(QStringLiteral("FROM"), QStringLiteral("The label that goes away."));
    parser.addPositionalArgument(QStringLiteral("INTO"), QStringLiteral("The label its faces get."));
    const QCommandLineOption move(QStringLiteral("move-files"), QStringLiteral("Move the photos into INTO's folder."));
    const QCommandLineOption force(QStringLiteral("move-shared-photos"),
                                   QStringLiteral("Also move photos that hold faces of other labelled people."));
    parser.addOptions({move, force});
    if (auto code = parseArguments(parser, args, 3, QStringLiteral("Merge two labels (one person under two names).")))
        return *code;
    const QStringList pos = parser.positionalArguments();
    auto library = openForEditing(pos[0]);
    if (!library)
        return fail(library.error());
    EditOptions options;
    options.moveFiles = parser.isSet(move);
    options.allowMultiPersonMoves = parser.isSet(force);
    auto report = LabelEditor(**library).mergeLabels(pos[1], pos[2], options);
    if (!report)
        return fail(report.error());
    return printEdit(*report);
}

int runUndo(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("LIBRARY"), QStringLiteral("The library file."));
    parser.addPositionalArgument(QStringLiteral("N"), QStringLiteral("How many changes to undo (default 1)."), QStringLiteral("[N]"));
    const QCommandLineOption list(QStringLiteral("list"), QStringLiteral("Only list the changes that can be undone."));
    parser.addOption(list);
    if (auto code = parseArguments(parser, args, -1, QStringLiteral("Undo the last N changes: labels, verdicts, photos moved (they move back) "
                                                                      "and photos removed (back from the trash, into the library).")))
        return *code;
    const QStringList pos = parser.positionalArguments();
    if (pos.isEmpty() || pos.size() > 2)
        return usage(QStringLiteral("expected LIBRARY [N]"));
    bool ok = true;
    const int count = pos.size() == 2 ? pos[1].toInt(&ok) : 1;
    if (!ok || count < 1)
        return usage(QStringLiteral("N is a whole number of at least 1"));
    auto library = openForEditing(pos[0]);
    if (!library)
        return fail(library.error());
    LabelEditor editor(**library);
    if (parser.isSet(list)) {
        QJsonArray stack;
        for (const auto& [id, description] : editor.undoStack())
            stack.append(QJsonObject{{QStringLiteral("batch"), id}, {QStringLiteral("description"), description}});
        printJson(QJsonObject{{QStringLiteral("undoable"), stack}});
        return Success;
    }
    auto report = editor.undo(count);
    if (!report)
        return fail(report.error());
    for (const auto& p : report->problems)
        info(QStringLiteral("warning: %1: %2").arg(p.path, p.reason));
    if (report->batchesUndone < count)
        info(QStringLiteral("only %1 change(s) could be undone").arg(report->batchesUndone));
    printJson(QJsonObject{{QStringLiteral("undone"), report->batchesUndone},
                          {QStringLiteral("faces_changed"), report->facesChanged},
                          {QStringLiteral("photos_restored"), report->photosRestored},
                          {QStringLiteral("moved"), movesJson(report->moved)},
                          {QStringLiteral("problems"), skipsJson(report->problems)}});
    return Success;
}

int runRecover(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("LIBRARY"), QStringLiteral("The library file."));
    if (auto code = parseArguments(parser, args, 1,
                                   QStringLiteral("Roll back a change a crash left half done (photos go back "
                                                  "where they were, labels stay as they were). Every edit "
                                                  "does this first; read-only commands only warn.")))
        return *code;
    auto library = Library::open(parser.positionalArguments()[0], Library::Mode::OpenExisting);
    if (!library)
        return fail(library.error());
    auto recovered = LabelEditor(**library).recover();
    if (!recovered)
        return fail(QStringLiteral("cannot recover an interrupted change: %1").arg(recovered.error()));
    for (const auto& problem : recovered->problems)
        info(QStringLiteral("warning: %1: %2").arg(problem.path, problem.reason));
    printJson(QJsonObject{{QStringLiteral("changes_rolled_back"), recovered->batchesRolledBack},
                          {QStringLiteral("photos_restored"), recovered->filesRestored},
                          {QStringLiteral("problems"), skipsJson(recovered->problems)}});
    return Success;
}

namespace {

// The detections hidden as not a face, by id.
QJsonArray notFacesJson(Library& library)
{
    QJsonArray out;
    library.forEachFace([&](const FaceRecord& f) {
        if (!f.notFace)
            return;
        out.append(QJsonObject{{QStringLiteral("face_id"), f.id},
                               {QStringLiteral("path"), f.path},
                               {QStringLiteral("label"), f.label},
                               {QStringLiteral("box"), QJsonArray{f.box.x(), f.box.y(), f.box.width(),
                                                                  f.box.height()}},
                               {QStringLiteral("score"), f.score}});
    });
    return out;
}

} // namespace

int runMarkFace(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("LIBRARY"), QStringLiteral("The library file."));
    parser.addPositionalArgument(QStringLiteral("FACE_ID"), QStringLiteral("Detections to mark."),
                                 QStringLiteral("FACE_ID..."));
    const QCommandLineOption notFace(QStringLiteral("not-face"),
                                     QStringLiteral("They are not faces: hide them from every view, search and count."));
    const QCommandLineOption face(QStringLiteral("face"),
                                  QStringLiteral("They are faces: bring them back (overrides the face gate)."));
    const QCommandLineOption list(QStringLiteral("list"), QStringLiteral("Only list the detections that are not faces."));
    parser.addOptions({notFace, face, list});
    if (auto code = parseArguments(parser, args, -1,
                                   QStringLiteral("Mark detections as faces or not faces; undo with lookalike-cli undo. "
                                                  "Verdicts are kept when the photos are indexed again.")))
        return *code;
    const QStringList pos = parser.positionalArguments();
    if (pos.isEmpty())
        return usage(QStringLiteral("expected LIBRARY FACE_ID... --face|--not-face, or LIBRARY --list"));
    if (parser.isSet(list)) {
        auto library = Library::open(pos[0], Library::Mode::ReadOnly);
        if (!library)
            return fail(library.error());
        printJson(QJsonObject{{QStringLiteral("not_faces"), notFacesJson(**library)}});
        return Success;
    }
    if (parser.isSet(notFace) == parser.isSet(face))
        return usage(QStringLiteral("say either --face or --not-face"));
    if (pos.size() < 2)
        return usage(QStringLiteral("expected at least one FACE_ID"));
    std::vector<qint64> ids;
    for (const QString& text : pos.mid(1)) {
        bool ok = false;
        const qint64 id = text.toLongLong(&ok);
        if (!ok || id <= 0)
            return usage(QStringLiteral("\"%1\" is not a face id").arg(text));
        ids.push_back(id);
    }
    auto library = openForEditing(pos[0]);
    if (!library)
        return fail(library.error());
    auto report = LabelEditor(**library).markFaces(ids, parser.isSet(face));
    if (!report)
        return fail(report.error());
    return printEdit(*report);
}

} // namespace lookalike::cli
