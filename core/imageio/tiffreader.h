#pragma once
// Reads the directory structure of TIFF data (a TIFF file, a TIFF-based camera RAW, or the
// EXIF block of a HEIF or JPEG) without decoding pixels. Hostile data is expected: every
// offset is checked against the bytes given, loops and huge directories are cut short, and
// what lies beyond the bytes given is treated as absent. Thread-safe (no shared state).
#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <functional>
#include <optional>
#include <vector>

class QIODevice;

namespace lookalike {

class TiffReader {
public:
    // `data` starts with the TIFF header ("II*\0" or "MM\0*"); it is not copied and must
    // outlive the reader.
    explicit TiffReader(QByteArrayView data);
    // Reads a file through `device` (open, seekable, TIFF header at position 0): only the
    // directories and the small values asked for, wherever they sit in the file.
    explicit TiffReader(QIODevice* device);

    bool valid() const { return m_valid; }
    // The EXIF orientation (1..8) of the first directory, 0 when absent or out of range.
    int orientation() const;
    // The camera RAW format of the data ("dng", "nef", "arw", "pef", "srw", or "raw" for other
    // makers), or empty for an ordinary TIFF image. A RAW is recognised by a DNG version tag,
    // a colour filter array or linear raw directory, or a camera maker's raw compression.
    QString rawFormat() const;

private:
    struct Entry {
        quint16 tag = 0;
        quint16 type = 0;
        quint32 count = 0;
        qint64 valuePos = 0; // where the value starts in the data (inline or at its offset)
    };
    using Directory = std::vector<Entry>;

    std::optional<Directory> directory(qint64 offset, quint32* next) const;
    std::vector<Directory> directories() const; // IFD0 and its chain, and their SubIFDs
    std::optional<quint32> number(const Entry& entry, quint32 index = 0) const;
    QString text(const Entry& entry) const;
    // `bytes` bytes at `pos`, or empty when they are not all there.
    QByteArray at(qint64 pos, qint64 bytes) const;
    quint16 u16(const QByteArray& b, qsizetype pos = 0) const;
    quint32 u32(const QByteArray& b, qsizetype pos = 0) const;
    void readHeader();

    std::function<QByteArray(qint64 pos, qint64 bytes)> m_read;
    bool m_littleEndian = true;
    bool m_valid = false;
};

} // namespace lookalike
