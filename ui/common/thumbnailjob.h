#pragma once
// The worker half of ThumbnailCache: turns face ids into face images, from the disk cache
// when it has them, otherwise by decoding the photo (reduced) and cutting the aligned face.
// In photo mode (Params::photos) the ids are image ids and the images whole photos, their
// long side kDiskSide, aspect kept.
// Pure functions on QImage; safe on any thread (each call opens its own read-only library
// connection). No QPixmap here.
#include "facealigner.h"
#include "library.h"
#include <QImage>
#include <optional>
#include <vector>

namespace lookalike::ui {

struct ThumbnailResult {
    qint64 faceId = 0; // an image id in photo mode
    QImage image; // null when failed
    bool fromDisk = false;
    QString error; // why it failed
};

class ThumbnailJob {
public:
    // Side of the images kept in the disk cache, in pixels (twice the embedder's 112 so
    // that large tiles stay sharp).
    static constexpr int kDiskSide = 224;

    struct Params {
        QString libraryPath;
        QString diskDir;                    // empty: no disk cache
        int side = 112;                     // side of the returned images, px
        std::optional<FaceAligner> aligner; // none: a square box crop instead
        bool photos = false;                // ids are image ids: whole-photo thumbnails
    };

    static std::vector<ThumbnailResult> run(const Params& params, const std::vector<qint64>& ids);

    // The disk cache file of a face: keyed by the photo's path, size and mtime, the face id
    // and its box, so that a changed photo or another library never reuses a stale image.
    static QString diskPath(const QString& diskDir, const FaceRecord& face, qint64 fileSize,
                            qint64 mtimeMs);
    // The disk cache file of a whole photo, keyed like a face's by path, size and mtime.
    static QString photoDiskPath(const QString& diskDir, const QString& path, qint64 fileSize,
                                 qint64 mtimeMs);
    // The face cut out of `photo` (any scale of the oriented photo), kDiskSide square.
    static QImage render(const QImage& photo, const FaceRecord& face,
                         const std::optional<FaceAligner>& aligner);

private:
    static std::vector<ThumbnailResult> runPhotos(const Params& params,
                                                  const std::vector<qint64>& ids);
};

} // namespace lookalike::ui
