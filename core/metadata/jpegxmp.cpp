#include "jpegxmp.h"

#include <QtEndian>

namespace lookalike {
namespace {

const QByteArray kSignature("http://ns.adobe.com/xap/1.0/\0", 29);

struct Segment {
    qsizetype start = 0; // the FF of the marker
    qsizetype end = 0;   // one past the segment
    uchar marker = 0;
};

// The marker segments before the image data (SOS), in order; empty when not a JPEG.
std::vector<Segment> headerSegments(const QByteArray& b)
{
    std::vector<Segment> out;
    if (b.size() < 4 || uchar(b[0]) != 0xFF || uchar(b[1]) != 0xD8)
        return out;
    qsizetype pos = 2;
    while (pos + 4 <= b.size() && uchar(b[pos]) == 0xFF) {
        const uchar marker = uchar(b[pos + 1]);
        if (marker == 0xDA || marker == 0xD9)
            break;
        const qsizetype length = qFromBigEndian<quint16>(b.constData() + pos + 2);
        if (length < 2 || pos + 2 + length > b.size())
            return {};
        out.push_back({pos, pos + 2 + length, marker});
        pos += 2 + length;
    }
    return out;
}

bool isXmp(const QByteArray& b, const Segment& s)
{
    return s.marker == 0xE1 &&
           QByteArrayView(b).sliced(s.start + 4, s.end - s.start - 4).startsWith(kSignature);
}

} // namespace

QByteArray JpegXmp::packet(const QByteArray& jpeg)
{
    for (const Segment& s : headerSegments(jpeg))
        if (isXmp(jpeg, s))
            return jpeg.mid(s.start + 4 + kSignature.size(),
                            s.end - s.start - 4 - kSignature.size());
    return {};
}

Expected<QByteArray> JpegXmp::withPacket(const QByteArray& jpeg, const QByteArray& packet)
{
    const std::vector<Segment> segments = headerSegments(jpeg);
    if (segments.empty() && !jpeg.startsWith("\xFF\xD8"))
        return Error{QStringLiteral("not a JPEG file")};
    const qsizetype length = 2 + kSignature.size() + packet.size();
    if (length > 0xFFFF)
        return Error{QStringLiteral("the XMP data (%1 bytes) is too large for one JPEG segment")
                         .arg(packet.size())};
    QByteArray segment("\xFF\xE1", 2);
    segment.append(char(length >> 8)).append(char(length & 0xFF)).append(kSignature).append(packet);
    for (const Segment& s : segments)
        if (isXmp(jpeg, s))
            return jpeg.left(s.start) + segment + jpeg.mid(s.end);
    // After the leading APP0 (JFIF) and APP1 (EXIF) segments, where readers look for it.
    qsizetype at = 2;
    for (const Segment& s : segments) {
        if (s.marker != 0xE0 && s.marker != 0xE1)
            break;
        at = s.end;
    }
    return jpeg.left(at) + segment + jpeg.mid(at);
}

} // namespace lookalike
