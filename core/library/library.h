#pragma once
// The library: one SQLite file that is the source of truth for everything Lookalike knows
// (roots, images, items, vectors, labels). Items are faces today; an item can also be a whole
// image (kind Image) so that other models' vectors fit the same tables. The FAISS index beside
// the file is a cache built from here (see LibraryIndex).
//
// Not thread-safe: one Library per thread. Several processes may open the same file (WAL).
#include "expected.h"
#include "face.h"
#include "localfeatureextractor.h"
#include "photodescriber.h"
#include <QHash>
#include <QRectF>
#include <QString>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace lookalike {

class Database;
class PendingChanges;

enum class ItemKind { Face = 0, Image = 1 };
enum class ImageStatus { Indexed = 0, Failed = 1 };

struct RootRecord {
    qint64 id = 0;
    QString path;
    bool labelsFromSubfolders = false;
    bool recursive = true;
};

struct ImageRecord {
    qint64 id = 0;
    QString path;
    qint64 size = 0;
    qint64 mtimeMs = 0;
    ImageStatus status = ImageStatus::Indexed;
    QString twin; // the RAW (or JPEG) file that is the same photo, empty when none
    bool facesDone = true; // false: indexed photos-only, the face pass is still to run
    bool hasPhoto = false; // has its photo descriptors (an item of kind Image)
    bool hasObject = false; // has its same-object descriptor (ObjectStore)
};

// What the indexer learnt about one file, written in one go.
struct ImageResult {
    QString path;
    qint64 size = 0;
    qint64 mtimeMs = 0;
    QString hash; // hex content hash
    int width = 0;
    int height = 0;
    QString format;
    QString error;   // non-empty: the file failed and why
    QString warning; // non-empty: indexed, but something was off (a truncated JPEG...)
    // The label of the file's main (largest) face; may be empty. With subfolder labels the
    // folder names the photo's subject, not the bystanders, who stay unlabelled.
    QString label;
    std::vector<DetectedFace> faces;
    QString twin; // FolderScanner's twin: the RAW beside this JPEG, one photo
    // Names from the photo's metadata (XMP regions, MetadataReader), by index into `faces`;
    // empty entries and a shorter vector mean no name. `namesSource` is the file they came
    // from, for the review of names that disagree with `label`.
    std::vector<QString> faceNames;
    QString namesSource;
    // Whole-photo descriptors (none when the photo pass is off or the file failed), the
    // date taken (EXIF DateTimeOriginal, ms, 0: unknown) and camera ("make model").
    std::optional<PhotoDescriptor> photo;
    qint64 takenMs = 0;
    QString camera;
    bool facesDone = true; // false: the face pass did not run (a photos-only import)
    // Same-object descriptor (the object pass, Indexer::Options::objectPass), stored on the
    // photo item beside `photo` (ObjectStore); only with `photo`.
    std::optional<ObjectDescriptor> object;
};

struct FaceRecord {
    qint64 id = 0;
    qint64 imageId = 0;
    QString path;
    QString label;
    QRectF box; // relative 0..1
    float score = 0;
    int imageWidth = 0;
    int imageHeight = 0;
    std::array<QPointF, 68> landmarks{}; // relative 0..1
    int cluster = 0; // suggested person (FaceClusterer), 0: none; only from forEachFace
    // Hidden as "not a face": by the face gate, or by a person (FaceVerdicts). Such faces
    // are in no search, cluster, suggestion, review, count or export.
    bool notFace = false;
};

// Vectors of one model, ready for FAISS: data has ids.size() * dimension floats.
struct VectorSet {
    QString model;
    int dimension = 0;
    std::vector<qint64> ids;
    std::vector<float> data;
};

struct LibraryStats {
    qint64 images = 0;
    qint64 imagesFailed = 0;
    qint64 faces = 0;
    qint64 notFaces = 0; // detections hidden as not a face (FaceRecord::notFace)
    qint64 labels = 0;
    qint64 roots = 0;
    qint64 photos = 0; // images with photo descriptors
    QStringList models;
};

class Library {
public:
    static constexpr int kSchemaVersion = 9;

    enum class Mode { OpenOrCreate, OpenExisting, ReadOnly };
    static Expected<std::unique_ptr<Library>> open(const QString& path, Mode mode);
    ~Library();

    QString path() const;
    // The FAISS cache of `model`, beside the library file.
    QString indexPath(const QString& model) const;
    int schemaVersion() const;

    // Returns the root's id, creating or updating it.
    Expected<qint64> ensureRoot(const QString& path, bool labelsFromSubfolders, bool recursive);
    std::vector<RootRecord> roots();
    std::optional<RootRecord> rootFor(const QString& folder);

    // path -> record for every image under `rootId`.
    QHash<QString, ImageRecord> images(qint64 rootId);

    // Writes results of many files in one transaction, replacing earlier records of the same
    // paths (so a re-run never duplicates faces). `model`/`dimension` name the embeddings.
    Status storeResults(qint64 rootId, const std::vector<ImageResult>& results,
                        const QString& model, int dimension);
    Status removeImages(const std::vector<qint64>& imageIds);
    // Adds the photo descriptors (and date taken, camera) of already indexed images, keeping
    // their faces: results whose path is in the library and that carry `photo`.
    Status storePhotos(const std::vector<ImageResult>& results);
    // Records (or clears, with an empty path) the twin file of images: image id -> twin path.
    Status setTwins(const std::vector<std::pair<qint64, QString>>& twins);
    // The twin file of an image (a RAW beside its JPEG), empty when none.
    QString twinOf(qint64 imageId);

    // Faces by id, hidden ones too (see notFace).
    std::optional<FaceRecord> face(qint64 id);
    std::vector<FaceRecord> faces(const std::vector<qint64>& ids);
    std::vector<FaceRecord> allFaces(); // ordered by id, without those hidden as not a face
    std::vector<float> embedding(qint64 itemId, const QString& model);

    // Vectors of the faces not hidden as not a face: what search, clustering, suggestions
    // and reviews see.
    Expected<VectorSet> vectors(const QString& model);
    // Changes whenever any vector is added or removed; the FAISS cache records it.
    qint64 vectorGeneration();
    // Changes whenever a photo's look vector is added or removed (photos indexed, removed,
    // brought back): the photos' map records it.
    qint64 photoGeneration();
    qint64 vectorCount(const QString& model);
    QString defaultModel(); // the model with the most vectors, or empty

    std::vector<std::pair<QString, qint64>> labelCounts(); // label name -> faces, by name
    std::vector<std::pair<QString, QString>> failures();    // path, error
    // Photos per format ("jpeg", "heic", "dng"...), indexed or failed, most first.
    std::vector<std::pair<QString, qint64>> formatCounts(ImageStatus status);
    LibraryStats stats();
    QString integrityCheck(); // "ok" or SQLite's report

    Database& database();

private:
    explicit Library(std::unique_ptr<Database> db);
    Status migrate();
    Status migrateTo(int version, const char* sql); // one step, in one transaction
    Expected<qint64> modelId(const QString& model, int dimension);
    Expected<qint64> labelId(const QString& name);
    Status recordNameConflict(qint64 itemId, const QString& folderLabel,
                              const QString& metadataLabel, const QString& source);

    std::unique_ptr<Database> m_db;

    // Queries added for the desktop UI (ui/).
public:
    // Calls `visit` for every face with id > afterId, by id, without landmarks (the array is
    // left zero): streaming, so a 100,000-face library is never held as FaceRecords at once.
    // Paths are where the photos are: a move a crash left unrecorded is resolved through
    // the journal (PendingChanges), here and in every face query above. Faces hidden as not
    // a face come too, flagged.
    void forEachFace(const std::function<void(const FaceRecord&)>& visit, qint64 afterId = 0);
    // The same for ids in (afterId, upToId]: one block of a streamed export.
    void forEachFace(const std::function<void(const FaceRecord&)>& visit, qint64 afterId,
                     qint64 upToId);
    // Journal batches not finished: a crash, or another program at work (pendingchanges.h).
    PendingChanges pendingChanges();
    // The faces of one image (with landmarks), by id; those hidden as not a face only when
    // asked for.
    std::vector<FaceRecord> facesInImage(qint64 imageId, bool withNotFaces = false);
};

} // namespace lookalike
