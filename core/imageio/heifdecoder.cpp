#include "heifdecoder.h"
#include "imageformat.h"
#include "imagepixels.h"
#include "tiffreader.h"

#include <QStringList>
#include <QtEndian>
#include <libheif/heif.h>
#include <memory>
#include <mutex>
#include <optional>

namespace lookalike {
namespace {

struct ContextFree {
    void operator()(heif_context* c) const { heif_context_free(c); }
};
struct HandleFree {
    void operator()(heif_image_handle* h) const { heif_image_handle_release(h); }
};
struct ImageFree {
    void operator()(heif_image* i) const { heif_image_release(i); }
};
struct OptionsFree {
    void operator()(heif_decoding_options* o) const { heif_decoding_options_free(o); }
};

// ---- Box structure: does the primary item carry a rotation or mirror? ---------------

struct Box {
    QByteArray type;
    qsizetype body = 0; // first byte after the header
    qsizetype end = 0;
};

// The boxes directly inside [from, to).
std::vector<Box> children(const QByteArray& b, qsizetype from, qsizetype to)
{
    std::vector<Box> out;
    qsizetype pos = from;
    while (pos + 8 <= to && out.size() < 4096) {
        quint64 size = qFromBigEndian<quint32>(b.constData() + pos);
        qsizetype header = 8;
        if (size == 1 && pos + 16 <= to) {
            size = qFromBigEndian<quint64>(b.constData() + pos + 8);
            header = 16;
        } else if (size == 0) {
            size = quint64(to - pos);
        }
        if (size < quint64(header) || size > quint64(to - pos))
            break;
        out.push_back({b.mid(pos + 4, 4), pos + header, pos + qsizetype(size)});
        pos += qsizetype(size);
    }
    return out;
}

const Box* find(const std::vector<Box>& boxes, const char* type)
{
    for (const Box& box : boxes)
        if (box.type == type)
            return &box;
    return nullptr;
}

// True when an 'irot' or 'imir' property is associated with the primary item; nullopt when
// the structure cannot be read (then the file's own transformations are trusted).
std::optional<bool> primaryIsTransformed(const QByteArray& b)
{
    const Box* meta = find(children(b, 0, b.size()), "meta");
    if (!meta || meta->body + 4 > meta->end)
        return std::nullopt;
    const std::vector<Box> inMeta = children(b, meta->body + 4, meta->end); // FullBox
    const Box* pitm = find(inMeta, "pitm");
    const Box* iprp = find(inMeta, "iprp");
    if (!pitm || !iprp || pitm->body + 6 > pitm->end)
        return std::nullopt;
    const bool pitmWide = b[pitm->body] != 0;
    if (pitmWide && pitm->body + 8 > pitm->end)
        return std::nullopt;
    const quint32 primary = pitmWide ? qFromBigEndian<quint32>(b.constData() + pitm->body + 4)
                                     : qFromBigEndian<quint16>(b.constData() + pitm->body + 4);
    const std::vector<Box> inIprp = children(b, iprp->body, iprp->end);
    const Box* ipco = find(inIprp, "ipco");
    if (!ipco)
        return std::nullopt;
    const std::vector<Box> properties = children(b, ipco->body, ipco->end);
    for (const Box& box : inIprp) {
        if (box.type != "ipma" || box.body + 8 > box.end)
            continue;
        const int version = uchar(b[box.body]);
        const bool wideIndex = b[box.body + 3] & 1;
        qsizetype pos = box.body + 4;
        const quint32 entries = qFromBigEndian<quint32>(b.constData() + pos);
        pos += 4;
        for (quint32 e = 0; e < entries && pos < box.end; ++e) {
            const int idBytes = version < 1 ? 2 : 4;
            if (pos + idBytes + 1 > box.end)
                return std::nullopt;
            const quint32 item = idBytes == 2 ? qFromBigEndian<quint16>(b.constData() + pos)
                                              : qFromBigEndian<quint32>(b.constData() + pos);
            const int count = uchar(b[pos + idBytes]);
            pos += idBytes + 1;
            for (int a = 0; a < count; ++a) {
                const int bytes = wideIndex ? 2 : 1;
                if (pos + bytes > box.end)
                    return std::nullopt;
                const quint32 raw = wideIndex ? qFromBigEndian<quint16>(b.constData() + pos)
                                              : quint32(uchar(b[pos]));
                const quint32 index = raw & (wideIndex ? 0x7FFF : 0x7F); // 1-based, 0: none
                pos += bytes;
                if (item == primary && index >= 1 && index <= properties.size()) {
                    const QByteArray& type = properties[index - 1].type;
                    if (type == "irot" || type == "imir")
                        return true;
                }
            }
        }
    }
    return false;
}

// The EXIF orientation of the primary image (1..8), 0 when there is none.
int exifOrientation(heif_image_handle* handle)
{
    heif_item_id id = 0;
    if (heif_image_handle_get_list_of_metadata_block_IDs(handle, "Exif", &id, 1) < 1)
        return 0;
    const size_t size = heif_image_handle_get_metadata_size(handle, id);
    if (size < 12 || size > 1 << 20)
        return 0;
    QByteArray exif(qsizetype(size), Qt::Uninitialized);
    if (heif_image_handle_get_metadata(handle, id, exif.data()).code != heif_error_Ok)
        return 0;
    // The block starts with the offset of the TIFF header after these four bytes.
    const quint32 offset = qFromBigEndian<quint32>(exif.constData());
    if (offset > quint32(exif.size()) - 8)
        return 0;
    return TiffReader(QByteArrayView(exif).sliced(4 + offset)).orientation();
}

void initialiseOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { heif_init(nullptr); });
}

QString reason(const heif_error& error)
{
    return QString::fromUtf8(error.message ? error.message : "unknown error");
}

// Decodes the primary image at full size, upright, RGB888.
Expected<QImage> decodePrimary(const QByteArray& bytes, const QString& what, qint64 maxPixels,
                               QString* warning)
{
    initialiseOnce();
    std::unique_ptr<heif_context, ContextFree> ctx(heif_context_alloc());
    // Per side; the pixel count is checked below before decoding.
    heif_context_set_maximum_image_size_limit(ctx.get(), 1 << 16);
    heif_error err = heif_context_read_from_memory_without_copy(ctx.get(), bytes.constData(),
                                                                size_t(bytes.size()), nullptr);
    if (err.code != heif_error_Ok)
        return Error{QStringLiteral("not a readable %1 file: %2").arg(what, reason(err))};
    heif_image_handle* rawHandle = nullptr;
    err = heif_context_get_primary_image_handle(ctx.get(), &rawHandle);
    if (err.code != heif_error_Ok)
        return Error{QStringLiteral("no primary image in the %1 file: %2").arg(what, reason(err))};
    std::unique_ptr<heif_image_handle, HandleFree> handle(rawHandle);
    const QSize declared(heif_image_handle_get_width(handle.get()),
                         heif_image_handle_get_height(handle.get()));
    if (const QString refusal = ImagePixels::sizeRefusal(declared, maxPixels); !refusal.isEmpty())
        return Error{refusal};
    const bool alpha = heif_image_handle_has_alpha_channel(handle.get());
    std::unique_ptr<heif_decoding_options, OptionsFree> options(heif_decoding_options_alloc());
    options->convert_hdr_to_8bit = 1;
    heif_image* rawImage = nullptr;
    err = heif_decode_image(handle.get(), &rawImage, heif_colorspace_RGB,
                            alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB,
                            options.get());
    if (err.code != heif_error_Ok)
        return Error{QStringLiteral("could not decode the %1 data (damaged or truncated): %2")
                         .arg(what, reason(err))};
    std::unique_ptr<heif_image, ImageFree> image(rawImage);
    heif_error warnings[4];
    const int warningCount = heif_image_get_decoding_warnings(image.get(), 0, warnings, 4);
    QStringList damage;
    for (int i = 0; i < std::min(warningCount, 4); ++i)
        damage << reason(warnings[i]);
    if (!damage.isEmpty())
        *warning = QStringLiteral("damaged %1 data (%2): parts of the image may be wrong")
                       .arg(what, damage.join(u"; "));
    int stride = 0;
    const uint8_t* plane =
        heif_image_get_plane_readonly(image.get(), heif_channel_interleaved, &stride);
    const int w = heif_image_get_width(image.get(), heif_channel_interleaved);
    const int h = heif_image_get_height(image.get(), heif_channel_interleaved);
    if (!plane || w <= 0 || h <= 0)
        return Error{QStringLiteral("the %1 decoder returned no pixels").arg(what)};
    const QImage view(plane, w, h, stride, alpha ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
    QImage upright = ImagePixels::toRgb888(view);
    if (upright.constBits() == view.constBits())
        upright = view.copy(); // detach from libheif's buffer
    if (upright.isNull())
        return Error{QStringLiteral("not enough memory for the %1x%2 image").arg(w).arg(h)};
    if (primaryIsTransformed(bytes) == false)
        upright = ImagePixels::oriented(upright, exifOrientation(handle.get()));
    return upright;
}

} // namespace

Expected<LoadedImage> HeifDecoder::decode(const QByteArray& bytes, const QString& format,
                                          const QString& name, qint64 maxPixels, int workingMaxSide)
{
    const QString what = ImageFormat::displayName(format);
    QString warning;
    auto full = decodePrimary(bytes, what, maxPixels, &warning);
    if (!full)
        return ImagePixels::failure(name, full.error());
    return ImagePixels::fromFull(*full, format, warning, name, workingMaxSide,
                                 [bytes, what, maxPixels] {
                                     QString ignored;
                                     auto again = decodePrimary(bytes, what, maxPixels, &ignored);
                                     return again ? *again : QImage();
                                 });
}

QByteArray HeifDecoder::xmpPacket(const QByteArray& bytes)
{
    initialiseOnce();
    std::unique_ptr<heif_context, ContextFree> ctx(heif_context_alloc());
    if (heif_context_read_from_memory_without_copy(ctx.get(), bytes.constData(), size_t(bytes.size()),
                                                   nullptr)
            .code != heif_error_Ok)
        return {};
    heif_image_handle* rawHandle = nullptr;
    if (heif_context_get_primary_image_handle(ctx.get(), &rawHandle).code != heif_error_Ok)
        return {};
    std::unique_ptr<heif_image_handle, HandleFree> handle(rawHandle);
    heif_item_id ids[8];
    const int count = heif_image_handle_get_list_of_metadata_block_IDs(handle.get(), "mime", ids, 8);
    for (int i = 0; i < count; ++i) {
        const char* type = heif_image_handle_get_metadata_content_type(handle.get(), ids[i]);
        const size_t size = heif_image_handle_get_metadata_size(handle.get(), ids[i]);
        if (!type || qstrcmp(type, "application/rdf+xml") != 0 || size == 0 || size > 16 << 20)
            continue;
        QByteArray packet(qsizetype(size), Qt::Uninitialized);
        if (heif_image_handle_get_metadata(handle.get(), ids[i], packet.data()).code == heif_error_Ok)
            return packet;
    }
    return {};
}

} // namespace lookalike
