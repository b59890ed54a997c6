#pragma once
// The date a photo was taken and the camera, from its EXIF (Exiv2). Thread-safe.
#include <QByteArray>
#include <QString>

namespace lookalike {

struct ExifFacts {
    qint64 takenMs = 0; // DateTimeOriginal (else DateTime) as ms since epoch, read as UTC; 0: none
    QString camera;     // "Make Model" (the model alone when it already names the make)

    // Never fails: a file without EXIF (or one Exiv2 cannot read) has no facts.
    static ExifFacts read(const QByteArray& file);
};

} // namespace lookalike
