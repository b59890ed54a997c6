#include "imageformat.h"
#include "tiffreader.h"

#include <QHash>
#include <QIODevice>
#include <QtEndian>
#include <array>
#include <cstring>
#include <string_view>

namespace lookalike {
namespace {

using namespace std::string_view_literals;

bool hasBytes(const QByteArray& head, qsizetype offset, std::string_view magic)
{
    return head.size() >= offset + qsizetype(magic.size()) &&
           std::memcmp(head.constData() + offset, magic.data(), magic.size()) == 0;
}

// "BM" alone would match any text starting with those letters, so also require one of the
// known DIB header sizes at offset 14.
bool isBmp(const QByteArray& head)
{
    if (!hasBytes(head, 0, "BM"sv) || head.size() < 18)
        return false;
    constexpr std::array<quint32, 7> dibHeaderSizes{12, 40, 52, 56, 64, 108, 124};
    return std::ranges::count(dibHeaderSizes, qFromLittleEndian<quint32>(head.constData() + 14));
}

// "P1".."P6", whitespace, then a digit, whitespace or a comment.
QString netpbmFormat(const QByteArray& head)
{
    if (head.size() < 4 || head[0] != 'P' || !std::isspace(uchar(head[2])))
        return {};
    if (!std::isdigit(uchar(head[3])) && !std::isspace(uchar(head[3])) && head[3] != '#')
        return {};
    switch (head[1]) {
    case '1':
    case '4':
        return QStringLiteral("pbm");
    case '2':
    case '5':
        return QStringLiteral("pgm");
    case '3':
    case '6':
        return QStringLiteral("ppm");
    default:
        return {};
    }
}

// ISO base media files (HEIF, AVIF, Canon CR3) by the brands of their leading 'ftyp' box:
// the major brand first, then the compatible ones.
QString bmffFormat(const QByteArray& head)
{
    if (!hasBytes(head, 4, "ftyp"sv) || head.size() < 12)
        return {};
    const qsizetype boxEnd =
        std::min<qsizetype>(head.size(), qFromBigEndian<quint32>(head.constData()));
    QList<QByteArray> brands{head.mid(8, 4)};
    for (qsizetype pos = 16; pos + 4 <= boxEnd; pos += 4)
        brands << head.mid(pos, 4);
    static const QHash<QByteArray, QString> known{
        {"avif", QStringLiteral("avif")}, {"avis", QStringLiteral("avif")},
        {"heic", QStringLiteral("heic")}, {"heix", QStringLiteral("heic")},
        {"heim", QStringLiteral("heic")}, {"heis", QStringLiteral("heic")},
        {"hevc", QStringLiteral("heic")}, {"hevx", QStringLiteral("heic")},
        {"crx ", QStringLiteral("cr3")},  {"mif1", QStringLiteral("heif")},
        {"msf1", QStringLiteral("heif")}};
    QString generic;
    for (const QByteArray& brand : brands) {
        const QString format = known.value(brand);
        if (format == u"heif")
            generic = format;
        else if (!format.isEmpty())
            return format;
    }
    return generic;
}

bool isTiff(const QByteArray& head)
{
    return hasBytes(head, 0, "II*\0"sv) || hasBytes(head, 0, "MM\0*"sv);
}

QString tiffFormat(const QByteArray& head, const TiffReader& reader)
{
    if (hasBytes(head, 8, "CR\x02\0"sv))
        return QStringLiteral("cr2");
    const QString raw = reader.rawFormat();
    return raw.isEmpty() ? QStringLiteral("tiff") : raw;
}

} // namespace

QString ImageFormat::sniff(const QByteArray& head)
{
    if (hasBytes(head, 0, "\xFF\xD8\xFF"sv))
        return QStringLiteral("jpeg");
    if (hasBytes(head, 0, "\x89PNG\r\n\x1A\n"sv))
        return QStringLiteral("png");
    if (hasBytes(head, 0, "RIFF"sv) && hasBytes(head, 8, "WEBP"sv))
        return QStringLiteral("webp");
    if (hasBytes(head, 0, "GIF87a"sv) || hasBytes(head, 0, "GIF89a"sv))
        return QStringLiteral("gif");
    if (isTiff(head))
        return tiffFormat(head, TiffReader(head));
    if (hasBytes(head, 0, "IIRO"sv) || hasBytes(head, 0, "IIRS"sv) || hasBytes(head, 0, "MMOR"sv))
        return QStringLiteral("orf");
    if (hasBytes(head, 0, "IIU\0"sv))
        return QStringLiteral("rw2");
    if (hasBytes(head, 0, "FUJIFILMCCD-RAW"sv))
        return QStringLiteral("raf");
    if (const QString bmff = bmffFormat(head); !bmff.isEmpty())
        return bmff;
    if (isBmp(head))
        return QStringLiteral("bmp");
    return netpbmFormat(head);
}

QString ImageFormat::sniffFile(QIODevice* device)
{
    if (!device->seek(0))
        return {};
    const QByteArray head = device->read(kHeadBytes);
    return isTiff(head) ? tiffFormat(head, TiffReader(device)) : sniff(head);
}

bool ImageFormat::isHeif(const QString& format)
{
    return format == u"heic" || format == u"avif" || format == u"heif";
}

bool ImageFormat::isRaw(const QString& format)
{
    static const QStringList raws{
        QStringLiteral("dng"), QStringLiteral("cr2"), QStringLiteral("cr3"), QStringLiteral("nef"),
        QStringLiteral("arw"), QStringLiteral("orf"), QStringLiteral("rw2"), QStringLiteral("raf"),
        QStringLiteral("pef"), QStringLiteral("srw"), QStringLiteral("raw")};
    return raws.contains(format);
}

QString ImageFormat::displayName(const QString& format)
{
    static const QHash<QString, QString> names{
        {QStringLiteral("cr2"), QStringLiteral("Canon CR2")},
        {QStringLiteral("cr3"), QStringLiteral("Canon CR3")},
        {QStringLiteral("nef"), QStringLiteral("Nikon NEF")},
        {QStringLiteral("arw"), QStringLiteral("Sony ARW")},
        {QStringLiteral("orf"), QStringLiteral("Olympus ORF")},
        {QStringLiteral("rw2"), QStringLiteral("Panasonic RW2")},
        {QStringLiteral("raf"), QStringLiteral("Fujifilm RAF")},
        {QStringLiteral("pef"), QStringLiteral("Pentax PEF")},
        {QStringLiteral("srw"), QStringLiteral("Samsung SRW")},
        {QStringLiteral("raw"), QStringLiteral("camera RAW")}};
    return names.value(format, format.toUpper());
}

QString ImageFormat::family(const QString& format)
{
    if (format == u"heic" || format == u"heif")
        return QStringLiteral("HEIC/HEIF");
    if (format == u"avif")
        return QStringLiteral("AVIF");
    if (isRaw(format))
        return QStringLiteral("RAW");
    return displayName(format);
}

const QStringList& ImageFormat::rawSuffixes()
{
    static const QStringList suffixes{
        QStringLiteral("dng"), QStringLiteral("cr2"), QStringLiteral("cr3"), QStringLiteral("nef"),
        QStringLiteral("nrw"), QStringLiteral("arw"), QStringLiteral("srf"), QStringLiteral("sr2"),
        QStringLiteral("orf"), QStringLiteral("rw2"), QStringLiteral("raf"), QStringLiteral("pef"),
        QStringLiteral("srw"), QStringLiteral("raw")};
    return suffixes;
}

const QStringList& ImageFormat::photoSuffixes()
{
    static const QStringList suffixes =
        QStringList{QStringLiteral("jpg"),  QStringLiteral("jpeg"), QStringLiteral("jpe"),
                    QStringLiteral("jfif"), QStringLiteral("png"),  QStringLiteral("webp"),
                    QStringLiteral("bmp"),  QStringLiteral("tif"),  QStringLiteral("tiff"),
                    QStringLiteral("gif"),  QStringLiteral("pgm"),  QStringLiteral("ppm"),
                    QStringLiteral("pbm"),  QStringLiteral("pnm"),  QStringLiteral("heic"),
                    QStringLiteral("heif"), QStringLiteral("hif"),  QStringLiteral("avif")} +
        rawSuffixes();
    return suffixes;
}

} // namespace lookalike
