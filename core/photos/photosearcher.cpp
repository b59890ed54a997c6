#include "photosearcher.h"
#include "imageloader.h"
#include "library.h"
#include "photostore.h"
#include <QCryptographicHash>
#include <QFile>
#include <QSet>
#include <algorithm>

namespace lookalike {

namespace {
constexpr int kMaxNearCandidates = 1000;
}

PhotoSearcher::PhotoSearcher(Library& library, PhotoIndex index)
    : m_library(&library), m_index(std::move(index))
{
}

Expected<PhotoSearcher> PhotoSearcher::open(Library& library)
{
    auto index = PhotoIndex::load(library);
    if (!index)
        return Error{index.error()};
    return PhotoSearcher(library, std::move(*index));
}

Expected<std::vector<PhotoMatch>> PhotoSearcher::search(const QString& imagePath, const Options& options)
{
    QFile file(imagePath);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1: %2").arg(imagePath, file.errorString())};
    const QByteArray bytes = file.readAll();
    const QString hash = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha1).toHex());
    auto photo = ImageLoader::decode(bytes, imagePath, ImageLoader::Options{});
    if (!photo)
        return Error{photo.error()};
    return search(photo->image, hash, options);
}

Expected<std::vector<PhotoMatch>> PhotoSearcher::search(qint64 imageId, const Options& options)
{
    const auto photo = PhotoStore::descriptor(*m_library, imageId);
    if (!photo)
        return Error{QStringLiteral("photo %1 has no photo descriptors (index it again)").arg(imageId)};
    const auto facts = PhotoStore::photoFacts(*m_library, {imageId});
    return search(*photo, facts.empty() ? QString() : facts.front().hash, options, imageId);
}

Expected<std::vector<PhotoMatch>> PhotoSearcher::search(const QImage& image, const QString& contentHash,
                                                        const Options& options, qint64 excludeImageId)
{
    auto photo = PhotoDescriber::describe(image);
    if (!photo)
        return Error{photo.error()};
    return search(*photo, contentHash, options, excludeImageId);
}

std::vector<PhotoMatch> PhotoSearcher::search(const PhotoDescriptor& photo, const QString& contentHash,
                                              const Options& options, qint64 excludeImageId)
{
    std::vector<PhotoMatch> out;
    QSet<qint64> seen{excludeImageId};
    if (options.duplicates) {
        if (!contentHash.isEmpty())
            for (qint64 id : PhotoStore::withHash(*m_library, contentHash))
                if (!seen.contains(id)) {
                    seen.insert(id);
                    out.push_back({id, {}, 1.f, PhotoMatchKind::Exact});
                }
        for (const PhotoIndex::Hit& hit :
             m_index.nearCodes(photo.hash, photo.windows, PhotoDescriber::kNearBits, kMaxNearCandidates)) {
            if (seen.contains(hit.imageId))
                continue;
            seen.insert(hit.imageId);
            out.push_back({hit.imageId, {}, PhotoDescriber::hashSimilarity(int(hit.score)), PhotoMatchKind::Near});
        }
        std::stable_sort(out.begin(), out.end(), [](const PhotoMatch& a, const PhotoMatch& b) {
            return a.similarity > b.similarity;
        });
    }
    if (options.similar) {
        int added = 0;
        for (const PhotoIndex::Hit& hit : m_index.nearestLooks(photo.look, options.limit + int(seen.size()))) {
            if (added >= options.limit)
                break;
            const float similarity = std::clamp(hit.score, 0.f, 1.f);
            if (seen.contains(hit.imageId) || similarity < options.minSimilarity)
                continue;
            seen.insert(hit.imageId);
            out.push_back({hit.imageId, {}, similarity, PhotoMatchKind::Similar});
            ++added;
        }
    }
    std::vector<qint64> ids;
    for (const PhotoMatch& m : out)
        ids.push_back(m.imageId);
    QHash<qint64, QString> paths;
    for (const PhotoFacts& f : PhotoStore::photoFacts(*m_library, ids))
        paths.insert(f.imageId, f.path);
    for (PhotoMatch& m : out)
        m.path = paths.value(m.imageId);
    return out;
}

} // namespace lookalike
