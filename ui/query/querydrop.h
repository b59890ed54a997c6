#pragma once
// What can be dropped or pasted to start a query, decided from the MIME data alone (no file
// is opened here, so dragEnterEvent stays instant): local image files by extension, image
// data, or faces dragged from the grid.
#include <QStringList>
#include <vector>

class QMimeData;

namespace lookalike::ui {

class QueryDrop {
public:
    // Local files whose names look like photos, in drop order.
    static QStringList imagePaths(const QMimeData* mime);
    // The other local files and folders: what a drop of imagePaths() leaves out.
    static QStringList otherPaths(const QMimeData* mime);
    static std::vector<qint64> faceIds(const QMimeData* mime);
    static bool hasImageData(const QMimeData* mime);
    // Anything above.
    static bool canQuery(const QMimeData* mime);
    static bool looksLikePhoto(const QString& path);
};

} // namespace lookalike::ui
