#pragma once
// The review screen's exports: the queue as shown (CSV path_a,path_b,similarity,label_a,label_b
// or JSON, as `lookalike-cli review` writes them), the decisions taken on pairs, and the
// corrected label of every photo. Files are written whole or not at all. Blocking: call them
// on a worker thread (each opens its own Library connection).
#include "expected.h"
#include "reviewfinder.h"
#include <QByteArray>

namespace lookalike::ui {

class ReviewExport {
public:
    static QByteArray queueCsv(const std::vector<ReviewItem>& items);
    static QByteArray queueJson(const std::vector<ReviewItem>& items);

    // Each returns the number of rows written.
    static Expected<qint64> writeQueue(const std::vector<ReviewItem>& items, const QString& file,
                                       bool json);
    static Expected<qint64> writeDecisions(const QString& libraryPath, const QString& file,
                                           bool json);
    static Expected<qint64> writePhotoLabels(const QString& libraryPath, const QString& file);
};

} // namespace lookalike::ui
