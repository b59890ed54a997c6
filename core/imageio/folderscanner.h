#pragma once
#include <QString>
#include <atomic>
#include <functional>
#include <vector>

namespace lookalike {

// An image file found by content (ImageLoader::sniffFormat), not by extension.
struct ScannedFile {
    QString path;       // absolute and clean, through symlinks as found (not canonical)
    qint64 size = 0;    // bytes
    qint64 mtimeMs = 0; // last modification, ms since the Unix epoch (UTC)
    QString format;     // ImageFormat::sniffFile()
    // A camera RAW and its JPEG (or HEIC) twin, "IMG_1234.CR2" beside "IMG_1234.JPG", are
    // one photo: the JPEG is listed with the RAW's path here, and the RAW is not listed.
    QString twin;
};

// Something the scan skipped and the user should hear about: an unreadable folder or
// file, a symlink loop, a broken symlink, a file named like a photo that is not one.
struct ScanProblem {
    QString path;
    QString reason;
};

struct ScanResult {
    std::vector<ScannedFile> files;    // sorted by path
    std::vector<ScanProblem> problems; // sorted by path
    qint64 nonImages = 0;              // regular files whose content is not a supported image
    qint64 twins = 0;                  // RAW files listed as the twin of a JPEG
    bool cancelled = false;            // files holds what was found before cancellation
};

// Lists the images under a folder. Hidden entries (name starting with '.') are skipped.
// Symlinked folders are followed once: a link back to an ancestor (a loop) or to a folder
// already scanned is reported and skipped, so no image is listed twice through folder
// links; real folders win over links to them. Nothing is fatal: problems are collected.
// Thread-safe (no shared state); meant to run off the GUI thread.
class FolderScanner {
public:
    struct Options {
        bool recursive = true;
        // Checked between entries; when it becomes true the scan stops and returns what it
        // has with cancelled = true.
        const std::atomic_bool* cancel = nullptr;
        // Called on the scanning thread with the number of images found so far: at most
        // about every 100 ms while scanning, and once at the end with the final count.
        std::function<void(qint64 found)> progress = {};
    };

    static ScanResult scan(const QString& root, const Options& options);
    static ScanResult scan(const QString& root) { return scan(root, Options{}); }

    // Pairs RAWs with the JPEG or HEIC of the same name in the same folder (names compared
    // without case): the JPEG stays in `files` with the RAW as its twin, the RAW leaves.
    // A RAW with two candidates (a JPEG and a HEIC) pairs with the JPEG. Keeps the order.
    static qint64 pairTwins(std::vector<ScannedFile>& files);

    // The first folder under `root` on the way to `path` ("2019" for root/2019/a/b.jpg);
    // empty when `path` is directly in `root` or not under it. Pure string work.
    static QString labelFor(const QString& root, const QString& path);
};

} // namespace lookalike
