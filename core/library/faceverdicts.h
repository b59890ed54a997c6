#pragma once
// A person's verdict on a detection: "a face" or "not a face", overriding the face gate.
// Stored on the item (items.face_verdict); items.not_face follows from it, or from the gate
// when there is none. Verdicts are the user's work: when a file is indexed again its new
// detections take the verdicts of the old ones in the same place, and the journal's verdict
// steps follow them, so undo still finds them.
//
// The SQL of verdicts lives here; LabelEditor journals changes, Library::storeResults carries
// them over. Use on the Library's thread, inside the caller's transaction.
#include "expected.h"
#include <QRectF>
#include <QString>
#include <vector>

namespace lookalike {

class Database;
struct DetectedFace;

class FaceVerdicts {
public:
    enum Verdict { None = -1, NotFace = 0, Face = 1 };

    // The item's verdict, None when the gate decides (or there is no such item).
    static int verdict(Database& db, qint64 item);
    // Sets (None: clears) the verdict of one item.
    static Status set(Database& db, qint64 item, int verdict);

    // Verdicts of the faces of the file at `path`, read before its records are replaced.
    struct Region {
        qint64 item = 0;
        QRectF box; // relative 0..1
        int verdict = None;
    };
    static std::vector<Region> ofFile(Database& db, const QString& path);
    // For each of `faces`, the index in `regions` of the verdict it inherits, or -1: each
    // region goes to the face that overlaps it most, when they overlap by at least half
    // (intersection over union).
    static std::vector<int> match(const std::vector<Region>& regions,
                                  const std::vector<DetectedFace>& faces);
    // The new item `to` takes the verdict of `from`, and journal steps on `from` follow it.
    static Status carryOver(Database& db, const Region& from, qint64 to);
};

} // namespace lookalike
