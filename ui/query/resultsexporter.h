#pragma once
#include "expected.h"
#include "searcher.h"
#include <vector>

namespace lookalike::ui {

// Writes query results as CSV: rank,face_id,similarity,label,path,x,y,w,h (box relative
// 0..1). Written to a temporary file and renamed. Safe on any thread.
class ResultsExporter {
public:
    static Status writeCsv(const QString& file, const QString& queryName,
                           const std::vector<FaceMatch>& matches);
    static QString csvField(const QString& value);
};

} // namespace lookalike::ui
