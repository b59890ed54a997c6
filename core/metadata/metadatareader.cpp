#include "metadatareader.h"
#include "heifdecoder.h"
#include "imageformat.h"
#include "xmpregions.h"

#include <QFile>
#include <QFileInfo>

namespace lookalike {

QStringList MetadataReader::sidecarsOf(const QString& path)
{
    const QFileInfo info(path);
    return {path + QStringLiteral(".xmp"),
            info.path() + u'/' + info.completeBaseName() + QStringLiteral(".xmp")};
}

PhotoNames MetadataReader::read(const QString& path, const QByteArray& bytes, const QString& format,
                                const QString& twin, const QSize& displayed, QString* warning)
{
    // The embedded metadata first: it also gives the orientation sidecar regions may need.
    PhotoNames embedded;
    int orientation = 0;
    if (ImageFormat::isHeif(format)) {
        const QByteArray packet = HeifDecoder::xmpPacket(bytes);
        if (!packet.isEmpty())
            if (auto names = XmpRegions::fromPacket(packet, displayed, 1))
                embedded = *names;
    } else if (auto names = XmpRegions::fromBytes(bytes, displayed, &orientation)) {
        embedded = *names;
    }
    embedded.source = path;
    QStringList sidecars = sidecarsOf(path);
    if (!twin.isEmpty())
        sidecars << sidecarsOf(twin);
    sidecars.removeDuplicates();
    for (const QString& sidecar : sidecars) {
        QFile file(sidecar);
        if (!file.exists())
            continue;
        if (!file.open(QIODevice::ReadOnly)) {
            *warning = QStringLiteral("sidecar %1 unreadable: %2").arg(sidecar, file.errorString());
            continue;
        }
        auto names = XmpRegions::fromPacket(file.readAll(), displayed, orientation);
        if (!names) {
            *warning = QStringLiteral("sidecar %1: %2").arg(sidecar, names.error());
            continue;
        }
        if (!names->empty()) {
            names->source = sidecar;
            return *names;
        }
    }
    return embedded;
}

} // namespace lookalike
