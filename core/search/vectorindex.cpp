#include "vectorindex.h"

#include "knnblocks.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>

#include <faiss/IndexFlat.h>
#include <faiss/IndexIDMap.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/io.h>
#include <faiss/index_factory.h>
#include <faiss/index_io.h>
#include <faiss/utils/Heap.h>

#include <algorithm>
#include <cmath>

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
constexpr qint64 kExactBelow = 100000;
constexpr int kTrainPerList = 32; // IVF k-means sample: nlist * kTrainPerList vectors
constexpr int kTrainIterations = 10;

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
        (listsIn(meta.factory) > 0))
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

// Searches run on BLAS rather than FAISS's own kernels: Debian's libfaiss is built for the
// x86-64 baseline, where fvec_inner_product is the scalar reference loop (~0.5 GFLOP/s), and
// its BLAS path allocates a 16 MB block per call. One query over 100,000 faces took 233 ms
// with IndexFlatIP::search and 39 ms as sgemv on the same loaded machine. The FAISS index
// still holds the vectors, the IVF lists and the trained quantizer, and reads and writes.
constexpr int64_t kScanBlock = 16384; // stored vectors per similarity tile

// Offers `count` stored vectors (count * d at base, FAISS ids ids[i], or first + i when ids
// is null) to the heaps of the nq queries.
void scan(const float* queries, int64_t nq, const float* base, int64_t count, const FaissId* ids,
          int d, knn::Heaps& heaps, std::vector<float>& tile)
{
    for (int64_t from = 0; from < count; from += kScanBlock) {
        const int64_t block = std::min(kScanBlock, count - from);
        tile.resize(size_t(nq) * block);
        knn::innerProducts(queries, nq, base + from * d, block, d, tile.data());
        for (int64_t q = 0; q < nq; ++q)
            for (int64_t j = 0; j < block; ++j)
                if (tile[q * block + j] > heaps.simsOf(q)[0])
                    heaps.push(q, tile[q * block + j], ids ? ids[from + j] : from + j);
    }
}

// The `nprobe` lists whose centroids are nearest to the query.
std::vector<int64_t> nearestLists(const faiss::IndexIVF& ivf, const float* query,
                                  std::vector<float>& tile)
{
    const auto* centroids = dynamic_cast<const faiss::IndexFlat*>(ivf.quantizer);
    knn::Heaps best(1, int(std::min<size_t>(ivf.nprobe, ivf.nlist)));
    scan(query, 1, centroids->get_xb(), centroids->ntotal, nullptr, int(ivf.d), best, tile);
    return {best.rows.begin(), best.rows.end()};
}

void searchIvf(const faiss::IndexIVFFlat& ivf, const float* queries, int64_t nq, knn::Heaps& heaps)
{
    std::vector<float> tile;
    for (int64_t q = 0; q < nq; ++q) {
        knn::Heaps one(1, heaps.k);
        for (int64_t list : nearestLists(ivf, queries + q * ivf.d, tile)) {
            const int64_t size = list < 0 ? 0 : int64_t(ivf.invlists->list_size(list));
            if (size == 0)
                continue;
            faiss::InvertedLists::ScopedCodes codes(ivf.invlists, list);
            faiss::InvertedLists::ScopedIds ids(ivf.invlists, list);
            scan(queries + q * ivf.d, 1, reinterpret_cast<const float*>(codes.get()), size,
                 ids.get(), int(ivf.d), one, tile);
        }
        std::copy_n(one.sims.data(), heaps.k, heaps.simsOf(q));
        std::copy_n(one.rows.data(), heaps.k, heaps.rowsOf(q));
    }
}

void searchFlat(const faiss::IndexFlat& flat, const float* queries, int64_t nq, knn::Heaps& heaps)
{
    constexpr int64_t kQueryBatch = 64; // keeps the tile at 64 * kScanBlock floats
    std::vector<float> tile;
    for (int64_t from = 0; from < nq; from += kQueryBatch) {
        const int64_t count = std::min(kQueryBatch, nq - from);
        knn::Heaps batch(count, heaps.k);
        scan(queries + from * flat.d, count, flat.get_xb(), flat.ntotal, nullptr, int(flat.d),
             batch, tile);
        std::copy(batch.sims.begin(), batch.sims.end(), heaps.simsOf(from));
        std::copy(batch.rows.begin(), batch.rows.end(), heaps.rowsOf(from));
    }
}

// FAISS's own search, for index types without a BLAS path here.
void searchFaiss(const faiss::Index& index, const float* queries, int64_t nq, knn::Heaps& heaps)
{
    index.search(nq, queries, heaps.k, heaps.sims.data(), heaps.rows.data());
    for (int64_t q = 0; q < nq; ++q) // back to min-heaps, as the other paths leave them
        faiss::minheap_heapify(heaps.k, heaps.simsOf(q), heaps.rowsOf(q), heaps.simsOf(q),
                               heaps.rowsOf(q), heaps.k);
}

// The k best stored vectors per query, as min-heaps over FAISS's internal ids.
knn::Heaps searchInner(const faiss::IndexIDMap2& map, const float* queries, int64_t nq, int k)
{
    knn::Heaps heaps(nq, k);
    const auto* ivf = dynamic_cast<const faiss::IndexIVFFlat*>(map.index);
    const auto* flat = dynamic_cast<const faiss::IndexFlat*>(map.index);
    if (ivf && dynamic_cast<const faiss::IndexFlat*>(ivf->quantizer))
        searchIvf(*ivf, queries, nq, heaps);
    else if (flat)
        searchFlat(*flat, queries, nq, heaps);
    else
        searchFaiss(*map.index, queries, nq, heaps);
    return heaps;
}

} // namespace

struct VectorIndex::Impl {
    std::unique_ptr<faiss::IndexIDMap2> index;
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
    return QStringLiteral("IVF%1,Flat").arg(listsFor(count));
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
    built.count = n;
    if (built.factory.isEmpty())
        built.factory = factoryFor(n);
    if (built.nprobe <= 0)
        built.nprobe = nprobeFor(built.factory);
    if (const QString problem = validate(vectors, ids, n, built); !problem.isEmpty())
        return Error{QStringLiteral("Cannot build the face index: %1").arg(problem)};
    try {
        auto impl = std::make_unique<Impl>();
        impl->index = makeIndex(built);
        if (n > 0 && !impl->index->is_trained)
            impl->index->train(n, vectors);
        impl->index->add_with_ids(n, vectors, reinterpret_cast<const FaissId*>(ids));
        applyNprobe(*impl->index, built.nprobe);
        return std::unique_ptr<VectorIndex>(new VectorIndex(std::move(impl), built));
    } catch (const std::exception& e) {
        return Error{QStringLiteral("Cannot build the face index (%1): %2")
                         .arg(built.factory, faissMessage(e))};
    }
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
        DeviceReader reader(&file);
        std::unique_ptr<faiss::Index> index(faiss::read_index(&reader));
        if (const QString problem = mismatch(index.get(), *meta); !problem.isEmpty())
            return Error{QStringLiteral("%1 is damaged: it %2").arg(path, problem)};
        if (!file.atEnd())
            return Error{QStringLiteral("%1 is damaged: trailing data").arg(path)};
        auto impl = std::make_unique<Impl>();
        impl->index.reset(static_cast<faiss::IndexIDMap2*>(index.release()));
        applyNprobe(*impl->index, meta->nprobe);
        return std::unique_ptr<VectorIndex>(new VectorIndex(std::move(impl), *meta));
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
        knn::Heaps heaps = searchInner(*d->index, queries, nq, k);
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

} // namespace lookalike
