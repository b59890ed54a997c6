#include "xmpregions.h"
#include "jpegxmp.h"
#include "regionmatcher.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations" // exiv2 0.27 uses std::auto_ptr
#include <exiv2/exiv2.hpp>
#pragma GCC diagnostic pop

#include <QFile>
#include <QRegularExpression>
#include <map>
#include <memory>
#include <mutex>

namespace lookalike {
namespace {

const std::string kMwgList = "Xmp.mwg-rs.Regions/mwg-rs:RegionList";
const std::string kMpList = "Xmp.MP.RegionInfo/MPRI:Regions";
const std::string kMwgDims = "Xmp.mwg-rs.Regions/mwg-rs:AppliedToDimensions";

// ---- exiv2 set-up ------------------------------------------------------------------------

std::mutex g_xmpLock;

void lockXmp(void* data, bool lock)
{
    auto* mutex = static_cast<std::mutex*>(data);
    lock ? mutex->lock() : mutex->unlock();
}

void initialiseOnce()
{
    static std::once_flag once;
    std::call_once(once, [] {
        Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute); // failures come back as exceptions
        Exiv2::XmpParser::initialize(&lockXmp, &g_xmpLock);
    });
}

QString text(const std::string& s)
{
    return QString::fromStdString(s);
}

// ---- Regions as stored -------------------------------------------------------------------

// One region of a list (MWG or Microsoft), with every field it has, so it can be written
// back as it was.
struct StoredRegion {
    std::vector<std::pair<std::string, std::unique_ptr<Exiv2::Value>>> fields; // suffix -> value
    QString name;
    QString type;
    QRectF box; // relative, top-left, as stored
    bool hasBox = false;
};

// Regions of the list `list`, by index; `nameField` names the person.
std::map<int, StoredRegion> storedRegions(const Exiv2::XmpData& xmp, const std::string& list,
                                          bool mwg)
{
    std::map<int, StoredRegion> out;
    std::map<int, std::array<double, 4>> areas;
    static const QRegularExpression item(QStringLiteral("^\\[(\\d+)\\](.*)$"));
    for (const Exiv2::Xmpdatum& d : xmp) {
        const std::string& key = d.key();
        if (key.size() <= list.size() || key.compare(0, list.size(), list) != 0)
            continue;
        const auto m = item.match(text(key.substr(list.size())));
        if (!m.hasMatch())
            continue;
        const int index = m.captured(1).toInt();
        const QString field = m.captured(2);
        StoredRegion& r = out[index];
        r.fields.emplace_back(field.toStdString(), d.value().clone());
        const QString value = text(d.toString());
        if (mwg) {
            if (field == u"/mwg-rs:Name")
                r.name = value.trimmed();
            else if (field == u"/mwg-rs:Type")
                r.type = value.trimmed();
            static const QStringList coords{
                QStringLiteral("/mwg-rs:Area/stArea:x"), QStringLiteral("/mwg-rs:Area/stArea:y"),
                QStringLiteral("/mwg-rs:Area/stArea:w"), QStringLiteral("/mwg-rs:Area/stArea:h")};
            if (const qsizetype c = coords.indexOf(field); c >= 0) {
                if (!areas.count(index))
                    areas[index] = {-1, -1, -1, -1};
                areas[index][size_t(c)] = value.toDouble();
            }
        } else if (field == u"/MPReg:PersonDisplayName") {
            r.name = value.trimmed();
        } else if (field == u"/MPReg:Rectangle") {
            const QStringList parts = value.split(u',');
            if (parts.size() == 4) {
                r.box = QRectF(parts[0].toDouble(), parts[1].toDouble(), parts[2].toDouble(),
                               parts[3].toDouble());
                r.hasBox = r.box.width() > 0 && r.box.height() > 0;
            }
        }
    }
    for (auto& [index, a] : areas) {
        StoredRegion& r = out[index];
        if (a[2] > 0 && a[3] > 0 && a[0] >= 0 && a[1] >= 0) {
            r.box = QRectF(a[0] - a[2] / 2, a[1] - a[3] / 2, a[2], a[3]); // MWG: centre
            r.hasBox = true;
        }
    }
    return out;
}

// A box stored for the unrotated photo, turned as the photo is displayed (90° turns only:
// the only ones that change which size the regions were applied to).
QRectF turned(const QRectF& b, int orientation)
{
    if (orientation == 6)
        return QRectF(1 - b.y() - b.height(), b.x(), b.height(), b.width());
    if (orientation == 8)
        return QRectF(b.y(), 1 - b.x() - b.width(), b.height(), b.width());
    return b;
}

PhotoNames namesFrom(const Exiv2::XmpData& xmp, const QSize& displayed, int orientation)
{
    PhotoNames names;
    // Regions applied to the stored size of a photo shown turned by 90°.
    bool stored = false;
    const auto w = xmp.findKey(Exiv2::XmpKey(kMwgDims + "/stDim:w"));
    const auto h = xmp.findKey(Exiv2::XmpKey(kMwgDims + "/stDim:h"));
    if (w != xmp.end() && h != xmp.end() && displayed.width() != displayed.height())
        stored = w->toLong() == displayed.height() && h->toLong() == displayed.width();
    for (const auto& [index, r] : storedRegions(xmp, kMwgList, true))
        if (r.hasBox && (r.type.isEmpty() || r.type.compare(u"Face", Qt::CaseInsensitive) == 0))
            names.regions.push_back({r.name, stored ? turned(r.box, orientation) : r.box});
    for (const auto& [index, r] : storedRegions(xmp, kMpList, false)) {
        if (!r.hasBox)
            continue;
        auto same = std::ranges::find_if(names.regions, [&](const FaceRegion& known) {
            return RegionMatcher::sameFace(known.box, r.box);
        });
        if (same == names.regions.end())
            names.regions.push_back({r.name, r.box});
        else if (same->name.isEmpty())
            same->name = r.name;
    }
    const auto tags = xmp.findKey(Exiv2::XmpKey("Xmp.digiKam.TagsList"));
    if (tags != xmp.end())
        for (long i = 0; i < tags->count(); ++i) {
            const QString tag = text(tags->toString(i));
            if (tag.startsWith(u"People/") && tag.size() > 7)
                names.people << tag.section(u'/', -1).trimmed();
        }
    names.people.removeDuplicates();
    return names;
}

// ---- Writing -----------------------------------------------------------------------------

QString number(double v)
{
    return QString::number(std::clamp(v, 0.0, 1.0), 'f', 6);
}

void addStruct(Exiv2::XmpData& xmp, const std::string& key)
{
    Exiv2::XmpTextValue v("");
    v.setXmpStruct();
    xmp.add(Exiv2::XmpKey(key), &v);
}

void addBag(Exiv2::XmpData& xmp, const std::string& key)
{
    Exiv2::XmpTextValue v("");
    v.setXmpArrayType(Exiv2::XmpValue::xaBag);
    xmp.add(Exiv2::XmpKey(key), &v);
}

void addText(Exiv2::XmpData& xmp, const std::string& key, const QString& value)
{
    Exiv2::XmpTextValue v(value.toStdString());
    xmp.add(Exiv2::XmpKey(key), &v);
}

void eraseList(Exiv2::XmpData& xmp, const std::string& list)
{
    for (auto it = xmp.begin(); it != xmp.end();)
        it = it->key().compare(0, list.size(), list) == 0 ? xmp.erase(it) : std::next(it);
}

// Rewrites one list (MWG or Microsoft): stored regions in their order, those showing a
// named face renamed, then a new region for each named face no region showed.
void rewriteList(Exiv2::XmpData& xmp, const std::string& list, bool mwg,
                 const std::vector<FaceRegion>& named)
{
    std::map<int, StoredRegion> stored = storedRegions(xmp, list, mwg);
    std::vector<QRectF> storedBoxes, namedBoxes;
    std::vector<int> storedIndex;
    for (const auto& [index, r] : stored) {
        storedBoxes.push_back(r.hasBox ? r.box : QRectF());
        storedIndex.push_back(index);
    }
    for (const FaceRegion& f : named)
        namedBoxes.push_back(f.box);
    const std::vector<int> faceOf = RegionMatcher::match(namedBoxes, storedBoxes);
    std::vector<bool> covered(named.size(), false);
    eraseList(xmp, list);
    addBag(xmp, list);
    const std::string nameField = mwg ? "/mwg-rs:Name" : "/MPReg:PersonDisplayName";
    int next = 1;
    for (size_t i = 0; i < storedIndex.size(); ++i) {
        StoredRegion& r = stored[storedIndex[i]];
        const std::string item = list + "[" + std::to_string(next++) + "]";
        const int face = faceOf[i];
        bool hasName = false;
        for (auto& [field, value] : r.fields) {
            if (field == nameField && face >= 0) {
                addText(xmp, item + field, named[size_t(face)].name);
                hasName = true;
            } else {
                xmp.add(Exiv2::XmpKey(item + field), value.get());
            }
        }
        if (face >= 0) {
            covered[size_t(face)] = true;
            if (!hasName)
                addText(xmp, item + nameField, named[size_t(face)].name);
        }
    }
    for (size_t f = 0; f < named.size(); ++f) {
        if (covered[f])
            continue;
        const std::string item = list + "[" + std::to_string(next++) + "]";
        const QRectF& b = named[f].box;
        addStruct(xmp, item);
        addText(xmp, item + nameField, named[f].name);
        if (mwg) {
            addText(xmp, item + "/mwg-rs:Type", QStringLiteral("Face"));
            addStruct(xmp, item + "/mwg-rs:Area");
            addText(xmp, item + "/mwg-rs:Area/stArea:x", number(b.center().x()));
            addText(xmp, item + "/mwg-rs:Area/stArea:y", number(b.center().y()));
            addText(xmp, item + "/mwg-rs:Area/stArea:w", number(b.width()));
            addText(xmp, item + "/mwg-rs:Area/stArea:h", number(b.height()));
            addText(xmp, item + "/mwg-rs:Area/stArea:unit", QStringLiteral("normalized"));
        } else {
            addText(xmp, item + "/MPReg:Rectangle",
                    QStringLiteral("%1, %2, %3, %4")
                        .arg(number(b.x()), number(b.y()), number(b.width()), number(b.height())));
        }
    }
}

void writeRegions(Exiv2::XmpData& xmp, const std::vector<FaceRegion>& named, const QSize& displayed)
{
    if (xmp.findKey(Exiv2::XmpKey(kMwgDims + "/stDim:w")) == xmp.end()) {
        addStruct(xmp, kMwgDims);
        addText(xmp, kMwgDims + "/stDim:w", QString::number(displayed.width()));
        addText(xmp, kMwgDims + "/stDim:h", QString::number(displayed.height()));
        addText(xmp, kMwgDims + "/stDim:unit", QStringLiteral("pixel"));
    }
    rewriteList(xmp, kMwgList, true, named);
    rewriteList(xmp, kMpList, false, named);
}

// Region fields, compared as text, to tell whether a rewrite changed anything.
QStringList regionFields(const Exiv2::XmpData& xmp)
{
    QStringList out;
    for (const Exiv2::Xmpdatum& d : xmp) {
        const std::string& key = d.key();
        if (key.rfind("Xmp.mwg-rs.", 0) == 0 || key.rfind("Xmp.MP.RegionInfo", 0) == 0)
            out << text(key) + u'=' + text(d.toString());
    }
    return out;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

QByteArray ioBytes(Exiv2::BasicIo& io)
{
    io.open();
    io.seek(0, Exiv2::BasicIo::beg);
    QByteArray out(qsizetype(io.size()), Qt::Uninitialized);
    io.read(reinterpret_cast<Exiv2::byte*>(out.data()), long(out.size()));
    io.close();
    return out;
}

} // namespace

Expected<PhotoNames> XmpRegions::fromPacket(const QByteArray& packet, const QSize& displayed,
                                            int orientation)
{
    initialiseOnce();
    try {
        Exiv2::XmpData xmp;
        if (Exiv2::XmpParser::decode(xmp, packet.toStdString()) != 0)
            return Error{QStringLiteral("the XMP data cannot be parsed")};
        return namesFrom(xmp, displayed, orientation);
    } catch (const Exiv2::AnyError& e) {
        return Error{QStringLiteral("the XMP data cannot be read: %1").arg(text(e.what()))};
    }
}

void XmpRegions::initialiseExiv2() { initialiseOnce(); }

Expected<PhotoNames> XmpRegions::fromBytes(const QByteArray& photo, const QSize& displayed,
                                           int* orientation)
{
    initialiseOnce();
    *orientation = 0;
    try {
        auto image = Exiv2::ImageFactory::open(
            reinterpret_cast<const Exiv2::byte*>(photo.constData()), long(photo.size()));
        image->readMetadata();
        const Exiv2::ExifData& exif = image->exifData();
        const auto o = exif.findKey(Exiv2::ExifKey("Exif.Image.Orientation"));
        if (o != exif.end())
            *orientation = int(o->toLong());
        return namesFrom(image->xmpData(), displayed, *orientation);
    } catch (const Exiv2::AnyError& e) {
        return Error{QStringLiteral("cannot read the metadata: %1").arg(text(e.what()))};
    }
}

Expected<QByteArray> XmpRegions::updatedSidecar(const QByteArray& existing,
                                                const std::vector<FaceRegion>& named,
                                                const QSize& displayed)
{
    initialiseOnce();
    try {
        auto image = existing.isEmpty()
                         ? Exiv2::ImageFactory::create(Exiv2::ImageType::xmp)
                         : Exiv2::ImageFactory::open(
                               reinterpret_cast<const Exiv2::byte*>(existing.constData()),
                               long(existing.size()));
        if (!existing.isEmpty())
            image->readMetadata();
        Exiv2::XmpData xmp = image->xmpData();
        const QStringList before = regionFields(xmp);
        writeRegions(xmp, named, displayed);
        if (!existing.isEmpty() && sorted(regionFields(xmp)) == sorted(before))
            return existing;
        image->setXmpData(xmp);
        image->writeMetadata();
        return ioBytes(image->io());
    } catch (const Exiv2::AnyError& e) {
        return Error{QStringLiteral("cannot write the XMP sidecar: %1").arg(text(e.what()))};
    }
}

Expected<QByteArray> XmpRegions::updatedJpeg(const QByteArray& jpeg,
                                             const std::vector<FaceRegion>& named,
                                             const QSize& displayed)
{
    initialiseOnce();
    try {
        Exiv2::XmpData xmp;
        const QByteArray existing = JpegXmp::packet(jpeg);
        if (!existing.isEmpty() && Exiv2::XmpParser::decode(xmp, existing.toStdString()) != 0)
            return Error{QStringLiteral("its XMP data cannot be parsed")};
        const QStringList before = regionFields(xmp);
        writeRegions(xmp, named, displayed);
        if (sorted(regionFields(xmp)) == sorted(before))
            return jpeg;
        std::string packet;
        if (Exiv2::XmpParser::encode(packet, xmp, Exiv2::XmpParser::useCompactFormat) != 0)
            return Error{QStringLiteral("the XMP data cannot be written")};
        return JpegXmp::withPacket(jpeg, QByteArray::fromStdString(packet));
    } catch (const Exiv2::AnyError& e) {
        return Error{QStringLiteral("cannot write the metadata: %1").arg(text(e.what()))};
    }
}

Expected<QStringList> XmpRegions::otherFields(const QByteArray& file)
{
    initialiseOnce();
    try {
        auto image = Exiv2::ImageFactory::open(
            reinterpret_cast<const Exiv2::byte*>(file.constData()), long(file.size()));
        image->readMetadata();
        QStringList out;
        for (const Exiv2::Exifdatum& d : image->exifData())
            out << text(d.key()) + u'=' + text(d.toString());
        for (const Exiv2::Iptcdatum& d : image->iptcData())
            out << text(d.key()) + u'=' + text(d.toString());
        for (const Exiv2::Xmpdatum& d : image->xmpData())
            if (d.key().rfind("Xmp.mwg-rs.", 0) != 0 && d.key().rfind("Xmp.MP.RegionInfo", 0) != 0)
                out << text(d.key()) + u'=' + text(d.toString());
        out.sort();
        return out;
    } catch (const Exiv2::AnyError& e) {
        return Error{QStringLiteral("cannot read the metadata: %1").arg(text(e.what()))};
    }
}

bool XmpRegions::canEmbed(const QString& format)
{
    return format == u"jpeg";
}

} // namespace lookalike
