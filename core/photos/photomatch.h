#pragma once
// One photo found by a photo search or a duplicate search.
#include <QString>
#include <QtGlobal>

namespace lookalike {

// exact: same content hash; near: a near-duplicate (resized, recompressed, converted, cropped,
// lightly edited copy); similar: looks alike (colour layout and texture), another photo;
// object: another photo of the same object (a poster, cover, painting, building or product:
// keypoints that a homography maps onto each other, ObjectSearch), from a photo query only.
enum class PhotoMatchKind { Exact = 0, Near = 1, Similar = 2, Object = 3 };

QString photoMatchKindName(PhotoMatchKind kind); // "exact", "near", "similar", "object"
// The kinds a duplicate search groups by: exact, near, similar (not object).
bool parsePhotoMatchKind(const QString& name, PhotoMatchKind* kind);

struct PhotoMatch {
    qint64 imageId = 0;
    QString path;
    float similarity = 0; // 0..1, 1: the same photo
    PhotoMatchKind kind = PhotoMatchKind::Similar;
    int inliers = 0; // kind object: keypoints the geometric check agreed on (similarity: VLAD's)
};

} // namespace lookalike
