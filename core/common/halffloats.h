#pragma once
// Vectors stored as half floats (2 bytes a value) in SQLite blobs: the photo-* descriptors
// that only choose candidates (VLADs, learned image embeddings) keep half the space.
#include <QByteArray>
#include <QFloat16>
#include <span>
#include <vector>

namespace lookalike::halffloats {

inline QByteArray pack(std::span<const float> values)
{
    QByteArray blob(qsizetype(values.size() * sizeof(qfloat16)), Qt::Uninitialized);
    qFloatToFloat16(reinterpret_cast<qfloat16*>(blob.data()), values.data(),
                    qsizetype(values.size()));
    return blob;
}

// Unpacks `blob` into `out`, which must hold blob.size() / 2 floats.
inline void unpack(const QByteArray& blob, std::span<float> out)
{
    qFloatFromFloat16(out.data(), reinterpret_cast<const qfloat16*>(blob.constData()),
                      qsizetype(out.size()));
}

inline std::vector<float> unpack(const QByteArray& blob)
{
    std::vector<float> out(size_t(blob.size()) / sizeof(qfloat16));
    unpack(blob, out);
    return out;
}

} // namespace lookalike::halffloats
