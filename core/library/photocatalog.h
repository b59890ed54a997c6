#pragma once
// The library's photos (rows of `images` that were indexed), as the photos grid shows them:
// read in blocks of ids so that a 100,000-photo library streams, and ordered by folder, then
// date (taken when the library knows it, else the file's mtime), then name.
//
// Static functions on a Library the caller owns (one Library per thread, see library.h).
#include "library.h"
#include <QString>
#include <vector>

namespace lookalike {

struct PhotoInfo {
    qint64 id = 0;
    QString path;
    qint64 size = 0;    // bytes
    qint64 mtimeMs = 0; // ms since the epoch
    qint64 takenMs = 0; // date taken, ms since the epoch; 0: unknown
    int width = 0;      // px, as stored (display orientation)
    int height = 0;
    QString format; // "jpeg", "png", ...
    QString camera; // empty: unknown

    // The date the grid sorts by: taken when known, else the file's mtime.
    qint64 dateMs() const { return takenMs > 0 ? takenMs : mtimeMs; }
    QString folder() const;
};

class PhotoCatalog {
public:
    // Indexed photos with ids in (afterId, afterId + span], by id; span 0: all after afterId.
    // Reads images.taken and images.camera when the library has them (schema 7 and later).
    static std::vector<PhotoInfo> block(Library& library, qint64 afterId, qint64 span);
    // Indexed photos by id, in the order of `ids`; unknown ids are left out.
    static std::vector<PhotoInfo> photos(Library& library, const std::vector<qint64>& ids);
    // The highest image id, 0 when none: where block loads stop.
    static qint64 lastId(Library& library);
    // The grid's order: folder (case-insensitive, then exact), date, file name.
    static void sortForDisplay(std::vector<PhotoInfo>& photos);
};

} // namespace lookalike
