#include "indexer.h"
#include "exiffacts.h"
#include "folderscanner.h"
#include "imagemodeljob.h"
#include "imagemodelstore.h"
#include "labeleditor.h"
#include "library.h"
#include "metadatareader.h"
#include "nameassigner.h"
#include "objectmodel.h"
#include "photodescriber.h"
#include "libraryindex.h"
#include "modelregistry.h"
#include "threadbudget.h"
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QThread>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

Q_LOGGING_CATEGORY(lcIndexer, "lookalike.core.indexer")

namespace lookalike {

namespace {

// Finished files travel from the workers to the writer through this bounded queue.
class ResultQueue {
public:
    explicit ResultQueue(size_t capacity) : m_capacity(capacity) {}

    void push(ImageResult result)
    {
        std::unique_lock lock(m_mutex);
        m_notFull.wait(lock, [this] { return m_items.size() < m_capacity; });
        m_items.push_back(std::move(result));
        m_notEmpty.notify_one();
    }

    // Waits up to `millis` for results; returns what is there. Empty once all producers
    // finished and nothing is left.
    std::vector<ImageResult> take(int millis)
    {
        std::unique_lock lock(m_mutex);
        m_notEmpty.wait_for(lock, std::chrono::milliseconds(millis),
                            [this] { return !m_items.empty() || m_producers == 0; });
        std::vector<ImageResult> out(std::make_move_iterator(m_items.begin()),
                                     std::make_move_iterator(m_items.end()));
        m_items.clear();
        m_notFull.notify_all();
        return out;
    }

    void setProducers(int n)
    {
        std::lock_guard lock(m_mutex);
        m_producers = n;
    }

    void producerFinished()
    {
        std::lock_guard lock(m_mutex);
        --m_producers;
        m_notEmpty.notify_one();
    }

    bool finished()
    {
        std::lock_guard lock(m_mutex);
        return m_producers == 0 && m_items.empty();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_notEmpty;
    std::condition_variable m_notFull;
    std::deque<ImageResult> m_items;
    size_t m_capacity;
    int m_producers = 0;
};

// What to compute for one file.
struct Passes {
    bool faces = true;
    bool photos = true;
    bool namesFromMetadata = true;
};

// `pipeline` may be null when the face pass is off, `objects` when the object pass is.
ImageResult processFile(const ScannedFile& file, const QString& label, FacePipeline* pipeline,
                        LocalFeatureExtractor* objects, const ImageLoader::Options& loadOptions,
                        const Passes& passes)
{
    ImageResult r;
    r.path = file.path;
    r.size = file.size;
    r.mtimeMs = file.mtimeMs;
    r.label = label;
    r.twin = file.twin;
    r.format = file.format; // named in failures too; the decoder's word replaces it
    QFile f(file.path);
    if (!f.open(QIODevice::ReadOnly)) {
        r.error = QStringLiteral("cannot read the file: %1").arg(f.errorString());
        return r;
    }
    const QByteArray bytes = f.readAll();
    r.hash = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha1).toHex());
    auto photo = ImageLoader::decode(bytes, file.path, loadOptions);
    if (!photo) {
        // The failure list names the file already.
        r.error = photo.error();
        if (r.error.startsWith(file.path + QStringLiteral(": ")))
            r.error = r.error.mid(file.path.size() + 2);
        return r;
    }
    r.warning = photo->warning;
    r.width = photo->fullSize.width();
    r.height = photo->fullSize.height();
    r.format = photo->format;
    if (passes.photos) {
        // From the pixels decoded once for the faces, upright (EXIF applied).
        auto described = PhotoDescriber::describe(photo->image);
        if (described)
            r.photo = std::move(*described);
        else if (r.warning.isEmpty())
            r.warning = described.error();
        if (objects && r.photo) {
            // The same decoded pixels again: SIFT on the photo scaled to the codebook's side.
            auto object = objects->describe(photo->image);
            if (object)
                r.object = std::move(*object);
            else if (r.warning.isEmpty())
                r.warning = object.error();
        }
        const ExifFacts facts = ExifFacts::read(bytes);
        r.takenMs = facts.takenMs;
        r.camera = facts.camera;
    }
    r.facesDone = passes.faces;
    if (!passes.faces)
        return r;
    auto faces = pipeline->process(*photo);
    if (!faces) {
        r.error = faces.error();
        return r;
    }
    r.faces = std::move(*faces);
    if (passes.namesFromMetadata) {
        QString problem;
        const PhotoNames names =
            MetadataReader::read(file.path, bytes, photo->format, file.twin, photo->fullSize, &problem);
        if (!names.empty()) {
            r.faceNames = NameAssigner::assign(names, *photo, *pipeline, r.faces);
            r.namesSource = names.source;
        }
        if (!problem.isEmpty() && r.warning.isEmpty())
            r.warning = problem;
    }
    return r;
}

struct Plan {
    std::vector<ScannedFile> todo;
    std::vector<ScannedFile> photosOnly; // unchanged, faces kept: only photo descriptors to add
    std::vector<qint64> removed;
    std::vector<std::pair<qint64, QString>> twins; // image id -> its twin, now
    qint64 unchanged = 0;
};

// Files that are new or changed (size or mtime), and records of files that are gone. A record
// is dropped only when its file really does not exist, never because a folder was unreadable.
// A RAW and its JPEG are one photo: a RAW indexed alone before stays the photo and the JPEG
// becomes its twin (its labels are kept); when both were indexed, the RAW's record goes.
Plan plan(const ScanResult& scan, const QHash<QString, ImageRecord>& known, bool faces, bool photos,
          bool objects)
{
    Plan p;
    QSet<QString> seen;
    for (const ScannedFile& file : scan.files) {
        seen.insert(file.path);
        const auto it = known.constFind(file.path);
        const auto twin = file.twin.isEmpty() ? known.cend() : known.constFind(file.twin);
        if (!file.twin.isEmpty())
            seen.insert(file.twin);
        if (it == known.cend() && twin != known.cend()) {
            ++p.unchanged;
            if (twin->twin != file.path)
                p.twins.emplace_back(twin->id, file.path);
            continue;
        }
        if (it != known.cend() && twin != known.cend())
            p.removed.push_back(twin->id);
        if (it != known.cend() && it->size == file.size && it->mtimeMs == file.mtimeMs &&
            (it->facesDone || !faces || it->status == ImageStatus::Failed)) {
            ++p.unchanged;
            if (it->twin != file.twin)
                p.twins.emplace_back(it->id, file.twin);
            if (photos && (!it->hasPhoto || (objects && !it->hasObject)) &&
                it->status == ImageStatus::Indexed)
                p.photosOnly.push_back(file);
        } else {
            p.todo.push_back(file);
        }
    }
    for (const ImageRecord& record : known)
        if (!seen.contains(record.path) && !QFileInfo::exists(record.path))
            p.removed.push_back(record.id);
    return p;
}

// The library's image model embeds the photos that lack its vector: those of this import,
// and any a cancelled switch left. Its problems (the file missing...) are said in the
// summary; the import stands.
void embedPhotos(Library& library, const ModelRegistry& registry, const std::atomic_bool* cancel,
                 Indexer::Progress& state, const std::function<void()>& report,
                 Indexer::Summary& summary)
{
    summary.imageModel = ImageModelStore::chosen(library);
    if (summary.imageModel.isEmpty())
        return;
    state.phase = Indexer::Phase::EmbeddingPhotos;
    state.done = 0;
    state.total = 0;
    report();
    auto job = ImageModelJob::run(library, registry, {}, cancel,
                                  [&](const ImageModelJob::Progress& p) {
                                      state.done = p.done;
                                      state.total = p.total;
                                      state.imagesPerSecond = p.photosPerSecond;
                                      state.etaSeconds = p.etaSeconds;
                                      state.current = p.current;
                                      report();
                                  });
    if (!job) {
        summary.imageModelProblem = QStringLiteral("image model %1 skipped: %2")
                                        .arg(summary.imageModel, job.error());
        qCWarning(lcIndexer) << summary.imageModelProblem;
        return;
    }
    summary.photosEmbedded = job->embedded;
    summary.cancelled = job->cancelled;
    for (const ImageModelJob::Failure& f : job->failures)
        summary.warnings.push_back({f.path, f.error});
}

} // namespace

Expected<Indexer::Summary> Indexer::run(const QString& libraryPath, const QString& folder,
                                        const Options& options, const std::atomic_bool* cancel,
                                        const ProgressCallback& progress,
                                        const CommitCallback& committed)
{
    QElapsedTimer clock;
    clock.start();
    const QFileInfo folderInfo(folder);
    if (!folderInfo.isDir())
        return Error{QStringLiteral("%1 is not a folder").arg(folder)};
    const QString root = folderInfo.canonicalFilePath();

    const int threads = options.threads > 0 ? options.threads : QThread::idealThreadCount();
    ThreadBudget::forWorkers(threads);

    if (!options.facePass && !options.photoPass)
        return Error{QStringLiteral("nothing to index: both the face and the photo pass are off")};
    // Models first: a missing model stops the job before anything is touched. A photos-only
    // run needs none.
    std::vector<std::unique_ptr<FacePipeline>> pipelines;
    for (int i = 0; options.facePass && i < threads; ++i) {
        auto pipeline = FacePipeline::create(m_registry, options.faces);
        if (!pipeline)
            return Error{pipeline.error()};
        pipelines.push_back(std::move(*pipeline));
    }
    if (options.objectPass && !options.photoPass)
        return Error{QStringLiteral("the object pass needs the photo pass")};
    // The object pass: one extractor per worker over one codebook. Without a usable codebook
    // it is skipped, said in the summary, and the import goes on.
    Summary summary;
    std::optional<ObjectModel> objectModel;
    std::vector<std::unique_ptr<LocalFeatureExtractor>> extractors;
    if (options.objectPass) {
        auto loaded = ObjectModel::load(m_registry);
        if (loaded) {
            objectModel = std::move(*loaded);
            for (int i = 0; i < threads; ++i)
                extractors.push_back(std::make_unique<LocalFeatureExtractor>(
                    objectModel->codebook, objectModel->extract));
        } else {
            summary.objectProblem =
                QStringLiteral("same-object search skipped: %1").arg(loaded.error());
            qCWarning(lcIndexer) << summary.objectProblem;
        }
    }
    const QString model = pipelines.empty() ? QString() : pipelines.front()->embeddingModelId();
    const int dimension = pipelines.empty() ? 0 : pipelines.front()->dimension();

    auto library = Library::open(libraryPath, Library::Mode::OpenOrCreate);
    if (!library)
        return Error{library.error()};
    // A photo a crash left half moved would look deleted here, and its target new: put it
    // back first, as every open that writes does.
    if (auto recovered = LabelEditor(**library).recover(); !recovered)
        return Error{QStringLiteral("cannot recover an interrupted change: %1").arg(recovered.error())};
    auto rootId = (*library)->ensureRoot(root, options.labelsFromSubfolders, options.recursive);
    if (!rootId)
        return Error{rootId.error()};

    Progress state;
    auto report = [&] {
        if (progress)
            progress(state);
    };
    report();
    FolderScanner::Options scanOptions;
    scanOptions.recursive = options.recursive;
    scanOptions.cancel = cancel;
    scanOptions.progress = [&](qint64 found) {
        state.total = found;
        report();
    };
    const ScanResult scan = FolderScanner::scan(root, scanOptions);

    summary.imagesSeen = qint64(scan.files.size());
    summary.rawTwins = scan.twins;
    for (const ScanProblem& problem : scan.problems)
        summary.failures.push_back({problem.path, problem.reason});
    if (scan.cancelled || (cancel && *cancel)) {
        summary.cancelled = true;
        summary.seconds = clock.elapsed() / 1000.0;
        return summary;
    }

    Plan work = plan(scan, (*library)->images(*rootId), options.facePass, options.photoPass,
                     !extractors.empty());
    // Photos indexed before the photo pass existed (or with it off) get their descriptors
    // now, their faces kept: after the files to index, through the same workers.
    const size_t fullCount = work.todo.size();
    work.todo.insert(work.todo.end(), work.photosOnly.begin(), work.photosOnly.end());
    summary.imagesUnchanged = work.unchanged;
    if (!work.removed.empty()) {
        if (Status s = (*library)->removeImages(work.removed); !s)
            return Error{QStringLiteral("cannot remove records of deleted files: %1").arg(s.error())};
        summary.imagesRemoved = qint64(work.removed.size());
    }
    if (!work.twins.empty())
        if (Status s = (*library)->setTwins(work.twins); !s)
            return Error{QStringLiteral("cannot record RAW twins: %1").arg(s.error())};

    state.phase = Phase::Indexing;
    state.total = qint64(work.todo.size());
    report();

    ResultQueue queue(size_t(threads) * 8);
    queue.setProducers(threads);
    std::atomic<size_t> next{0};
    const Passes full{options.facePass, options.photoPass, options.namesFromMetadata};
    const Passes photoOnly{false, true, false};
    auto worker = [&](FacePipeline* pipeline, LocalFeatureExtractor* objects) {
        for (;;) {
            if (cancel && cancel->load())
                break;
            const size_t i = next.fetch_add(1);
            if (i >= work.todo.size())
                break;
            const ScannedFile& file = work.todo[i];
            const QString label = options.labelsFromSubfolders
                                      ? FolderScanner::labelFor(root, file.path)
                                      : QString();
            ImageResult r = processFile(file, label, pipeline, objects, options.load,
                                        i < fullCount ? full : photoOnly);
            r.facesDone = i < fullCount ? options.facePass : true; // photos only: faces kept
            queue.push(std::move(r));
        }
        queue.producerFinished();
    };
    std::vector<std::thread> workers;
    for (int i = 0; i < threads; ++i)
        workers.emplace_back(worker, pipelines.empty() ? nullptr : pipelines[size_t(i)].get(),
                             extractors.empty() ? nullptr : extractors[size_t(i)].get());

    QElapsedTimer rateClock;
    rateClock.start();
    std::vector<ImageResult> batch;
    QElapsedTimer batchClock;
    batchClock.start();
    Status writeStatus = success();
    QSet<QString> describeOnly;
    for (const ScannedFile& file : work.photosOnly)
        describeOnly.insert(file.path);
    auto flush = [&] {
        if (batch.empty() || !writeStatus)
            return;
        // Files only described keep their faces and record: their descriptors go apart.
        std::vector<ImageResult> described;
        for (auto it = batch.begin(); it != batch.end();) {
            if (describeOnly.contains(it->path)) {
                described.push_back(std::move(*it));
                it = batch.erase(it);
            } else {
                ++it;
            }
        }
        if (!described.empty()) {
            writeStatus = (*library)->storePhotos(described);
            if (!writeStatus)
                return;
            summary.photosDescribed += std::count_if(described.begin(), described.end(),
                                                     [](const ImageResult& r) { return r.photo.has_value(); });
            summary.objectsDescribed +=
                std::count_if(described.begin(), described.end(),
                              [](const ImageResult& r) { return r.photo && r.object; });
        }
        qint64 faces = 0, notFaces = 0;
        for (const ImageResult& r : batch) {
            const qint64 hidden = std::count_if(r.faces.begin(), r.faces.end(),
                                                [](const DetectedFace& f) { return f.notFace; });
            faces += qint64(r.faces.size()) - hidden;
            notFaces += hidden;
            if (!r.error.isEmpty())
                summary.failures.push_back({r.path, r.error});
            else if (!r.warning.isEmpty())
                summary.warnings.push_back({r.path, r.warning});
        }
        writeStatus = (*library)->storeResults(*rootId, batch, model, dimension);
        if (!writeStatus)
            return;
        for (const ImageResult& r : batch) {
            ++(r.error.isEmpty() ? summary.imagesIndexed : summary.imagesFailed);
            summary.photosDescribed += r.photo ? 1 : 0;
            summary.objectsDescribed += r.photo && r.object ? 1 : 0;
        }
        summary.faces += faces;
        summary.notFaces += notFaces;
        batch.clear();
        batchClock.restart();
        if (committed)
            committed(faces);
    };
    while (!queue.finished()) {
        for (ImageResult& r : queue.take(100)) {
            ++state.done;
            state.faces += std::count_if(r.faces.begin(), r.faces.end(),
                                         [](const DetectedFace& f) { return !f.notFace; });
            state.failed += r.error.isEmpty() ? 0 : 1;
            state.current = r.path;
            batch.push_back(std::move(r));
        }
        const double seconds = std::max(rateClock.elapsed() / 1000.0, 1e-3);
        state.imagesPerSecond = state.done / seconds;
        state.etaSeconds = state.imagesPerSecond > 0
                               ? (state.total - state.done) / state.imagesPerSecond
                               : -1;
        if (int(batch.size()) >= options.batchSize || batchClock.elapsed() >= options.batchMillis)
            flush();
        report();
    }
    for (std::thread& t : workers)
        t.join();
    flush();
    if (!writeStatus)
        return Error{QStringLiteral("cannot write to the library: %1").arg(writeStatus.error())};

    summary.cancelled = cancel && cancel->load() && state.done < state.total;
    if (!summary.cancelled && options.photoPass)
        embedPhotos(**library, m_registry, cancel, state, report, summary);
    if (!summary.cancelled && options.facePass) {
        state.phase = Phase::BuildingIndex;
        report();
        auto index = LibraryIndex::load(**library, model);
        if (!index)
            return Error{QStringLiteral("cannot build the search index: %1").arg(index.error())};
    }
    state.phase = Phase::Done;
    report();
    summary.seconds = clock.elapsed() / 1000.0;
    return summary;
}

} // namespace lookalike
