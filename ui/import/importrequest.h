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

    bool isValid() const { return !folder.isEmpty() && !libraryPath.isEmpty(); }
};

} // namespace lookalike::ui
