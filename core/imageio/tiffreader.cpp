#include "tiffreader.h"

#include <QIODevice>
#include <QSet>
#include <QtEndian>
#include <array>

namespace lookalike {
namespace {

constexpr int kMaxDirectories = 32;
constexpr int kMaxEntries = 1024;

enum Tag : quint16 {
    NewSubfileType = 254,
    Compression = 259,
    Photometric = 262,
    Make = 271,
    Orientation = 274,
    SubIfds = 330,
    DngVersion = 50706,
    Sr2Private = 50740,
};

constexpr quint16 kCfa = 32803;       // PhotometricInterpretation: colour filter array
constexpr quint16 kLinearRaw = 34892; // PhotometricInterpretation: demosaiced raw
// Compression codes only camera makers' raw data uses: Sony ARW, Panasonic, Nikon NEF,
// Kodak DCR, Pentax PEF.
constexpr std::array<quint32, 6> kRawCompressions{32767, 32769, 32770, 34713, 65000, 65535};

int typeSize(quint16 type)
{
    switch (type) {
    case 1:
    case 2:
    case 6:
    case 7:
        return 1; // BYTE, ASCII, SBYTE, UNDEFINED
    case 3:
    case 8:
        return 2; // SHORT, SSHORT
    case 4:
    case 9:
    case 11:
    case 13:
        return 4; // LONG, SLONG, FLOAT, IFD
    case 5:
    case 10:
    case 12:
        return 8; // RATIONAL, SRATIONAL, DOUBLE
    default:
        return 0;
    }
}

} // namespace

TiffReader::TiffReader(QByteArrayView data)
{
    m_read = [data](qint64 pos, qint64 bytes) {
        if (pos < 0 || bytes < 0 || pos + bytes > data.size())
            return QByteArray();
        return QByteArray::fromRawData(data.data() + pos, qsizetype(bytes));
    };
    readHeader();
}

TiffReader::TiffReader(QIODevice* device)
{
    m_read = [device](qint64 pos, qint64 bytes) {
        if (pos < 0 || bytes < 0 || pos + bytes > device->size() || !device->seek(pos))
            return QByteArray();
        QByteArray out = device->read(bytes);
        return out.size() == bytes ? out : QByteArray();
    };
    readHeader();
}

void TiffReader::readHeader()
{
    const QByteArray head = at(0, 8);
    if (head.isEmpty())
        return;
    if (head.startsWith("II*\0"))
        m_littleEndian = true;
    else if (head.startsWith("MM\0*"))
        m_littleEndian = false;
    else if (head.startsWith("IIRO") || head.startsWith("IIRS") || head.startsWith("IIU\0"))
        m_littleEndian = true; // Olympus and Panasonic raw headers, TIFF structured
    else
        return;
    m_valid = true;
}

QByteArray TiffReader::at(qint64 pos, qint64 bytes) const
{
    return m_read(pos, bytes);
}

quint16 TiffReader::u16(const QByteArray& b, qsizetype pos) const
{
    const auto* p = reinterpret_cast<const uchar*>(b.constData() + pos);
    return m_littleEndian ? qFromLittleEndian<quint16>(p) : qFromBigEndian<quint16>(p);
}

quint32 TiffReader::u32(const QByteArray& b, qsizetype pos) const
{
    const auto* p = reinterpret_cast<const uchar*>(b.constData() + pos);
    return m_littleEndian ? qFromLittleEndian<quint32>(p) : qFromBigEndian<quint32>(p);
}

std::optional<TiffReader::Directory> TiffReader::directory(qint64 offset, quint32* next) const
{
    *next = 0;
    const QByteArray countBytes = at(offset, 2);
    if (countBytes.isEmpty())
        return std::nullopt;
    const int count = u16(countBytes);
    if (count == 0 || count > kMaxEntries)
        return std::nullopt;
    QByteArray entries = at(offset + 2, qint64(count) * 12 + 4);
    const bool hasNext = !entries.isEmpty();
    if (!hasNext)
        entries = at(offset + 2, qint64(count) * 12);
    if (entries.isEmpty())
        return std::nullopt;
    Directory out;
    out.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        const qsizetype pos = qsizetype(i) * 12;
        Entry e{u16(entries, pos), u16(entries, pos + 2), u32(entries, pos + 4),
                offset + 2 + pos + 8};
        const qint64 bytes = qint64(typeSize(e.type)) * e.count;
        if (bytes > 4)
            e.valuePos = qint64(u32(entries, pos + 8));
        out.push_back(e);
    }
    if (hasNext)
        *next = u32(entries, qsizetype(count) * 12);
    return out;
}

std::vector<TiffReader::Directory> TiffReader::directories() const
{
    std::vector<Directory> out;
    if (!m_valid)
        return out;
    std::vector<quint32> pending{u32(at(0, 8), 4)};
    QSet<quint32> seen;
    while (!pending.empty() && int(out.size()) < kMaxDirectories) {
        const quint32 offset = pending.back();
        pending.pop_back();
        if (offset < 8 || seen.contains(offset))
            continue;
        seen.insert(offset);
        quint32 next = 0;
        auto dir = directory(offset, &next);
        if (!dir)
            continue;
        if (next)
            pending.push_back(next);
        for (const Entry& e : *dir)
            if (e.tag == SubIfds)
                for (quint32 i = 0; i < std::min<quint32>(e.count, kMaxDirectories); ++i)
                    if (auto sub = number(e, i))
                        pending.push_back(*sub);
        out.push_back(std::move(*dir));
    }
    return out;
}

std::optional<quint32> TiffReader::number(const Entry& e, quint32 index) const
{
    if (index >= e.count)
        return std::nullopt;
    const int size = typeSize(e.type);
    const QByteArray value = at(e.valuePos + qint64(index) * size, size);
    if (value.isEmpty())
        return std::nullopt;
    switch (e.type) {
    case 1:
    case 7:
        return quint32(uchar(value[0]));
    case 3:
        return quint32(u16(value));
    case 4:
    case 13:
        return u32(value);
    default:
        return std::nullopt;
    }
}

QString TiffReader::text(const Entry& e) const
{
    const QByteArray value = e.type == 2 && e.count <= 256 ? at(e.valuePos, e.count) : QByteArray();
    return QString::fromLatin1(value).section(QChar(0), 0, 0).trimmed();
}

int TiffReader::orientation() const
{
    if (!m_valid)
        return 0;
    quint32 next = 0;
    const auto dir = directory(u32(at(0, 8), 4), &next);
    if (!dir)
        return 0;
    for (const Entry& e : *dir)
        if (e.tag == Orientation) {
            const auto value = number(e);
            return value && *value >= 1 && *value <= 8 ? int(*value) : 0;
        }
    return 0;
}

QString TiffReader::rawFormat() const
{
    bool raw = false;
    QString make;
    for (const Directory& dir : directories()) {
        for (const Entry& e : dir) {
            if (e.tag == DngVersion)
                return QStringLiteral("dng");
            if (e.tag == Sr2Private)
                raw = true;
            if (e.tag == Make && make.isEmpty())
                make = text(e).toUpper();
            const auto value = number(e);
            if (e.tag == Photometric && value && (*value == kCfa || *value == kLinearRaw))
                raw = true;
            if (e.tag == Compression && value && std::ranges::count(kRawCompressions, *value))
                raw = true;
        }
    }
    if (!raw)
        return {};
    if (make.startsWith(u"NIKON"))
        return QStringLiteral("nef");
    if (make.startsWith(u"SONY"))
        return QStringLiteral("arw");
    if (make.startsWith(u"PENTAX") || make.startsWith(u"RICOH"))
        return QStringLiteral("pef");
    if (make.startsWith(u"SAMSUNG"))
        return QStringLiteral("srw");
    if (make.startsWith(u"CANON"))
        return QStringLiteral("cr2");
    return QStringLiteral("raw");
}

} // namespace lookalike
