#pragma once
#include "searcher.h"
#include <QImage>
#include <QRectF>
#include <vector>

namespace lookalike::ui {

// One face found in a query photo.
struct QueryFaceInfo {
    QRectF box;                   // relative 0..1 to the photo
    float score = 0;              // detector confidence
    qint64 faceId = -1;           // the library face, when the photo is in the library
    QString label;                // its label, for library faces
    std::vector<float> embedding; // for faces of outside photos (size = dimension)
};

// What a query knows about its photo, and the matches of its selected face.
struct QueryPhoto {
    QString name;   // file name, or "Pasted image"
    QString path;   // empty for pasted images
    QImage image;   // for display (long side at most ~1600 px); null when it could not be read
    QSize fullSize; // the photo's own size
    std::vector<QueryFaceInfo> faces; // largest first
    int selected = -1;                // index into faces whose matches follow
    std::vector<FaceMatch> matches;   // best first
    QString error;                    // non-empty: the query failed and why
};

struct MatchList {
    std::vector<FaceMatch> matches; // best first
    QString error;
};

} // namespace lookalike::ui
