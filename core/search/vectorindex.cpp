#include "vectorindex.h"

#include "indexsearch.h"
#include "knnblocks.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>

#include <faiss/IndexFlat.h>
#include <faiss/IndexIDMap.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/io.h>
#include <faiss/index_factory.h>
#include <faiss/index_io.h>
#pragma push_macro("slots") // Qt's keyword; FAISS names a member "slots"
#undef slots
#include <faiss/invlists/OnDiskInvertedLists.h>
#pragma pop_macro("slots")

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numeric>

namespace lookalike {
namespace {

Q_LOGGING_CATEGORY(lcVectorIndex, "lookalike.core.index")

// Crossover, measured with benchQuery() on this 2-core box (OpenBLAS, 512-d synthetic faces,
// one warm query, k = 10, single-threaded BLAS, load average 7-11 from other jobs, so
// expect roughly half these times on an idle machine):
//
//   faces     Flat median   IVF (lists, nprobe)   IVF median   IVF recall@10   IVF build
//    10,000       0.9 ms    IVF256, 48              0.2 ms       0.994           1.1 s
//    50,000        19 ms    IVF512, 85               14 ms       0.995           5.7 s
//   100,000        39 ms    IVF512, 85              8.1 ms       0.992           5.4 s
//   500,000       269 ms    IVF1024, 170             53 ms       0.997            28 s
//
// Flat is exact and builds in well under a second, which matters because the index is
// rebuilt after every import. It is memory-bound (~0.5 us a face), so it stays inside an
// interactive budget (~40 ms, below the cost of embedding the dropped photo) up to about
// 100,000 faces; above that IVF is 5x faster for 1% of the true neighbours.
//
// Above the crossover the lists hold 8-bit codes (SQ8, by residual: 512 bytes a face instead
// of 2 KB), scanned by kernels::codeDots, and the top rerankDepth(k) candidates are re-ranked
// with their float vectors read from the library. See benchQuery() for recall and latency.
constexpr qint64 kExactBelow = 100000;
constexpr int kTrainPerList = 32; // IVF k-means sample: nlist * kTrainPerList vectors
constexpr int kTrainIterations = 10;
constexpr int kRerankFactor = 4; // candidates re-ranked per result wanted
constexpr int kRerankMin = 40;

using FaissId = faiss::Index::idx_t;
static_assert(sizeof(FaissId) == sizeof(qint64), "row ids are passed to FAISS as they are");

constexpr char kMagic[8] = {'L', 'K', 'V', 'I', 'D', 'X', '0', '1'};
constexpr quint32 kMaxHeader = 1 << 16;

// IVF lists for `count` vectors: the power of two nearest 2 * sqrt(count), 256..4096.
int listsFor(qint64 count)
{
    const double target = 2.0 * std::sqrt(double(std::max<qint64>(count, 1)));
    const int lists = 1 << int(std::lround(std::log2(target)));
    return std::clamp(lists, 256, 4096);
}

// Lists searched per query for top-10 recall >= 0.99 on face-like vectors, with a margin.
// Measured recall@10: IVF256 32: 0.985, 48: 0.992; IVF512 64: 0.991, 85: 0.995;
// IVF1024 96: 0.989, 128: 0.993, 170: 0.997.
int nprobeFor(int lists)
{
    return std::min(lists, std::max(48, lists / 6));
}

int listsIn(const QString& factory)
{
    // "IVF2048,SQ8" -> 2048
    if (!factory.startsWith(QLatin1String("IVF")))
        return 0;
    return factory.mid(3).section(QLatin1Char(','), 0, 0).toInt();
}

QString faissMessage(const std::exception& e)
{
    if (const auto* f = dynamic_cast<const faiss::FaissException*>(&e))
        return QString::fromStdString(f->msg);
    return QString::fromLocal8Bit(e.what());
}

// faiss::IOWriter onto a QIODevice.
struct DeviceWriter : faiss::IOWriter {
    QIODevice* device;
    explicit DeviceWriter(QIODevice* d) : device(d) {}
    size_t operator()(const void* ptr, size_t size, size_t nitems) override
    {
        const qint64 bytes = qint64(size * nitems);
        if (bytes == 0)
            return nitems;
        return device->write(static_cast<const char*>(ptr), bytes) == bytes ? nitems : 0;
    }
};

// faiss::IOReader from a QIODevice; a short read makes FAISS throw.
struct DeviceReader : faiss::IOReader {
    QIODevice* device;
    explicit DeviceReader(QIODevice* d) : device(d) {}
    size_t operator()(void* ptr, size_t size, size_t nitems) override
    {
        if (size == 0 || nitems == 0)
            return 0;
        const qint64 got = device->read(static_cast<char*>(ptr), qint64(size * nitems));
        return got <= 0 ? 0 : size_t(got) / size;
    }
};

QJsonObject toJson(const VectorIndex::Meta& meta)
{
    return {{"model", meta.model},     {"dimension", meta.dimension},
            {"count", meta.count},     {"generation", meta.generation},
            {"factory", meta.factory}, {"nprobe", meta.nprobe}};
}

VectorIndex::Meta fromJson(const QJsonObject& json)
{
    VectorIndex::Meta meta;
    meta.model = json.value("model").toString();
    meta.dimension = json.value("dimension").toInt();
    meta.count = json.value("count").toInteger(-1);
    meta.generation = json.value("generation").toInteger();
    meta.factory = json.value("factory").toString();
    meta.nprobe = json.value("nprobe").toInt();
    return meta;
}

// The header: magic, JSON length (little-endian quint32), JSON meta.
Expected<VectorIndex::Meta> readHeader(QFile& file)
{
    char magic[sizeof kMagic];
    quint32 length = 0;
    if (file.read(magic, sizeof magic) != sizeof magic ||
        !std::equal(magic, magic + sizeof magic, kMagic))
        return Error{QStringLiteral("%1 is not a Lookalike index file").arg(file.fileName())};
    if (file.read(reinterpret_cast<char*>(&length), sizeof length) != sizeof length ||
        length > kMaxHeader)
        return Error{QStringLiteral("%1 has a damaged header").arg(file.fileName())};
    const QJsonDocument doc = QJsonDocument::fromJson(file.read(length));
    const VectorIndex::Meta meta = fromJson(doc.object());
    if (!doc.isObject() || meta.dimension <= 0 || meta.count < 0 || meta.factory.isEmpty())
        return Error{QStringLiteral("%1 has a damaged header").arg(file.fileName())};
    return meta;
}

void writeHeader(QIODevice& device, const VectorIndex::Meta& meta)
{
    const QByteArray json = QJsonDocument(toJson(meta)).toJson(QJsonDocument::Compact);
    const quint32 length = quint32(json.size());
    device.write(kMagic, sizeof kMagic);
    device.write(reinterpret_cast<const char*>(&length), sizeof length);
    device.write(json);
}

// Does what `index` holds agree with `meta`? An empty string when it does.
QString mismatch(const faiss::Index* index, const VectorIndex::Meta& meta)
{
    const auto* map = dynamic_cast<const faiss::IndexIDMap2*>(index);
    if (!map)
        return QStringLiteral("not an id-mapped index");
    if (map->d != meta.dimension || map->ntotal != meta.count)
        return QStringLiteral("holds %1 vectors of %2 dimensions, its header says %3 of %4")
            .arg(map->ntotal)
            .arg(map->d)
            .arg(meta.count)
            .arg(meta.dimension);
    if (map->metric_type != faiss::METRIC_INNER_PRODUCT)
        return QStringLiteral("does not use inner product");
    if ((dynamic_cast<const faiss::IndexIVF*>(map->index) != nullptr) !=
            (listsIn(meta.factory) > 0) ||
        (dynamic_cast<const faiss::IndexIVFScalarQuantizer*>(map->index) != nullptr ||
         dynamic_cast<const faiss::IndexScalarQuantizer*>(map->index) != nullptr) !=
            VectorIndex::isCompressed(meta.factory))
        return QStringLiteral("is not a %1 index").arg(meta.factory);
    return {};
}

// Sets the IVF lists searched per query. Called before the index is shared: searches
// never change it.
void applyNprobe(faiss::IndexIDMap2& map, int nprobe)
{
    if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(map.index))
        ivf->nprobe = size_t(std::max(1, nprobe));
}

std::unique_ptr<faiss::IndexIDMap2> makeIndex(const VectorIndex::Meta& meta)
{
    const std::string factory = meta.factory.toStdString();
    std::unique_ptr<faiss::Index> inner(
        faiss::index_factory(meta.dimension, factory.c_str(), faiss::METRIC_INNER_PRODUCT));
    if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(inner.get())) {
        ivf->cp.max_points_per_centroid = kTrainPerList;
        ivf->cp.min_points_per_centroid = 1; // the subsample is deliberate: no warning
        ivf->cp.niter = kTrainIterations;
    }
    auto map = std::make_unique<faiss::IndexIDMap2>(inner.release());
    map->own_fields = true;
    return map;
}

QString validate(const float* vectors, const qint64* ids, qint64 n, const VectorIndex::Meta& m)
{
    if (m.dimension <= 0 || n < 0)
        return QStringLiteral("bad shape (%1 vectors of %2 dimensions)").arg(n).arg(m.dimension);
    if (n > 0 && (!vectors || !ids))
        return QStringLiteral("no vectors or ids");
    if (const int lists = listsIn(m.factory); lists > 0 && n < lists)
        return QStringLiteral("%1 needs at least %2 vectors, got %3")
            .arg(m.factory)
            .arg(lists)
            .arg(n);
    return {};
}

} // namespace

struct VectorIndex::Impl {
    std::unique_ptr<faiss::IndexIDMap2> index;
    bool scanCodes = false; // indexsearch::canScanCodes(), decided once
};

VectorIndex::VectorIndex(std::unique_ptr<Impl> impl, Meta meta)
    : d(std::move(impl)), m_meta(std::move(meta))
{
}

VectorIndex::~VectorIndex() = default;

QString VectorIndex::factoryFor(qint64 count)
{
    return factoryFor(count, kExactBelow);
}

QString VectorIndex::factoryFor(qint64 count, qint64 exactBelow)
{
    if (count < exactBelow)
        return QStringLiteral("Flat");
    return QStringLiteral("IVF%1,SQ8").arg(listsFor(count));
}

qint64 VectorIndex::trainingSizeFor(const QString& factory)
{
    return qint64(listsIn(factory)) * kTrainPerList;
}

bool VectorIndex::isCompressed(const QString& factory)
{
    return factory.contains(QLatin1String("SQ")) || factory.contains(QLatin1String("PQ"));
}

int VectorIndex::rerankDepth(int k)
{
    return std::max(k * kRerankFactor, kRerankMin);
}

int VectorIndex::nprobeFor(const QString& factory)
{
    const int lists = listsIn(factory);
    return lists > 0 ? lookalike::nprobeFor(lists) : 0;
}

Expected<std::unique_ptr<VectorIndex>> VectorIndex::build(const float* vectors, const qint64* ids,
                                                          qint64 n, const Meta& meta)
{
    Meta built = meta;
    if (built.factory.isEmpty())
        built.factory = factoryFor(n);
    if (const QString problem = validate(vectors, ids, n, built); !problem.isEmpty())
        return Error{QStringLiteral("Cannot build the face index: %1").arg(problem)};
    auto index = create(built, vectors, n);
    if (!index)
        return index;
    if (Status s = (*index)->add(vectors, ids, n); !s)
        return Error{s.error()};
    return index;
}

Expected<std::unique_ptr<VectorIndex>> VectorIndex::create(const Meta& meta, const float* sample,
                                                           qint64 n)
{
    Meta built = meta;
    built.count = 0;
    if (built.factory.isEmpty())
        built.factory = factoryFor(0);
    if (built.nprobe <= 0)
        built.nprobe = nprobeFor(built.factory);
    if (built.dimension <= 0)
        return Error{QStringLiteral("Cannot build the face index: no dimension")};
    try {
        auto impl = std::make_unique<Impl>();
        impl->index = makeIndex(built);
        if (!impl->index->is_trained) {
            const int lists = listsIn(built.factory);
            if (!sample || n < lists)
                return Error{QStringLiteral("Cannot build the face index: %1 needs at least %2 "
                                            "vectors to train on, got %3")
                                 .arg(built.factory)
                                 .arg(lists)
                                 .arg(n)};
            impl->index->train(n, sample);
        }
        applyNprobe(*impl->index, built.nprobe);
        auto index = std::unique_ptr<VectorIndex>(new VectorIndex(std::move(impl), built));
        index->prepareSearch();
        return index;
    } catch (const std::exception& e) {
        return Error{QStringLiteral("Cannot build the face index (%1): %2")
                         .arg(built.factory, faissMessage(e))};
    }
}

Status VectorIndex::add(const float* vectors, const qint64* ids, qint64 n)
{
    if (n <= 0)
        return success();
    if (!vectors || !ids)
        return Error{QStringLiteral("Cannot add to the face index: no vectors or ids")};
    try {
        d->index->add_with_ids(n, vectors, reinterpret_cast<const FaissId*>(ids));
        m_meta.count = d->index->ntotal;
        prepareSearch();
        return success();
    } catch (const std::exception& e) {
        return Error{QStringLiteral("Cannot add to the face index (%1): %2")
                         .arg(m_meta.factory, faissMessage(e))};
    }
}

void VectorIndex::prepareSearch()
{
    d->scanCodes = indexsearch::canScanCodes(*d->index);
}

Status VectorIndex::write(const QString& path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("Cannot write %1: %2").arg(path, file.errorString())};
    try {
        writeHeader(file, m_meta);
        DeviceWriter writer(&file);
        faiss::write_index(d->index.get(), &writer);
    } catch (const std::exception& e) {
        file.cancelWriting();
        return Error{QStringLiteral("Cannot write %1: %2").arg(path, faissMessage(e))};
    }
    if (!file.commit())
        return Error{QStringLiteral("Cannot write %1: %2").arg(path, file.errorString())};
    return success();
}

Expected<std::unique_ptr<VectorIndex>> VectorIndex::read(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("Cannot open %1: %2").arg(path, file.errorString())};
    Expected<Meta> meta = readHeader(file);
    if (!meta)
        return Error{meta.error()};
    try {
        std::unique_ptr<faiss::Index> index;
        bool atEnd = false;
        if (listsIn(meta->factory) > 0) {
            // IVF lists are mapped, not read: opening a 1,000,000-face library costs no
            // copy of its 0.5 GB of codes (the pages a search touches come from the page
            // cache). The lists keep their offsets in the file, after our header.
            std::unique_ptr<FILE, int (*)(FILE*)> stream(
                std::fopen(QFile::encodeName(path).constData(), "rb"), &std::fclose);
            if (!stream || std::fseek(stream.get(), long(file.pos()), SEEK_SET) != 0)
                return Error{QStringLiteral("Cannot open %1: %2")
                                 .arg(path, QString::fromLocal8Bit(std::strerror(errno)))};
            faiss::FileIOReader reader(stream.get());
            index.reset(faiss::read_index(&reader, faiss::IO_FLAG_MMAP));
            atEnd = std::ftell(stream.get()) == long(file.size());
        } else {
            DeviceReader reader(&file);
            index.reset(faiss::read_index(&reader));
            atEnd = file.atEnd();
        }
        if (const QString problem = mismatch(index.get(), *meta); !problem.isEmpty())
            return Error{QStringLiteral("%1 is damaged: it %2").arg(path, problem)};
        if (!atEnd)
            return Error{QStringLiteral("%1 is damaged: trailing data").arg(path)};
        if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(
                static_cast<faiss::IndexIDMap2*>(index.get())->index))
            if (auto* lists = dynamic_cast<faiss::OnDiskInvertedLists*>(ivf->invlists))
                lists->prefetch_nthread = 0; // no threads per search: mapped lists need no prefetch
        auto impl = std::make_unique<Impl>();
        impl->index.reset(static_cast<faiss::IndexIDMap2*>(index.release()));
        applyNprobe(*impl->index, meta->nprobe);
        auto out = std::unique_ptr<VectorIndex>(new VectorIndex(std::move(impl), *meta));
        out->prepareSearch();
        return out;
    } catch (const std::exception& e) {
        return Error{QStringLiteral("%1 is damaged or truncated: %2").arg(path, faissMessage(e))};
    }
}

std::vector<std::vector<SearchHit>> VectorIndex::search(const float* queries, qint64 nq, int k,
                                                        float minSimilarity) const
{
    std::vector<std::vector<SearchHit>> out(std::max<qint64>(nq, 0));
    k = int(std::min<qint64>(k, d->index->ntotal));
    if (nq <= 0 || k <= 0 || !queries)
        return out;
    try {
        knn::Heaps heaps = indexsearch::search(*d->index, queries, nq, k, d->scanCodes);
        const std::vector<int> found = heaps.sort();
        for (qint64 q = 0; q < nq; ++q)
            for (int j = 0; j < found[q]; ++j)
                if (heaps.simsOf(q)[j] >= minSimilarity)
                    out[q].push_back({d->index->id_map[heaps.rowsOf(q)[j]], heaps.simsOf(q)[j]});
    } catch (const std::exception& e) {
        qCWarning(lcVectorIndex) << "search failed:" << faissMessage(e);
    }
    return out;
}

std::vector<std::vector<SearchHit>> VectorIndex::search(const float* queries, qint64 nq, int k,
                                                        float minSimilarity,
                                                        const ExactVectors& exact) const
{
    if (!isCompressed() || !exact)
        return search(queries, nq, k, minSimilarity);
    auto candidates = search(queries, nq, rerankDepth(k), -1.f);
    const int dim = m_meta.dimension;
    std::vector<qint64> ids;
    std::vector<float> stored;
    for (qint64 q = 0; q < nq; ++q) {
        auto& hits = candidates[size_t(q)];
        ids.clear();
        for (const SearchHit& hit : hits)
            ids.push_back(hit.id);
        stored.resize(ids.size() * size_t(dim));
        if (Status s = exact(ids.data(), qint64(ids.size()), stored.data()); s) {
            const float* query = queries + q * dim;
            for (size_t i = 0; i < hits.size(); ++i)
                hits[i].similarity =
                    float(std::inner_product(query, query + dim, stored.data() + i * dim, 0.0));
            std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) {
                return a.similarity > b.similarity;
            });
        } else {
            qCWarning(lcVectorIndex) << "re-rank failed, keeping the codes' order:" << s.error();
        }
        if (hits.size() > size_t(k))
            hits.resize(size_t(k));
        hits.erase(std::remove_if(hits.begin(), hits.end(),
                                  [minSimilarity](const SearchHit& h) {
                                      return h.similarity < minSimilarity;
                                  }),
                   hits.end());
    }
    return candidates;
}

} // namespace lookalike
