#include "faceverdicts.h"

#include "database.h"
#include "face.h"

namespace lookalike {

namespace {

double overlap(const QRectF& a, const QRectF& b)
{
    const QRectF both = a.intersected(b);
    const double inter = both.width() * both.height();
    const double total = a.width() * a.height() + b.width() * b.height() - inter;
    return total > 0 ? inter / total : 0.0;
}

} // namespace

int FaceVerdicts::verdict(Database& db, qint64 item)
{
    Statement q = db.prepare("SELECT face_verdict FROM items WHERE id = ?");
    q.bind(1, item);
    if (!q.next() || q.isNull(0))
        return None;
    return q.integer(0) != 0 ? Face : NotFace;
}

Status FaceVerdicts::set(Database& db, qint64 item, int verdict)
{
    Statement q = db.prepare("UPDATE items SET face_verdict = ? WHERE id = ?");
    if (verdict == None)
        q.bindNull(1);
    else
        q.bind(1, verdict == Face ? 1 : 0);
    q.bind(2, item);
    return q.exec() ? success() : Status(Error{q.error()});
}

std::vector<FaceVerdicts::Region> FaceVerdicts::ofFile(Database& db, const QString& path)
{
    std::vector<Region> out;
    Statement q = db.prepare("SELECT items.id, items.x, items.y, items.w, items.h, "
                             "items.face_verdict FROM items JOIN images ON images.id = "
                             "items.image_id WHERE images.path = ? AND items.face_verdict IS "
                             "NOT NULL ORDER BY items.id");
    q.bind(1, path);
    while (q.next())
        out.push_back({q.integer(0), QRectF(q.real(1), q.real(2), q.real(3), q.real(4)),
                       q.integer(5) != 0 ? Face : NotFace});
    return out;
}

std::vector<int> FaceVerdicts::match(const std::vector<Region>& regions,
                                     const std::vector<DetectedFace>& faces)
{
    std::vector<int> out(faces.size(), -1);
    std::vector<double> best(faces.size(), 0.5); // at least half
    for (size_t r = 0; r < regions.size(); ++r) {
        int choice = -1;
        double most = 0;
        for (size_t f = 0; f < faces.size(); ++f) {
            const double o = overlap(regions[r].box, faces[f].box);
            if (o >= best[f] && o > most) {
                most = o;
                choice = int(f);
            }
        }
        if (choice >= 0) {
            out[size_t(choice)] = int(r);
            best[size_t(choice)] = most;
        }
    }
    return out;
}

Status FaceVerdicts::carryOver(Database& db, const Region& from, qint64 to)
{
    if (Status s = set(db, to, from.verdict); !s)
        return s;
    Statement q = db.prepare("UPDATE journal SET face_item = ? WHERE face_item = ?");
    q.bind(1, to).bind(2, from.item);
    return q.exec() ? success() : Status(Error{q.error()});
}

} // namespace lookalike
