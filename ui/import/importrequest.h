#pragma once
#include <QString>

namespace lookalike::ui {

// What the import wizard asks for: index `folder` into the library file `libraryPath`.
struct ImportRequest {
    QString folder;
    QString libraryPath;
    bool recursive = true;
    bool labelsFromSubfolders = false;
    bool namesFromMetadata = true; // XMP face regions label the faces they mark
    // The face pass; without it (photos only) an import is faster and finds duplicates and
    // look-alikes only, and a later import with faces adds them (index --photos-only).
    bool findFaces = true;
    // The object pass (index --objects): photo queries then find the same object in other
    // photos. Costs ObjectModel::kMillisPerPhoto ms a photo more.
    bool findObjects = false;

    bool isValid() const { return !folder.isEmpty() && !libraryPath.isEmpty(); }
};

} // namespace lookalike::ui
