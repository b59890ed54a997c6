#pragma once
// The map's benchmark (lookalike-cli bench map): layout time of n synthetic faces, or of the
// photos of a library (their look vectors), and how well the map keeps neighbours against
// the plain PCA projection it starts from.
#include <QJsonObject>
#include <QString>

namespace lookalike {

// threads < 0: one per core. sample: rows whose neighbours are checked.
QJsonObject benchMapJson(qint64 n, int threads = -1, int sample = 1000);
// The same on the look vectors of the photos in the library at `libraryPath`.
QJsonObject benchPhotoMapJson(const QString& libraryPath, int threads = -1, int sample = 1000);

} // namespace lookalike
