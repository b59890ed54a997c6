#pragma once
// The image formats the loader reads, recognised by content, never by file name, and how
// to name them to a person. Thread-safe: pure functions.
#include <QByteArray>
#include <QString>
#include <QStringList>

class QIODevice;

namespace lookalike {

class ImageFormat {
public:
    // Bytes sniff() needs to tell every format apart except TIFF-based camera RAWs, whose
    // directories may sit anywhere in the file.
    static constexpr int kHeadBytes = 64;

    // The format of data starting with `head` (any length: TIFF-based RAWs are told from
    // TIFF images when their directories are within it), or empty. Names: "jpeg", "png",
    // "webp", "gif", "tiff", "bmp",
    // "pgm", "ppm", "pbm"; "heic", "avif", "heif" (other HEIF codecs); camera RAW "dng",
    // "cr2", "cr3", "nef", "arw", "orf", "rw2", "raf", "pef", "srw", "raw" (other makers).
    static QString sniff(const QByteArray& head);
    // The same for a file through `device` (open, seekable): reads the head, and for TIFF
    // data only the directories, wherever they are (a few small reads).
    static QString sniffFile(QIODevice* device);

    static bool isHeif(const QString& format); // heic, avif, heif
    static bool isRaw(const QString& format);  // camera RAW
    // "JPEG", "HEIC", "Canon CR2", "DNG"... for messages.
    static QString displayName(const QString& format);
    // The group a survey counts the format in: "HEIC/HEIF", "AVIF", "RAW", or its display name.
    static QString family(const QString& format);
    // File suffixes (lower case, no dot) that photos of the supported formats carry: for
    // file dialogs and for telling a damaged photo from a file that is no photo at all.
    static const QStringList& photoSuffixes();
    // Suffixes of camera RAW files.
    static const QStringList& rawSuffixes();
};

} // namespace lookalike
