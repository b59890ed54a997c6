#pragma once
// One photo found by a photo search or a duplicate search.
#include <QString>
#include <QtGlobal>

namespace lookalike {

// exact: same content hash; near: a near-duplicate (resized, recompressed, converted, cropped,
// lightly edited copy); similar: looks alike (colour layout and texture), another photo.
enum class PhotoMatchKind { Exact = 0, Near = 1, Similar = 2 };

QString photoMatchKindName(PhotoMatchKind kind); // "exact", "near", "similar"
bool parsePhotoMatchKind(const QString& name, PhotoMatchKind* kind);

struct PhotoMatch {
    qint64 imageId = 0;
    QString path;
    float similarity = 0; // 0..1, 1: the same photo
    PhotoMatchKind kind = PhotoMatchKind::Similar;
};

} // namespace lookalike
