#pragma once
#include <QRectF>
#include <QString>

namespace lookalike::ui {

// What the UI keeps in memory about one face: enough for tooltips, captions, labels and
// filtering, without landmarks or embeddings (about 100 bytes plus shared strings).
struct FaceInfo {
    qint64 id = 0;
    qint64 imageId = 0;
    QString path;         // implicitly shared between faces of one photo
    QString label;        // empty: unlabelled
    QRectF box;           // relative 0..1 to the oriented photo
    float score = 0;      // detector confidence 0..1
    int person = 0;       // suggested person ("Unnamed person N") of an unlabelled face, 0: none
    bool notFace = false; // hidden as not a face (the face gate or a person said so)
};

} // namespace lookalike::ui
