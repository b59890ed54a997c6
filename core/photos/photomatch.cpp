#include "photomatch.h"

namespace lookalike {

QString photoMatchKindName(PhotoMatchKind kind)
{
    switch (kind) {
    case PhotoMatchKind::Exact:
        return QStringLiteral("exact");
    case PhotoMatchKind::Near:
        return QStringLiteral("near");
    case PhotoMatchKind::Object:
        return QStringLiteral("object");
    case PhotoMatchKind::Similar:
        break;
    }
    return QStringLiteral("similar");
}

bool parsePhotoMatchKind(const QString& name, PhotoMatchKind* kind)
{
    for (PhotoMatchKind k : {PhotoMatchKind::Exact, PhotoMatchKind::Near, PhotoMatchKind::Similar})
        if (name == photoMatchKindName(k)) {
            *kind = k;
            return true;
        }
    return false;
}

} // namespace lookalike
