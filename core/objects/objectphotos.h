#pragma once
// Photos for same-object search's training and benchmark: listing folders in a fixed order
// and describing many photos on the thread pool.
#include "expected.h"
#include "localfeatureextractor.h"
#include "objectcodebook.h"
#include <QStringList>
#include <atomic>
#include <functional>
#include <optional>

namespace lookalike {

class ObjectPhotos {
public:
    // Every photo under `folder` (recursive, recognised by content), sorted by path; with
    // limit > 0 an evenly spaced selection of at most `limit` of them, still sorted.
    static QStringList list(const QString& folder, int limit = 0);

    // Decodes each photo (reduced, EXIF applied) and runs `work` on it on the global thread
    // pool with one LocalFeatureExtractor per thread; results in the order of `paths`, nullopt
    // for a photo that failed to decode (its error goes to `errors` when given).
    static std::vector<std::optional<ObjectDescriptor>>
    describe(const QStringList& paths, const ObjectCodebook& codebook,
             const LocalFeatureExtractor::Options& options, bool keepAll,
             QStringList* errors = nullptr, const std::atomic_bool* cancel = nullptr);
    // The codebook learnt from every photo under `folders` (sorted, in folder order): their
    // RootSIFT descriptors, every m-th one kept so that at most maxDescriptors are used.
    // Deterministic. `used` receives how many photos and descriptors went in.
    static Expected<ObjectCodebook> trainCodebook(const QStringList& folders,
                                                  const ObjectCodebook::TrainOptions& train,
                                                  const LocalFeatureExtractor::Options& options,
                                                  qint64 maxDescriptors, qint64* photos = nullptr,
                                                  qint64* descriptors = nullptr);
    static std::vector<std::vector<float>> rootSift(const QStringList& paths,
                                                    const LocalFeatureExtractor::Options& options,
                                                    QStringList* errors = nullptr);
};

} // namespace lookalike
