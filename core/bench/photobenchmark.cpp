#include "photobenchmark.h"
#include "benchmarks.h"
#include "folderscanner.h"
#include "haarsignature.h"
#include "imageloader.h"
#include "indexer.h"
#include "library.h"
#include "photodescriber.h"
#include "photoduplicatefinder.h"
#include "multiindexhash.h"
#include "photoindex.h"
#include "photostore.h"
#include "photovariants.h"
#include "objectmodel.h"
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>
#include <algorithm>
#include <cmath>
#include <faiss/utils/distances.h>
#include <opencv2/imgproc.hpp>

namespace lookalike {

namespace {

using PairSet = QSet<QPair<QString, QString>>;

QPair<QString, QString> ordered(const QString& a, const QString& b)
{
    return a < b ? qMakePair(a, b) : qMakePair(b, a);
}

QStringList photosIn(const QStringList& folders)
{
    QStringList out;
    for (const QString& folder : folders)
        for (const ScannedFile& f : FolderScanner::scan(folder).files)
            out << f.path;
    std::sort(out.begin(), out.end());
    return out;
}

// Pairs of every group of files.
PairSet pairsOf(const std::vector<QStringList>& groups)
{
    PairSet out;
    for (const QStringList& g : groups)
        for (qsizetype i = 0; i < g.size(); ++i)
            for (qsizetype j = i + 1; j < g.size(); ++j)
                out.insert(ordered(g[i], g[j]));
    return out;
}

QJsonObject score(const PairSet& found, const PairSet& truth, double seconds)
{
    qint64 hits = 0;
    for (const auto& p : found)
        hits += truth.contains(p) ? 1 : 0;
    return QJsonObject{{QStringLiteral("pairs_found"), qint64(found.size())},
                       {QStringLiteral("pairs_true"), qint64(truth.size())},
                       {QStringLiteral("recall"), truth.isEmpty() ? 0.0 : double(hits) / truth.size()},
                       {QStringLiteral("precision"), found.isEmpty() ? 1.0 : double(hits) / found.size()},
                       {QStringLiteral("seconds"), seconds}};
}

// (a) Writes originals, their variants and distractors as files into `dir`; returns the true
// duplicate pairs (file names).
PairSet writeNearDuplicateSet(const QStringList& originals, const QStringList& distractors, const QString& dir,
                              QJsonObject& facts)
{
    std::vector<QStringList> groups;
    qint64 files = 0;
    for (qsizetype i = 0; i < originals.size(); ++i) {
        const QString base = QStringLiteral("%1/o%2").arg(dir).arg(i, 3, 10, QLatin1Char('0'));
        QStringList group;
        const QString copy = base + QStringLiteral("_original.jpg");
        QFile::copy(originals[i], copy);
        group << copy;
        for (const PhotoVariant& v : PhotoVariants::make(QImage(originals[i]))) {
            const QString path = QStringLiteral("%1_%2.%3").arg(base, v.name, v.suffix);
            QFile f(path);
            if (f.open(QIODevice::WriteOnly) && f.write(v.file) == v.file.size())
                group << path;
        }
        files += group.size();
        groups.push_back(group);
    }
    for (qsizetype i = 0; i < distractors.size(); ++i)
        if (QFile::copy(distractors[i], QStringLiteral("%1/d%2.%3").arg(dir).arg(i, 4, 10, QLatin1Char('0'))
                                            .arg(QFileInfo(distractors[i]).suffix().toLower())))
            ++files;
    facts.insert(QStringLiteral("originals"), qint64(originals.size()));
    facts.insert(QStringLiteral("variants_per_original"), groups.empty() ? 0 : qint64(groups.front().size() - 1));
    facts.insert(QStringLiteral("distractors"), qint64(distractors.size()));
    facts.insert(QStringLiteral("files"), files);
    return pairsOf(groups);
}

Expected<QJsonObject> lookalikeDuplicates(const ModelRegistry& registry, const QString& dir, const PairSet& truth,
                                          const std::atomic_bool* cancel)
{
    const QString libraryPath = dir + QStringLiteral(".lookalike.db");
    QFile::remove(libraryPath);
    QElapsedTimer clock;
    clock.start();
    Indexer::Options options;
    options.facePass = false;
    Indexer indexer(registry);
    auto summary = indexer.run(libraryPath, dir, options, cancel);
    if (!summary)
        return Error{summary.error()};
    const double importSeconds = clock.elapsed() / 1000.0;
    auto library = Library::open(libraryPath, Library::Mode::OpenExisting);
    if (!library)
        return Error{library.error()};
    QElapsedTimer searchClock;
    searchClock.start();
    auto groups = PhotoDuplicateFinder::find(**library, {});
    if (!groups)
        return Error{groups.error()};
    const double searchSeconds = searchClock.elapsed() / 1000.0;
    std::vector<QStringList> found;
    for (const PhotoGroup& g : *groups) {
        QStringList paths;
        for (const PhotoFacts& f : PhotoStore::photoFacts(**library, g.imageIds))
            paths << f.path;
        found.push_back(paths);
    }
    QJsonObject out = score(pairsOf(found), truth, importSeconds + searchSeconds);
    out.insert(QStringLiteral("import_seconds"), importSeconds);
    out.insert(QStringLiteral("search_seconds"), searchSeconds);
    out.insert(QStringLiteral("groups"), qint64(groups->size()));
    // Recall per variant kind: which edits are missed.
    QHash<QString, int> missed;
    const PairSet foundPairs = pairsOf(found);
    for (const auto& p : truth)
        if (!foundPairs.contains(p) && p.first.endsWith(QLatin1String("_original.jpg")) != p.second.endsWith(QLatin1String("_original.jpg"))) {
            const QString variant = p.first.endsWith(QLatin1String("_original.jpg")) ? p.second : p.first;
            ++missed[QFileInfo(variant).completeBaseName().section(u'_', 1)];
        }
    QJsonObject missedJson;
    for (auto it = missed.cbegin(); it != missed.cend(); ++it)
        missedJson.insert(it.key(), it.value());
    out.insert(QStringLiteral("missed_original_variant_pairs"), missedJson);
    return out;
}

QJsonObject findimagedupes(const QString& dir, const PairSet& truth)
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("findimagedupes"));
    if (program.isEmpty())
        return QJsonObject{{QStringLiteral("skipped"), QStringLiteral("findimagedupes is not installed (apt install findimagedupes)")}};
    QElapsedTimer clock;
    clock.start();
    QProcess p;
    p.start(program, {QStringLiteral("-q"), QStringLiteral("-R"), dir});
    p.waitForFinished(-1);
    const double seconds = clock.elapsed() / 1000.0;
    std::vector<QStringList> groups;
    QTextStream in(p.readAllStandardOutput());
    for (QString line; in.readLineInto(&line);)
        if (const QStringList g = line.split(u' ', Qt::SkipEmptyParts); g.size() > 1)
            groups.push_back(g); // the files have no spaces in their names
    QJsonObject out = score(pairsOf(groups), truth, seconds);
    out.insert(QStringLiteral("groups"), qint64(groups.size()));
    out.insert(QStringLiteral("exit_code"), p.exitCode());
    return out;
}

// (b) Holidays mAP: every query against every other photo (and the distractors).
struct Described {
    QString name;
    std::vector<float> look;
    std::vector<float> vlad; // the object pass's VLAD (empty without the codebook)
    std::vector<float> hsv;
    HaarSignature haar;
};

std::vector<float> hsvHistogram(const QImage& image)
{
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    cv::Mat view(rgb.height(), rgb.width(), CV_8UC3, const_cast<uchar*>(rgb.constBits()), size_t(rgb.bytesPerLine()));
    cv::Mat hsv;
    cv::cvtColor(view, hsv, cv::COLOR_RGB2HSV);
    std::vector<float> hist(16 * 4 * 4, 0.f);
    for (int y = 0; y < hsv.rows; ++y)
        for (int x = 0; x < hsv.cols; ++x) {
            const cv::Vec3b v = hsv.at<cv::Vec3b>(y, x);
            hist[size_t((std::min(15, v[0] * 16 / 180) * 4 + v[1] / 64) * 4 + v[2] / 64)] += 1.f;
        }
    const float total = float(hsv.rows * hsv.cols);
    for (float& h : hist)
        h /= total;
    return hist;
}

double averagePrecision(const std::vector<std::pair<double, QString>>& ranked, const QSet<QString>& relevant)
{
    double sum = 0;
    int hits = 0;
    for (size_t i = 0; i < ranked.size(); ++i)
        if (relevant.contains(ranked[i].second)) {
            ++hits;
            sum += double(hits) / double(i + 1);
        }
    return relevant.isEmpty() ? 0 : sum / relevant.size();
}

Expected<QJsonObject> holidaysMap(const ModelRegistry& registry, const QString& holidays,
                                  const QStringList& distractors)
{
    // The object pass as the indexer runs it (the manifest's options), when its codebook is
    // installed: "looks like" then ranks by the look vector and the VLAD together.
    const Expected<ObjectModel> objects = ObjectModel::load(registry);
    std::unique_ptr<LocalFeatureExtractor> extractor;
    if (objects)
        extractor = std::make_unique<LocalFeatureExtractor>(objects->codebook, objects->extract);
    double objectMs = 0;
    QElapsedTimer clock;
    QFile queries(holidays + QStringLiteral("/queries.tsv"));
    if (!queries.open(QIODevice::ReadOnly | QIODevice::Text))
        return Error{QStringLiteral("cannot read %1").arg(queries.fileName())};
    QHash<QString, QSet<QString>> relevant;
    QTextStream in(&queries);
    in.readLine(); // header
    for (QString line; in.readLineInto(&line);) {
        const QStringList cols = line.split(u'\t');
        if (cols.size() == 2)
            for (const QString& r : cols[1].split(u' ', Qt::SkipEmptyParts))
                relevant[cols[0]].insert(r);
    }
    QStringList files = QDir(holidays + QStringLiteral("/jpg")).entryList({QStringLiteral("*.jpg")}, QDir::Files, QDir::Name);
    std::vector<Described> all;
    auto describeFile = [&](const QString& path, const QString& name) {
        auto loaded = ImageLoader::load(path);
        if (!loaded)
            return;
        auto d = PhotoDescriber::describe(loaded->image);
        if (!d)
            return;
        std::vector<float> vlad;
        if (extractor) {
            clock.start();
            // A VLAD without content counts as none, as in PhotoSearcher.
            if (auto object = extractor->describe(loaded->image);
                object && ObjectCodebook::hasContent(object->vlad))
                vlad = std::move(object->vlad);
            objectMs += double(clock.nsecsElapsed()) / 1e6;
        }
        all.push_back({name, d->look, std::move(vlad), hsvHistogram(loaded->image), HaarSignature::of(loaded->image)});
    };
    for (const QString& f : files)
        describeFile(holidays + QStringLiteral("/jpg/") + f, f);
    for (const QString& d : distractors)
        describeFile(d, d);
    double apLook = 0, apBoth = 0, apHsv = 0, apHaar = 0;
    int n = 0;
    for (const Described& q : all) {
        if (!relevant.contains(q.name))
            continue;
        std::vector<std::pair<double, QString>> look, both, hsv, haar;
        for (const Described& t : all) {
            if (&t == &q)
                continue;
            double inter = 0;
            for (size_t i = 0; i < q.hsv.size(); ++i)
                inter += std::min(q.hsv[i], t.hsv[i]);
            const double dot = faiss::fvec_inner_product(q.look.data(), t.look.data(), q.look.size());
            look.emplace_back(-dot, t.name);
            std::optional<float> vladDot;
            if (!q.vlad.empty() && !t.vlad.empty())
                vladDot = faiss::fvec_inner_product(q.vlad.data(), t.vlad.data(), q.vlad.size());
            both.emplace_back(-PhotoDescriber::looksLike(float(dot), vladDot), t.name);
            hsv.emplace_back(-inter, t.name);
            haar.emplace_back(HaarSignature::score(q.haar, t.haar), t.name);
        }
        for (auto* ranked : {&look, &both, &hsv, &haar})
            std::sort(ranked->begin(), ranked->end());
        apLook += averagePrecision(look, relevant[q.name]);
        apBoth += averagePrecision(both, relevant[q.name]);
        apHsv += averagePrecision(hsv, relevant[q.name]);
        apHaar += averagePrecision(haar, relevant[q.name]);
        ++n;
    }
    if (n == 0)
        return Error{QStringLiteral("no query of %1 was found among its photos").arg(queries.fileName())};
    QJsonObject out{{QStringLiteral("queries"), n},
                       {QStringLiteral("photos"), qint64(all.size())},
                       {QStringLiteral("map_look_vector"), apLook / n},
                       {QStringLiteral("map_hsv_histogram"), apHsv / n},
                       {QStringLiteral("map_haar_signature"), apHaar / n}};
    if (extractor) {
        out.insert(QStringLiteral("map_look_and_object_vlad"), apBoth / n);
        out.insert(QStringLiteral("object_pass_ms_per_photo"), objectMs / double(all.size()));
    } else {
        out.insert(QStringLiteral("object_pass"), QStringLiteral("not measured: %1").arg(objects.error()));
    }
    return out;
}

// (c) Decoding and describing, timed apart.
QJsonObject descriptorCost(const QStringList& photos)
{
    double decodeMs = 0, describeMs = 0;
    int n = 0;
    QElapsedTimer clock;
    for (const QString& path : photos) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray bytes = f.readAll();
        clock.start();
        auto loaded = ImageLoader::decode(bytes, path, ImageLoader::Options{});
        decodeMs += double(clock.nsecsElapsed()) / 1e6;
        if (!loaded)
            continue;
        clock.start();
        auto d = PhotoDescriber::describe(loaded->image);
        describeMs += double(clock.nsecsElapsed()) / 1e6;
        n += d ? 1 : 0;
    }
    return QJsonObject{{QStringLiteral("photos"), n},
                       {QStringLiteral("decode_ms_per_photo"), n ? decodeMs / n : 0.0},
                       {QStringLiteral("describe_ms_per_photo"), n ? describeMs / n : 0.0}};
}

// (d) Synthetic codes: random 256-bit codes with planted near copies, each photo's six window
// codes (crops) its own code with 20 to 40 bits flipped, random unit looks.
QJsonObject atScale(qint64 n)
{
    QRandomGenerator rng(8);
    const size_t bytes = PhotoDescriptor::kHashBytes, d = PhotoDescriptor::kLookDimension;
    std::vector<qint64> ids(static_cast<size_t>(n));
    std::vector<std::uint8_t> codes(size_t(n) * bytes);
    std::vector<float> looks(size_t(n) * d);
    for (qint64 i = 0; i < n; ++i) {
        ids[size_t(i)] = i + 1;
        std::uint8_t* c = codes.data() + size_t(i) * bytes;
        if (i % 10 == 9) { // a near copy of the previous photo: 10 bits flipped
            std::copy(c - bytes, c, c);
            for (int k = 0; k < 10; ++k) {
                const int bit = int(rng.bounded(256));
                c[bit / 8] ^= std::uint8_t(1u << (bit % 8));
            }
        } else {
            for (size_t k = 0; k < bytes; ++k)
                c[k] = std::uint8_t(rng.bounded(256));
        }
        double norm = 0;
        float* l = looks.data() + size_t(i) * d;
        for (size_t k = 0; k < d; ++k) {
            l[k] = float(rng.generateDouble());
            norm += double(l[k]) * l[k];
        }
        for (size_t k = 0; k < d; ++k)
            l[k] = float(l[k] / std::sqrt(norm));
    }
    constexpr int kWindows = PhotoDescriptor::kWindows;
    std::vector<std::uint8_t> windows(size_t(n) * kWindows * bytes);
    for (qint64 i = 0; i < n; ++i)
        for (int w = 0; w < kWindows; ++w) {
            std::uint8_t* c = windows.data() + (size_t(i) * kWindows + size_t(w)) * bytes;
            std::copy(codes.data() + size_t(i) * bytes, codes.data() + size_t(i + 1) * bytes, c);
            for (int k = 0, flips = 20 + int(rng.bounded(21)); k < flips; ++k) {
                const int bit = int(rng.bounded(256));
                c[bit / 8] ^= std::uint8_t(1u << (bit % 8));
            }
        }
    PhotoIndex index;
    index.add(ids, codes, windows, looks);
    QElapsedTimer clock;
    clock.start();
    const double cpuBefore = processCpuSeconds();
    const auto near = index.allNearPairs(PhotoDescriber::kNearBits);
    const double nearSeconds = clock.elapsed() / 1000.0;
    const double nearCpuSeconds = processCpuSeconds() - cpuBefore; // on a busy machine: the work itself
    clock.start();
    const auto candidates = index.allNearPairs(MultiIndexHash::kMaxRadius); // the widest it serves
    const double candidateSeconds = clock.elapsed() / 1000.0;
    std::vector<double> queryMs, codesMs;
    for (int q = 0; q < 21; ++q) {
        const size_t row = size_t(rng.bounded(quint32(n)));
        clock.start();
        index.nearCodes(index.code(int(row)),
                        std::span<const std::uint8_t>(windows.data() + row * kWindows * bytes, kWindows * bytes),
                        PhotoDescriber::kNearBits, 1000);
        const double codes = double(clock.nsecsElapsed()) / 1e6;
        index.nearestLooks(std::span<const float>(looks.data() + row * d, d), 20);
        if (q > 0) { // the first one warms up
            queryMs.push_back(double(clock.nsecsElapsed()) / 1e6);
            codesMs.push_back(codes);
        }
    }
    std::sort(queryMs.begin(), queryMs.end());
    std::sort(codesMs.begin(), codesMs.end());
    return QJsonObject{{QStringLiteral("photos"), n},
                       {QStringLiteral("all_pairs_near_seconds"), nearSeconds},
                       {QStringLiteral("all_pairs_near_cpu_seconds"), nearCpuSeconds},
                       {QStringLiteral("near_pairs"), qint64(near.size())},
                       {QStringLiteral("all_pairs_radius_47_seconds"), candidateSeconds},
                       {QStringLiteral("radius_47_pairs"), qint64(candidates.size())},
                       {QStringLiteral("query_ms_median"), queryMs[queryMs.size() / 2]},
                       {QStringLiteral("query_codes_ms_median"), codesMs[codesMs.size() / 2]},
                       {QStringLiteral("query_ms_max"), queryMs.back()}};
}

} // namespace

Expected<QJsonObject> PhotoBenchmark::run(const ModelRegistry& registry, const Options& options,
                                          const std::atomic_bool* cancel)
{
    QJsonObject out;
    const QStringList distractorPhotos = photosIn(options.distractors);
    const QStringList holidayPhotos = photosIn({options.holidays + QStringLiteral("/jpg")});
    if (options.parts.contains(QStringLiteral("a"))) {
        // Originals: the first photo of every k-th scene; every other photo (other shots of
        // the same scenes: burst-like) and the distractor folders are the distractors.
        QStringList originals, others;
        QSet<QString> scenesTaken;
        for (const QString& p : holidayPhotos) {
            const QString scene = QFileInfo(p).fileName().left(4);
            if (originals.size() < options.originals && !scenesTaken.contains(scene)) {
                scenesTaken.insert(scene);
                originals << p;
            } else {
                others << p;
            }
        }
        QTemporaryDir temp;
        const QString dir = options.workDir.isEmpty() ? temp.path() + QStringLiteral("/set") : options.workDir;
        QDir(dir).removeRecursively();
        QDir().mkpath(dir);
        QJsonObject facts;
        const PairSet truth = writeNearDuplicateSet(originals, others + distractorPhotos, dir, facts);
        auto ours = lookalikeDuplicates(registry, dir, truth, cancel);
        if (!ours)
            return Error{ours.error()};
        QJsonObject a = facts;
        a.insert(QStringLiteral("lookalike"), *ours);
        if (options.findimagedupes)
            a.insert(QStringLiteral("findimagedupes"), findimagedupes(dir, truth));
        out.insert(QStringLiteral("near_duplicates"), a);
    }
    if (options.parts.contains(QStringLiteral("c")))
        out.insert(QStringLiteral("descriptor_cost"), descriptorCost(distractorPhotos.isEmpty() ? holidayPhotos : distractorPhotos));
    if (options.parts.contains(QStringLiteral("b"))) {
        auto map = holidaysMap(registry, options.holidays, distractorPhotos);
        if (!map)
            return Error{map.error()};
        out.insert(QStringLiteral("looks_like"), *map);
    }
    if (options.parts.contains(QStringLiteral("d")) && options.scale > 0)
        out.insert(QStringLiteral("at_scale"), atScale(options.scale));
    return out;
}

} // namespace lookalike
