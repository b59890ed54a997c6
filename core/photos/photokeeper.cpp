#include "photokeeper.h"
#include <QStringList>
#include <tuple>

namespace lookalike {

int PhotoKeeper::formatRank(const QString& format)
{
    // Camera originals first, then what cameras and phones write, then conversions.
    static const QStringList order = {QStringLiteral("dng"),  QStringLiteral("cr2"),  QStringLiteral("cr3"),
                                      QStringLiteral("nef"),  QStringLiteral("arw"),  QStringLiteral("orf"),
                                      QStringLiteral("rw2"),  QStringLiteral("raf"),  QStringLiteral("raw"),
                                      QStringLiteral("heic"), QStringLiteral("heif"), QStringLiteral("avif"),
                                      QStringLiteral("jpeg"), QStringLiteral("jpg"),  QStringLiteral("tiff"),
                                      QStringLiteral("png"),  QStringLiteral("webp"), QStringLiteral("bmp"),
                                      QStringLiteral("gif")};
    const qsizetype i = order.indexOf(format.toLower());
    return i < 0 ? int(order.size()) : int(i);
}

int PhotoKeeper::pick(const std::vector<PhotoFacts>& group)
{
    int best = -1;
    auto key = [](const PhotoFacts& f) {
        const qint64 when = f.takenMs > 0 ? f.takenMs : f.mtimeMs;
        // Smaller is better for every part.
        return std::make_tuple(-qint64(f.width) * f.height, formatRank(f.format), when,
                               f.path.size(), f.path);
    };
    for (size_t i = 0; i < group.size(); ++i)
        if (best < 0 || key(group[i]) < key(group[size_t(best)]))
            best = int(i);
    return best;
}

} // namespace lookalike
