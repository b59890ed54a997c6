#pragma once
// The app-internal drag format for faces: "application/x-lookalike-face-ids", the ids as
// decimal numbers separated by newlines.
#include <QMimeData>
#include <QStringList>
#include <vector>

namespace lookalike::ui {

class FaceIdsMime {
public:
    static QString type() { return QStringLiteral("application/x-lookalike-face-ids"); }

    static void encode(QMimeData* mime, const std::vector<qint64>& ids)
    {
        QStringList lines;
        for (qint64 id : ids)
            lines << QString::number(id);
        mime->setData(type(), lines.join(QLatin1Char('\n')).toLatin1());
    }

    static std::vector<qint64> decode(const QMimeData* mime)
    {
        std::vector<qint64> ids;
        if (!mime || !mime->hasFormat(type()))
            return ids;
        for (const QByteArray& line : mime->data(type()).split('\n')) {
            bool ok = false;
            const qint64 id = line.trimmed().toLongLong(&ok);
            if (ok)
                ids.push_back(id);
        }
        return ids;
    }
};

} // namespace lookalike::ui
