#include "reviewmessages.h"
#include <QDir>
#include <QFileInfo>
#include <algorithm>
#include <cmath>

namespace lookalike::ui {

namespace {

std::vector<EditReport::Move> allMoves(const std::vector<EditReport>& edits)
{
    std::vector<EditReport::Move> out;
    for (const EditReport& e : edits)
        out.insert(out.end(), e.moved.begin(), e.moved.end());
    return out;
}

std::vector<EditReport::Skip> allSkips(const std::vector<EditReport>& edits)
{
    std::vector<EditReport::Skip> out;
    for (const EditReport& e : edits)
        out.insert(out.end(), e.notMoved.begin(), e.notMoved.end());
    return out;
}

// "a.jpg, b.jpg and 3 more"
QString someNames(const QStringList& names)
{
    constexpr int kShown = 3;
    if (names.size() <= kShown)
        return names.join(QStringLiteral(", "));
    return ReviewMessages::tr("%1 and %2 more")
        .arg(names.mid(0, kShown).join(QStringLiteral(", ")))
        .arg(names.size() - kShown);
}

// "1 photo", "3 photos" (no translation files, so no %n plurals).
QString photos(qsizetype n)
{
    return n == 1 ? ReviewMessages::tr("1 photo") : ReviewMessages::tr("%1 photos").arg(n);
}

} // namespace

QString ReviewMessages::similarity(float value)
{
    const double rounded = std::round(double(value) * 100.0) / 100.0;
    return QString::number(rounded == 0.0 ? 0.0 : rounded, 'f', 2);
}

QString ReviewMessages::folderOf(const QString& path)
{
    return QFileInfo(path).dir().dirName() + QLatin1Char('/');
}

QString ReviewMessages::moves(const std::vector<EditReport::Move>& moved)
{
    QStringList folders;
    for (const auto& m : moved)
        folders << folderOf(m.to);
    folders.removeDuplicates();
    if (moved.size() == 1)
        return tr("Moved %1 to %2").arg(QFileInfo(moved.front().from).fileName(), folders.front());
    return tr("Moved %1 to %2").arg(photos(qsizetype(moved.size())), someNames(folders));
}

QString ReviewMessages::renames(const std::vector<EditReport::Move>& moved)
{
    QStringList names;
    for (const auto& m : moved)
        if (m.renamed)
            names << QStringLiteral("\u201c%1\u201d").arg(QFileInfo(m.to).fileName());
    if (names.isEmpty())
        return {};
    return names.size() == 1 ? tr(" (saved as %1: the name was taken)").arg(names.front())
                             : tr(" (saved as %1: the names were taken)").arg(someNames(names));
}

QString ReviewMessages::afterEdit(const QString& what, const std::vector<EditReport>& edits)
{
    QStringList parts{what + QLatin1Char('.')};
    const auto moved = allMoves(edits);
    if (!moved.empty())
        parts << moves(moved) + renames(moved) + QLatin1Char('.');
    const auto skipped = allSkips(edits);
    if (!skipped.empty())
        parts << tr("%1 left where %2.")
                     .arg(photos(qsizetype(skipped.size())),
                          skipped.size() == 1 ? tr("it was") : tr("they were"));
    const bool changed =
        std::any_of(edits.begin(), edits.end(), [](const EditReport& e) { return e.batchId != 0; });
    QString text = parts.join(QLatin1Char(' '));
    if (!changed)
        return text + QLatin1Char(' ') + tr("Nothing needed changing.");
    text.chop(1); // the last full stop
    return text + tr(" — undo with Ctrl+Z.");
}

QString ReviewMessages::outcome(const QString& what, const std::vector<EditReport>& edits)
{
    const auto moved = allMoves(edits);
    if (moved.empty())
        return what;
    return tr("%1; %2 moved").arg(what, photos(qsizetype(moved.size())));
}

QString ReviewMessages::afterUndo(const QString& what, const UndoReport& report)
{
    QString text = tr("Undone: %1.").arg(what);
    if (!report.moved.empty())
        text += QLatin1Char(' ') + tr("%1 moved back.").arg(photos(qsizetype(report.moved.size())));
    if (!report.problems.empty())
        text +=
            QLatin1Char(' ') + tr("%1: %2").arg(QFileInfo(report.problems.front().path).fileName(),
                                                report.problems.front().reason);
    return text;
}

QString ReviewMessages::sharedPhotosQuestion(const std::vector<EditReport::Skip>& skipped,
                                             const QString& label)
{
    QStringList lines;
    for (const auto& s : skipped)
        lines << QStringLiteral("  %1: %2").arg(QDir::toNativeSeparators(s.path), s.reason);
    return (skipped.size() == 1
                ? tr("This photo also shows other labelled people, so it stayed where it was:")
                : tr("%1 photos also show other labelled people, so they stayed where they were:")
                      .arg(skipped.size())) +
           QLatin1Char('\n') + lines.join(QLatin1Char('\n')) + QStringLiteral("\n\n") +
           tr("Move them into %1/ anyway? The other people keep their labels.").arg(label);
}

} // namespace lookalike::ui
