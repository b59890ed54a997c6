#include "imageloader.h"
#include "heifdecoder.h"
#include "imageformat.h"
#include "imagepixels.h"
#include "rawdecoder.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QLoggingCategory>
#include <QStringList>
#include <QtEndian>
#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <mutex>
#include <string_view>

namespace lookalike {
namespace {

// Debug output (files decoded despite decoder complaints) is off unless enabled.
Q_LOGGING_CATEGORY(lcImageLoader, "lookalike.core.io", QtInfoMsg)

// ---- Decoder messages ----------------------------------------------------------------
// libjpeg explains failures only through Qt warnings ("Bogus Huffman table definition",
// "Unsupported marker type 0x0d"); libpng warnings arrive as qt.gui.imageio messages. While
// a DecoderMessages lives, those emitted on its thread are collected instead of printed;
// everything else goes to the handler installed before ours. (libpng errors and libtiff
// write to stderr themselves: those failures fall back to QImageReader's generic text.)

class DecoderMessages {
public:
    DecoderMessages();
    ~DecoderMessages() { t_current = m_outer; }
    DecoderMessages(const DecoderMessages&) = delete;
    DecoderMessages& operator=(const DecoderMessages&) = delete;
    // The collected warnings joined with "; ", or `fallback` when there were none.
    QString text(const QString& fallback) const;

private:
    static void handle(QtMsgType type, const QMessageLogContext& context, const QString& text);

    static thread_local DecoderMessages* t_current;
    static std::atomic<QtMessageHandler> s_previous;
    QStringList m_messages;
    DecoderMessages* m_outer;
};

thread_local DecoderMessages* DecoderMessages::t_current = nullptr;
std::atomic<QtMessageHandler> DecoderMessages::s_previous = nullptr;

DecoderMessages::DecoderMessages() : m_outer(t_current)
{
    static std::once_flag installed;
    std::call_once(installed, [] { s_previous = qInstallMessageHandler(&handle); });
    t_current = this;
}

void DecoderMessages::handle(QtMsgType type, const QMessageLogContext& context, const QString& text)
{
    const bool imageIo = qstrncmp(context.category, "qt.gui.imageio", 14) == 0;
    if (t_current && (type == QtWarningMsg || type == QtCriticalMsg || imageIo)) {
        // Qt's TIFF plugin names every libtiff message after its dummy file name "foo".
        t_current->m_messages.append(text.startsWith(u"foo: ") ? text.mid(5) : text);
        return;
    }
    if (const QtMessageHandler previous = s_previous.load())
        previous(type, context, text);
    else
        fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, text)));
}

QString DecoderMessages::text(const QString& fallback) const
{
    return m_messages.isEmpty() ? fallback : m_messages.join(QStringLiteral("; "));
}

QString displayName(const QString& format)
{
    return ImageFormat::displayName(format);
}

QString firstBytesHex(const QByteArray& bytes)
{
    return QString::fromLatin1(bytes.left(8).toHex(' '));
}

// ---- Truncation --------------------------------------------------------------------

// Walks the marker segments: truncated when the data ends inside one, or when the scan
// that follows SOS has no EOI (entropy-coded data never contains FF D9). False for data
// that is damaged rather than cut short.
bool jpegTruncated(const QByteArray& b)
{
    qsizetype pos = 2; // after SOI
    while (pos + 1 < b.size()) {
        if (uchar(b[pos]) != 0xFF)
            return false;
        const uchar marker = uchar(b[pos + 1]);
        if (marker == 0xFF) { // fill byte
            ++pos;
            continue;
        }
        if (marker < 0xC0) // not a segment marker: garbage
            return false;
        if (marker == 0xDA)
            return b.indexOf("\xFF\xD9", pos) < 0;
        if (marker == 0xD9 || pos + 3 >= b.size())
            return marker != 0xD9;
        pos += 2 + (uchar(b[pos + 2]) << 8 | uchar(b[pos + 3]));
    }
    return true;
}

// Walks the chunks: truncated when the data ends before IEND.
bool pngTruncated(const QByteArray& b)
{
    qsizetype pos = 8; // after the signature
    while (pos + 8 <= b.size()) {
        const quint32 length = qFromBigEndian<quint32>(b.constData() + pos);
        if (length > 0x7FFFFFFF)
            return false;
        if (QByteArrayView(b).sliced(pos + 4, 4) == "IEND")
            return false;
        pos += 12 + qsizetype(length);
    }
    return true;
}

bool looksTruncated(const QByteArray& bytes, const QString& format)
{
    return format == u"jpeg" ? jpegTruncated(bytes) : format == u"png" && pngTruncated(bytes);
}

// ---- Qt's decoders ---------------------------------------------------------------------

// QImageReader refuses images above a process-wide limit (Qt 6: 128 MB, ~33 MP at the
// 4 bytes per pixel Qt counts at least). Set it to what maxPixels costs at 4 bytes per
// pixel: a second guard behind the declared-size check, for handlers whose size() is not
// what they allocate. 16-bit images above maxPixels / 2 are refused by it. Never lowered,
// never set when disabled (0).
void ensureAllocationLimit(qint64 maxPixels)
{
    static std::mutex mutex;
    const qint64 neededMb = (maxPixels * 4 >> 20) + 1;
    const std::lock_guard lock(mutex);
    const int current = QImageReader::allocationLimit();
    if (current != 0 && current < neededMb)
        QImageReader::setAllocationLimit(int(std::min<qint64>(neededMb, INT_MAX)));
}

// The size the decoder will allocate. For GIF that is the logical screen, which Qt's
// size() does not report (it gives the first frame's).
QSize declaredSize(const QImageReader& reader, const QByteArray& bytes, const QString& format)
{
    const QSize size = reader.size();
    if (format != u"gif" || !size.isValid() || bytes.size() < 10)
        return size;
    return size.expandedTo(QSize(qFromLittleEndian<quint16>(bytes.constData() + 6),
                                 qFromLittleEndian<quint16>(bytes.constData() + 8)));
}

// A reader over `bytes` with the sniffed format forced and EXIF orientation applied
// (unless `upright` is false: previews embedded in a RAW follow the RAW's orientation).
struct Reader {
    Reader(const QByteArray& bytes, const QString& format, bool upright = true)
    {
        buffer.setData(bytes);
        buffer.open(QIODevice::ReadOnly);
        reader.setDevice(&buffer);
        reader.setFormat(format.toLatin1());
        reader.setAutoTransform(upright);
    }
    QBuffer buffer;
    QImageReader reader;
};

QImage decodeFull(const QByteArray& bytes, const QString& format, bool upright)
{
    const DecoderMessages silenced;
    Reader r(bytes, format, upright);
    return ImagePixels::toRgb888(r.reader.read());
}

Error failure(const QString& name, const QString& reason)
{
    return ImagePixels::failure(name, reason);
}

// Why the header or the pixels could not be read, from the decoder's own words.
QString decodeFailure(const QByteArray& bytes, const QString& format, const QString& details,
                      bool headerOnly)
{
    const QString what = displayName(format);
    if (looksTruncated(bytes, format))
        return QStringLiteral("truncated %1 data: %2").arg(what, details);
    return headerOnly ? QStringLiteral("not a valid %1: %2").arg(what, details)
                      : QStringLiteral("could not decode the %1 data: %2").arg(what, details);
}

// A damaged RAW whose directories are gone reads as a TIFF: say what the file is named.
QString rawHint(const QString& name, const QString& format)
{
    const QString suffix = QFileInfo(name).suffix().toLower();
    if (format != u"tiff" || !ImageFormat::rawSuffixes().contains(suffix))
        return {};
    return QStringLiteral("damaged %1 file (named .%2, its RAW structure is unreadable): ")
        .arg(ImageFormat::displayName(suffix), suffix);
}

// Fills in what follows from a decoded `loaded.image` and the photo's oriented size.
void complete(LoadedImage& loaded, const QByteArray& bytes, const QString& format,
              const QSize& fullSize, bool upright)
{
    loaded.fullSize = fullSize;
    loaded.scale = double(loaded.image.width()) / fullSize.width();
    loaded.format = format;
    if (looksTruncated(bytes, format))
        loaded.warning = QStringLiteral("truncated %1 data: the bottom of the image may be grey")
                             .arg(displayName(format));
    if (loaded.image.size() == fullSize)
        loaded.fullResolution = [image = loaded.image] { return image; };
    else
        loaded.fullResolution = [bytes, format, upright] {
            return decodeFull(bytes, format, upright);
        };
}

} // namespace

QString ImageLoader::sniffFormat(const QByteArray& head)
{
    return ImageFormat::sniff(head);
}

bool ImageLoader::looksLikeImage(const QString& path)
{
    QFile file(path);
    return QFileInfo(path).isFile() && file.open(QIODevice::ReadOnly) &&
           !sniffFormat(file.read(sniffBytes)).isEmpty();
}

Expected<LoadedImage> ImageLoader::decode(const QByteArray& bytes, const QString& name,
                                          const Options& options)
{
    if (bytes.isEmpty())
        return failure(name, QStringLiteral("empty file (0 bytes)"));
    // The whole file, so that TIFF-based RAWs are told from TIFF images wherever their
    // directories are.
    const QString format = ImageFormat::sniff(bytes);
    if (format.isEmpty())
        return failure(name, QStringLiteral("not a recognised image format (first bytes %1)")
                                 .arg(firstBytesHex(bytes)));
    if (ImageFormat::isHeif(format))
        return HeifDecoder::decode(bytes, format, name, options.maxPixels, options.workingMaxSide);
    if (ImageFormat::isRaw(format))
        return RawDecoder::decode(bytes, format, name, options.maxPixels, options.workingMaxSide);
    return decodeWithQt(bytes, format, name, options, true);
}

Expected<LoadedImage> ImageLoader::decodeEmbedded(const QByteArray& bytes, const QString& name,
                                                  const Options& options)
{
    const QString format = ImageFormat::sniff(bytes.left(sniffBytes));
    if (format.isEmpty() || ImageFormat::isHeif(format) || ImageFormat::isRaw(format))
        return failure(name, QStringLiteral("not a JPEG, PNG or TIFF preview (first bytes %1)")
                                 .arg(firstBytesHex(bytes)));
    return decodeWithQt(bytes, format, name, options, false);
}

Expected<LoadedImage> ImageLoader::decodeWithQt(const QByteArray& bytes, const QString& format,
                                                const QString& name, const Options& options,
                                                bool upright)
{
    ensureAllocationLimit(options.maxPixels);
    const DecoderMessages messages;
    Reader r(bytes, format, upright);
    const QSize stored = declaredSize(r.reader, bytes, format);
    if (!stored.isValid())
        return failure(name,
                       rawHint(name, format) +
                           decodeFailure(bytes, format,
                                         messages.text(QStringLiteral("unreadable header")), true));
    if (const QString refusal = ImagePixels::sizeRefusal(stored, options.maxPixels);
        !refusal.isEmpty())
        return failure(name, refusal);
    const QSize target = ImagePixels::reducedSize(stored, options.workingMaxSide);
    if (target != stored)
        r.reader.setScaledSize(target); // stored orientation: applied before EXIF rotation
    const QImage decoded = r.reader.read();
    if (decoded.isNull())
        return failure(
            name, rawHint(name, format) +
                      decodeFailure(bytes, format, messages.text(r.reader.errorString()), false));
    LoadedImage loaded;
    loaded.image = ImagePixels::toRgb888(decoded);
    if (loaded.image.isNull())
        return failure(name, QStringLiteral("not enough memory to convert the image to RGB"));
    const bool rotated =
        upright && r.reader.transformation().testFlag(QImageIOHandler::TransformationRotate90);
    complete(loaded, bytes, format, rotated ? stored.transposed() : stored, upright);
    if (const QString damage = messages.text({}); !damage.isEmpty())
        qCDebug(lcImageLoader) << name << "decoded despite:" << damage;
    return loaded;
}

Expected<LoadedImage> ImageLoader::load(const QString& path, const Options& options)
{
    const QFileInfo info(path);
    if (!info.exists())
        return failure(path, info.isSymLink() ? QStringLiteral("broken symbolic link")
                                              : QStringLiteral("file does not exist"));
    if (info.isDir())
        return failure(path, QStringLiteral("is a folder, not a file"));
    if (!info.isFile()) // opening a FIFO would block
        return failure(path, QStringLiteral("not a regular file (device, socket or pipe)"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failure(path, QStringLiteral("cannot open: %1").arg(file.errorString()));
    // Read the whole file only when it starts like an image; decode() words the refusal.
    const QByteArray head = file.peek(sniffBytes);
    if (sniffFormat(head).isEmpty())
        return decode(head, path, options);
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return failure(path, QStringLiteral("read error: %1").arg(file.errorString()));
    return decode(bytes, path, options);
}

} // namespace lookalike
