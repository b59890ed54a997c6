#include "objectphotos.h"

#include "imageloader.h"
#include "objectcodebook.h"

#include <QDirIterator>
#include <QMutex>
#include <QThreadPool>
#include <QtConcurrent>
#include <numeric>

namespace lookalike {

namespace {

// Decoded small enough for features (their max side is 640 by default), never full size.
ImageLoader::Options loadOptions(const LocalFeatureExtractor::Options& options)
{
    ImageLoader::Options o;
    o.workingMaxSide = std::max(1024, options.maxSide * 2);
    return o;
}

template <class T>
std::vector<std::optional<T>>
mapPhotos(const QStringList& paths, const ObjectCodebook& codebook,
          const LocalFeatureExtractor::Options& options, QStringList* errors,
          const std::atomic_bool* cancel,
          const std::function<T(LocalFeatureExtractor&, const QImage&)>& work)
{
    std::vector<std::optional<T>> results(size_t(paths.size()));
    // One strand of photos per pool thread, each with its own extractor: strand s takes
    // photos s, s + strands, ...
    const int strands = std::max(1, QThreadPool::globalInstance()->maxThreadCount());
    std::vector<int> order(static_cast<size_t>(strands));
    std::iota(order.begin(), order.end(), 0);
    QMutex lock;
    QtConcurrent::blockingMap(order, [&](int strand) {
        LocalFeatureExtractor extractor(codebook, options);
        for (int i = strand; i < paths.size(); i += strands) {
            if (cancel && *cancel)
                return;
            auto image = ImageLoader::load(paths.at(i), loadOptions(options));
            if (!image) {
                if (errors) {
                    QMutexLocker locker(&lock);
                    *errors << image.error();
                }
                continue;
            }
            results[size_t(i)] = work(extractor, image->image);
        }
    });
    return results;
}

} // namespace

QStringList ObjectPhotos::list(const QString& folder, int limit)
{
    QStringList files;
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (ImageLoader::looksLikeImage(path))
            files << path;
    }
    files.sort();
    if (limit <= 0 || files.size() <= limit)
        return files;
    QStringList chosen;
    for (int i = 0; i < limit; ++i)
        chosen << files.at(int(qint64(i) * files.size() / limit));
    return chosen;
}

std::vector<std::optional<ObjectDescriptor>>
ObjectPhotos::describe(const QStringList& paths, const ObjectCodebook& codebook,
                       const LocalFeatureExtractor::Options& options, bool keepAll,
                       QStringList* errors, const std::atomic_bool* cancel)
{
    const std::function<ObjectDescriptor(LocalFeatureExtractor&, const QImage&)> work =
        [keepAll](LocalFeatureExtractor& e, const QImage& image) {
            auto d = e.describe(image, keepAll);
            return d ? std::move(*d) : ObjectDescriptor{};
        };
    return mapPhotos(paths, codebook, options, errors, cancel, work);
}

std::vector<std::vector<float>>
ObjectPhotos::rootSift(const QStringList& paths, const LocalFeatureExtractor::Options& options,
                       QStringList* errors)
{
    static const ObjectCodebook none; // rootSift() does not use the codebook
    const std::function<std::vector<float>(LocalFeatureExtractor&, const QImage&)> work =
        [](LocalFeatureExtractor& e, const QImage& image) { return e.rootSift(image); };
    std::vector<std::vector<float>> out;
    for (auto& r : mapPhotos(paths, none, options, errors, nullptr, work))
        out.push_back(r ? std::move(*r) : std::vector<float>{});
    return out;
}

Expected<ObjectCodebook> ObjectPhotos::trainCodebook(const QStringList& folders,
                                                     const ObjectCodebook::TrainOptions& train,
                                                     const LocalFeatureExtractor::Options& options,
                                                     qint64 maxDescriptors, qint64* photos,
                                                     qint64* descriptors)
{
    QStringList paths;
    for (const QString& folder : folders)
        paths << list(folder);
    if (paths.isEmpty())
        return Error{QStringLiteral("no photos in %1").arg(folders.join(QStringLiteral(", ")))};
    const std::vector<std::vector<float>> perPhoto = rootSift(paths, options);
    qint64 total = 0;
    for (const std::vector<float>& d : perPhoto)
        total += qint64(d.size() / 128);
    const qint64 step =
        std::max<qint64>(1, (total + maxDescriptors - 1) / std::max<qint64>(1, maxDescriptors));
    std::vector<float> sample;
    qint64 index = 0, kept = 0;
    for (const std::vector<float>& d : perPhoto) {
        for (size_t row = 0; row < d.size() / 128; ++row, ++index) {
            if (index % step != 0)
                continue;
            sample.insert(sample.end(), d.begin() + ptrdiff_t(row * 128),
                          d.begin() + ptrdiff_t(row * 128 + 128));
            ++kept;
        }
    }
    if (photos)
        *photos = paths.size();
    if (descriptors)
        *descriptors = kept;
    return ObjectCodebook::train(sample, kept, train);
}

} // namespace lookalike
