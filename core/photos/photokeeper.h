#pragma once
// Which photo of a duplicate group to keep: the largest resolution, then an original format
// over a converted one (camera RAW, HEIC, JPEG before TIFF, PNG, WebP, GIF...), then the
// oldest (date taken, else file time), then the shortest path.
#include <QString>
#include <QtGlobal>
#include <vector>

namespace lookalike {

struct PhotoFacts {
    qint64 imageId = 0;
    QString path;
    int width = 0;
    int height = 0;
    qint64 bytes = 0;
    QString format;     // "jpeg", "png", "dng"...
    qint64 takenMs = 0; // EXIF DateTimeOriginal, ms since epoch (local time as UTC); 0: unknown
    qint64 mtimeMs = 0;
    QString camera;     // "make model", empty when unknown
    QString hash;       // hex content hash
};

class PhotoKeeper {
public:
    // Index into `group` of the photo to keep; -1 when the group is empty.
    static int pick(const std::vector<PhotoFacts>& group);
    // Rank of a format as an original: lower is more original.
    static int formatRank(const QString& format);
};

} // namespace lookalike
