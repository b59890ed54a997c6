#pragma once
// Writes the names of labelled faces back into photo metadata, for digiKam, Lightroom and
// Windows: MWG regions plus Microsoft regions (XmpRegions), in the photo's XMP sidecar by
// default ("photo.jpg.xmp", or the "photo.xmp" already there), so originals are never
// touched. Embedded only on request and only in JPEG and PNG (XmpRegions::canEmbed), through
// a copy that is written, flushed, read back and compared (regions present, every other
// field unchanged) before it replaces the original; other formats get a sidecar.
// All files change in one journal batch (LabelEditor::rewriteFiles): one undo puts every
// file back byte for byte. Files already holding the names are left alone, so a second run
// changes nothing. Use the Library's thread.
#include "expected.h"
#include "labeleditor.h"
#include <atomic>
#include <functional>

namespace lookalike {

class Library;

class MetadataWriter {
public:
    struct Options {
        bool embedded = false;
        const std::atomic_bool* cancel = nullptr; // checked between photos: nothing is written
        std::function<void(qint64 done, qint64 total)> progress;
    };
    struct Report {
        qint64 photos = 0;    // photos with labelled faces
        qint64 written = 0;   // files written (sidecars or photos)
        qint64 unchanged = 0; // files that already held the names
        qint64 batchId = 0;   // the journal batch (0 when nothing was written)
        bool cancelled = false;
        QStringList files;                      // the files written
        std::vector<EditReport::Skip> problems; // photos left alone, and why
    };

    static Expected<Report> run(Library& library, const Options& options);
};

} // namespace lookalike
