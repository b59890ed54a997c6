#include "localfeatures.h"

#include <QDataStream>
#include <QIODevice>
#include <algorithm>
#include <cmath>

namespace lookalike {

namespace {

constexpr quint32 kMagic = 0x4c4b4650; // "LKFP"
constexpr quint16 kVersion = 1;

quint16 toRelative(float v, int extent)
{
    const double r = extent > 1 ? double(v) / (extent - 1) : 0.0;
    return quint16(std::clamp(std::lround(r * 65535.0), 0L, 65535L));
}

} // namespace

QByteArray LocalFeatures::serialize() const
{
    QByteArray blob;
    blob.reserve(16 + size() * (4 + dimension));
    QDataStream out(&blob, QIODevice::WriteOnly);
    out.setByteOrder(QDataStream::LittleEndian);
    out << kMagic << kVersion << quint16(width) << quint16(height) << quint16(dimension)
        << quint32(size());
    for (int i = 0; i < size(); ++i) {
        out << toRelative(xy[size_t(2 * i)], width) << toRelative(xy[size_t(2 * i + 1)], height);
        const float* d = descriptors.data() + size_t(i) * size_t(dimension);
        for (int j = 0; j < dimension; ++j)
            out << qint8(std::clamp(std::lround(d[j] * kQuantum), -127L, 127L));
    }
    return blob;
}

Expected<LocalFeatures> LocalFeatures::deserialize(const QByteArray& blob)
{
    QDataStream in(blob);
    in.setByteOrder(QDataStream::LittleEndian);
    quint32 magic = 0, count = 0;
    quint16 version = 0, width = 0, height = 0, dimension = 0;
    in >> magic >> version >> width >> height >> dimension >> count;
    const qint64 expected = 16 + qint64(count) * (4 + dimension);
    if (in.status() != QDataStream::Ok || magic != kMagic || version != kVersion ||
        blob.size() != expected)
        return Error{
            QStringLiteral("stored local features are damaged (%1 bytes)").arg(blob.size())};
    LocalFeatures f;
    f.width = width;
    f.height = height;
    f.dimension = dimension;
    f.xy.resize(size_t(count) * 2);
    f.descriptors.resize(size_t(count) * dimension);
    const auto* bytes = reinterpret_cast<const uchar*>(blob.constData()) + 16;
    for (quint32 i = 0; i < count; ++i) {
        const uchar* k = bytes + size_t(i) * (4 + dimension);
        const quint16 x = quint16(k[0] | (k[1] << 8)), y = quint16(k[2] | (k[3] << 8));
        f.xy[2 * i] = float(x / 65535.0 * std::max(0, width - 1));
        f.xy[2 * i + 1] = float(y / 65535.0 * std::max(0, height - 1));
        float* d = f.descriptors.data() + size_t(i) * dimension;
        for (int j = 0; j < dimension; ++j)
            d[j] = float(qint8(k[4 + j])) / kQuantum;
    }
    return f;
}

} // namespace lookalike
