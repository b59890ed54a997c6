#include "pendingchanges.h"
#include "database.h"
#include <QFileInfo>
#include <QStringList>
#include <cerrno>
#include <csignal>

namespace lookalike {

namespace {

constexpr int kPending = 0; // batches.state of a batch not finished (LabelEditor)

bool alive(qint64 pid)
{
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM);
}

} // namespace

PendingChanges PendingChanges::load(Database& db)
{
    PendingChanges out;
    Statement batches = db.prepare(
        "SELECT batches.id, batches.description, batches.owner, "
        "(SELECT count(*) FROM journal WHERE batch_id = batches.id AND image_id IS NOT NULL), "
        "(SELECT count(*) FROM journal WHERE batch_id = batches.id AND image_id IS NOT NULL "
        "AND done = 1) FROM batches WHERE state = ? ORDER BY batches.id");
    batches.bind(1, kPending);
    while (batches.next()) {
        PendingChange c;
        c.batchId = batches.integer(0);
        c.description = batches.text(1);
        c.owner = batches.isNull(2) ? 0 : batches.integer(2);
        c.moves = int(batches.integer(3));
        c.movesDone = int(batches.integer(4));
        c.ownerAlive = alive(c.owner);
        out.m_changes.push_back(c);
    }
    if (out.m_changes.empty())
        return out;
    Statement moves =
        db.prepare("SELECT image_id, old_path, new_path FROM journal WHERE batch_id = ? "
                   "AND image_id IS NOT NULL AND done = 0 AND removal = 0");
    for (const PendingChange& c : out.m_changes) {
        moves.bind(1, c.batchId);
        while (moves.next())
            out.m_unrecorded.insert(moves.integer(0), {moves.text(1), moves.text(2)});
        moves.reset();
    }
    return out;
}

std::vector<PendingChange> PendingChanges::interrupted() const
{
    std::vector<PendingChange> out;
    for (const PendingChange& c : m_changes)
        if (!c.ownerAlive)
            out.push_back(c);
    return out;
}

QString PendingChanges::resolve(qint64 imageId, const QString& recorded) const
{
    if (m_unrecorded.isEmpty())
        return recorded;
    const auto it = m_unrecorded.constFind(imageId);
    if (it == m_unrecorded.cend() || it->from != recorded)
        return recorded;
    if (!QFileInfo::exists(recorded) && QFileInfo::exists(it->to))
        return it->to;
    return recorded;
}

QString PendingChanges::message(const QString& finishCommand) const
{
    const std::vector<PendingChange> crashed = interrupted();
    if (crashed.empty())
        return {};
    QStringList what;
    for (const PendingChange& c : crashed)
        what << QStringLiteral("“%1” (%2 of %3 photos moved)")
                    .arg(c.description)
                    .arg(c.movesDone)
                    .arg(c.moves);
    return QStringLiteral("an interrupted change is pending: %1. Photos are shown where they are "
                          "now; %2 rolls it back.")
        .arg(what.join(QStringLiteral(", ")), finishCommand);
}

} // namespace lookalike
