#include "exiffacts.h"
#include "xmpregions.h"
#include <QDateTime>
#include <QTimeZone>
#include <exiv2/exiv2.hpp>

namespace lookalike {

namespace {

QString exifText(const Exiv2::ExifData& exif, const char* key)
{
    const auto it = exif.findKey(Exiv2::ExifKey(key));
    return it == exif.end() ? QString() : QString::fromStdString(it->toString()).trimmed();
}

} // namespace

ExifFacts ExifFacts::read(const QByteArray& file)
{
    XmpRegions::initialiseExiv2();
    ExifFacts facts;
    try {
        auto image = Exiv2::ImageFactory::open(reinterpret_cast<const Exiv2::byte*>(file.constData()),
                                               long(file.size()));
        image->readMetadata();
        const Exiv2::ExifData& exif = image->exifData();
        QString taken = exifText(exif, "Exif.Photo.DateTimeOriginal");
        if (taken.isEmpty())
            taken = exifText(exif, "Exif.Image.DateTime");
        QDateTime when = QDateTime::fromString(taken, QStringLiteral("yyyy:MM:dd HH:mm:ss"));
        if (when.isValid()) {
            when.setTimeZone(QTimeZone::utc());
            facts.takenMs = when.toMSecsSinceEpoch();
        }
        const QString make = exifText(exif, "Exif.Image.Make");
        const QString model = exifText(exif, "Exif.Image.Model");
        facts.camera = model.startsWith(make, Qt::CaseInsensitive) || make.isEmpty()
                           ? model
                           : (make + QLatin1Char(' ') + model).trimmed();
    } catch (const Exiv2::Error&) {
        // no readable EXIF: no facts
    }
    return facts;
}

} // namespace lookalike
