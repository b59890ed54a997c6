#pragma once
// Writes a library's faces for analysis outside the app. Files are written to a temporary
// name and renamed, so a failed export never leaves half a file under the chosen name.
#include "expected.h"
#include "reviewfinder.h"
#include <QJsonArray>
#include <vector>

namespace lookalike {

class Library;

class Exporter {
public:
    // CSV with a header: face_id,path,label,x,y,w,h,score,e0..e{d-1} (relative box).
    static Expected<qint64> writeCsv(Library& library, const QString& model, const QString& file);
    // A float32 N x d .npy array, plus FILE.csv with the same rows without the embeddings.
    static Expected<qint64> writeNpy(Library& library, const QString& model, const QString& file);
    // Decisions on pairs: CSV path_a,path_b,similarity,label_a,label_b,verdict or a JSON array.
    static Expected<qint64> writeDecisions(Library& library, const QString& model, const QString& file,
                                           bool json);
    // The (corrected) label of every photo: CSV path,labels (several people joined by ';').
    static Expected<qint64> writePhotoLabels(Library& library, const QString& file);
    static QString csvField(const QString& value);
    // The header of a float32 rows x columns .npy array (format 1.0), little-endian data follows.
    static QByteArray npyHeader(qint64 rows, int columns);
    // The review queue: CSV path_a,path_b,similarity,label_a,label_b (suspect first), or a
    // JSON array of {kind, suspect, evidence, similarity, own_label_similarity, confidence}.
    static QByteArray reviewQueueCsv(const std::vector<ReviewItem>& items);
    static QJsonArray reviewQueueJson(const std::vector<ReviewItem>& items);
};

} // namespace lookalike
