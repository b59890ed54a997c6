#pragma once
// lookalike-cli conventions: machine-readable output on stdout, human messages on stderr,
// exit code 0 success, 1 usage error, 2 failure.
#include "expected.h"
#include "library.h"
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <atomic>

namespace lookalike::cli {

enum ExitCode { Success = 0, UsageError = 1, Failure = 2 };

// Set by Ctrl-C; long commands stop cleanly when it turns true. A second Ctrl-C exits at once.
extern std::atomic_bool g_cancel;
void installInterruptHandler();

void printJson(const QJsonObject& object);
int fail(const QString& message);   // prints "lookalike-cli: message" on stderr, returns 2
int usage(const QString& message);  // the same, returns 1
void info(const QString& message);  // a line on stderr

// Tells the user (stderr) about a change a crash left half done in `library`: read-only
// commands see that state (photos reported where they are) and say how to finish it.
void warnPending(Library& library);
// Opens a library to read only (export, stats, dupes ...): no recovery, no migration, and a
// warning when an interrupted change is pending.
Expected<std::unique_ptr<Library>> openForReading(const QString& path);

int runIndex(const QStringList& args);
int runQuery(const QStringList& args);
int runDupes(const QStringList& args);
// Whole photos (issue 8): query/dupes with --photos come here (cmd_photos.cpp).
int runQueryPhotos(const QStringList& args);
// reviewMode: as "review --mode duplicate-photos" (the mode is echoed in the output).
int runDupesPhotos(const QStringList& args, const QString& reviewMode = {});
int runRemovePhotos(const QStringList& args);
int runNotDuplicates(const QStringList& args);
bool takePhotosFlag(QStringList& args); // removes "--photos"; true when it was there
int runExport(const QStringList& args);
int runStats(const QStringList& args);
int runBench(const QStringList& args);
int runBenchGate(const QStringList& args); // cmd_benchgate.cpp
int runRelabel(const QStringList& args);
int runMergeLabels(const QStringList& args);
int runUndo(const QStringList& args);
int runMarkFace(const QStringList& args);
int runReview(const QStringList& args);
int runClusters(const QStringList& args);
int runTrainCodebook(const QStringList& args); // cmd_objects.cpp
int benchObjects(const QStringList& args);
int benchPhotos(const QStringList& args);      // bench photos     // bench objects
int runMap(const QStringList& args);
int runWriteMetadata(const QStringList& args);
int benchFormats(const QStringList& args);   // bench formats
int benchRawMemory(const QStringList& args); // bench raw-memory
int runRecover(const QStringList& args);
int runImageModel(const QStringList& args); // cmd_imagemodel.cpp

} // namespace lookalike::cli
