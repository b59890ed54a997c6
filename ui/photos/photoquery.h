#pragma once
// What a photo query asks about and what it found: the structs PhotoQueryService and
// PhotoQuerySession pass between the search thread and the GUI thread.
#include "photomatch.h"
#include <QImage>
#include <QString>
#include <vector>

namespace lookalike::ui {

// One of: a photo file, an image (pasted or dropped data), or a photo of the library.
struct PhotoQuerySource {
    QString path;
    QImage image;
    QString name;        // shown for an image: "Pasted image"
    qint64 imageId = -1; // a photo of the library
};

struct PhotoQueryResult {
    QString name;        // file name, or the source's name for an image
    QString path;        // the photo's file; empty for an image
    qint64 imageId = -1; // the photo in the library, when it is one (never its own match)
    QImage preview;      // long side at most PhotoQueryService::kPreviewSide; null if unreadable
    // Duplicates (exact, then near, best first), then the same object (most matching
    // keypoints first), then look-alikes (best first, any similarity).
    std::vector<PhotoMatch> matches;
    // The library holds same-object descriptors and they were searched (the section shows).
    bool objectsSearched = false;
    QString objectsProblem; // why same-object search could not run, when it could not
    // The library's image model that ranked the look-alikes (empty: the model-free look
    // vector), and why the library's model could not be used, when it could not.
    QString imageModel;
    QString imageModelProblem;
    std::vector<qint64> faceIds; // the library photo's faces, largest first
    QString error;               // non-empty: the query failed, and why
};

} // namespace lookalike::ui
