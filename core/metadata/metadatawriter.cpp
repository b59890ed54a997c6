#include "metadatawriter.h"
#include "database.h"
#include "filerewriter.h"
#include "imageformat.h"
#include "library.h"
#include "metadatareader.h"
#include "xmpregions.h"

#include <QFile>
#include <QFileInfo>
#include <QMap>

namespace lookalike {
namespace {

struct Photo {
    QString path;
    QString format;
    QSize size;
    std::vector<FaceRegion> named;
};

// Every photo with a labelled face, with those faces.
std::vector<Photo> labelledPhotos(Library& library)
{
    QMap<qint64, Photo> photos;
    Statement q = library.database().prepare(
        "SELECT images.id, images.path, images.format, images.width, images.height, labels.name, "
        "items.x, items.y, items.w, items.h FROM items JOIN images ON images.id = items.image_id "
        "JOIN labels ON labels.id = items.label_id WHERE items.kind = 0 ORDER BY images.path, "
        "items.id");
    while (q.next()) {
        Photo& p = photos[q.integer(0)];
        p.path = q.text(1);
        p.format = q.text(2);
        p.size = QSize(int(q.integer(3)), int(q.integer(4)));
        p.named.push_back({q.text(5), QRectF(q.real(6), q.real(7), q.real(8), q.real(9))});
    }
    std::vector<Photo> out(photos.begin(), photos.end());
    std::ranges::sort(out, {}, &Photo::path);
    return out;
}

// The sidecar to write: one already there (the "photo.jpg.xmp" form first), or a new one.
QString sidecarFor(const QString& path)
{
    const QStringList names = MetadataReader::sidecarsOf(path);
    for (const QString& name : names)
        if (QFileInfo::exists(name))
            return name;
    return names.front();
}

// Prepares the sidecar of `photo`; empty path when it already holds the names.
Expected<QString> prepareSidecar(const Photo& photo)
{
    const QString sidecar = sidecarFor(photo.path);
    QByteArray existing;
    if (QFileInfo::exists(sidecar)) {
        QFile file(sidecar);
        if (!file.open(QIODevice::ReadOnly))
            return Error{QStringLiteral("cannot read %1: %2").arg(sidecar, file.errorString())};
        existing = file.readAll();
    }
    auto content = XmpRegions::updatedSidecar(existing, photo.named, photo.size);
    if (!content)
        return Error{content.error()};
    if (!existing.isEmpty() && *content == existing)
        return QString();
    if (Status s = FileRewriter::prepare(sidecar, *content); !s)
        return Error{s.error()};
    return sidecar;
}

// Every named face has a region of its name in `names`.
bool holdsNames(const PhotoNames& names, const std::vector<FaceRegion>& named)
{
    return std::ranges::all_of(named, [&](const FaceRegion& face) {
        return std::ranges::any_of(names.regions,
                                   [&](const FaceRegion& r) { return r.name == face.name; });
    });
}

// Writes the names into a copy of the photo, then checks the copy as read back: the names
// there and every other field unchanged. Empty path when the photo already holds the names.
Expected<QString> prepareEmbedded(const Photo& photo)
{
    QFile file(photo.path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1: %2").arg(photo.path, file.errorString())};
    const QByteArray original = file.readAll();
    auto updated = XmpRegions::updatedJpeg(original, photo.named, photo.size);
    if (!updated)
        return Error{updated.error()};
    if (*updated == original)
        return QString();
    if (Status s = FileRewriter::prepare(photo.path, *updated); !s) // written and flushed
        return Error{s.error()};
    const QString prepared = FileRewriter::preparedPath(photo.path);
    auto fail = [&](const QString& why) -> Expected<QString> {
        QFile::remove(prepared);
        return Error{why};
    };
    QFile check(prepared);
    if (!check.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read back %1").arg(prepared));
    const QByteArray readBack = check.readAll();
    int orientation = 0;
    const auto names = XmpRegions::fromBytes(readBack, photo.size, &orientation);
    if (readBack != *updated || !names || !holdsNames(*names, photo.named))
        return fail(QStringLiteral(
            "the names did not read back from the written copy; the photo is untouched"));
    const auto before = XmpRegions::otherFields(original);
    const auto after = XmpRegions::otherFields(readBack);
    if (!before || !after || *before != *after)
        return fail(
            QStringLiteral("writing would change other metadata fields; the photo is untouched"));
    return photo.path;
}

} // namespace

Expected<MetadataWriter::Report> MetadataWriter::run(Library& library, const Options& options)
{
    Report report;
    const std::vector<Photo> photos = labelledPhotos(library);
    report.photos = qint64(photos.size());
    QStringList prepared;
    auto discard = [&] {
        for (const QString& path : prepared)
            QFile::remove(FileRewriter::preparedPath(path));
    };
    for (size_t i = 0; i < photos.size(); ++i) {
        if (options.cancel && options.cancel->load()) {
            discard();
            report.cancelled = true;
            return report;
        }
        const Photo& photo = photos[i];
        const bool embed = options.embedded && XmpRegions::canEmbed(photo.format);
        if (!QFileInfo::exists(photo.path)) {
            report.problems.push_back({photo.path, QStringLiteral("the photo is missing")});
        } else if (auto file = embed ? prepareEmbedded(photo) : prepareSidecar(photo); !file) {
            report.problems.push_back({photo.path, file.error()});
        } else if (file->isEmpty()) {
            ++report.unchanged;
        } else {
            prepared << *file;
        }
        if (options.progress)
            options.progress(qint64(i + 1), report.photos);
    }
    if (prepared.isEmpty())
        return report;
    LabelEditor editor(library);
    const QString what = prepared.size() == 1
                             ? QStringLiteral("Save names to 1 photo")
                             : QStringLiteral("Save names to %1 photos").arg(prepared.size());
    auto applied = editor.rewriteFiles(prepared, what);
    if (!applied) {
        discard();
        return Error{applied.error()};
    }
    report.batchId = applied->batchId;
    report.written = qint64(prepared.size());
    report.files = prepared;
    return report;
}

} // namespace lookalike
