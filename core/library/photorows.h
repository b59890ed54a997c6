#pragma once
// The rows of one photo in the library, copied out so that a photo taken out of the library
// (LabelEditor::removePhotos) can come back whole on undo: its images row, its items (faces
// and the photo item) with their labels, their vectors, its "not duplicates" verdicts and
// name conflicts. Map points are a cache and are left to be recomputed.
//
// Tables are copied column by column as they are at the time (generated columns left out),
// so a snapshot written before a migration that adds columns still restores.
#include "expected.h"
#include <QByteArray>
#include <QString>

namespace lookalike {

class Database;

class PhotoRows {
public:
    // The rows of `imageId`, serialised; an error when there is no such image.
    static Expected<QByteArray> save(Database& db, qint64 imageId);
    // Inserts the rows of `snapshot` again, inside the caller's transaction, with the file now
    // at `path` (and its RAW twin at `twin`, empty: none). Ids are kept where they are still
    // free, else new ones are given; labels are found or made again by name; verdicts with a
    // photo no longer in the library are dropped. Returns the image id.
    static Expected<qint64> restore(Database& db, const QByteArray& snapshot, const QString& path,
                                    const QString& twin);
};

} // namespace lookalike
