#pragma once
// A library's learned image model (issue 8, optional image models) in its SQLite file:
//  - which model the library has chosen and which one is active, in the meta table
//    (kChosenKey, kActiveKey: manifest ids, empty for none). The active model is the one
//    whose vectors are complete; searches use it. A newly chosen model becomes active only
//    once every photo has its vector (ImageModelJob), so the previous descriptor (the
//    model-free look vector, or the previously active model) serves until then.
//  - one vector per photo and model on the photo's item of kind Image (PhotoStore), under
//    the model "photo-embed:<model id>" (descriptorName()), as half floats (dimension
//    values, 2 bytes each). An empty blob marks a photo the model could not read (the file
//    is gone or damaged): it is reported once and does not hold the switch back; indexing
//    the file again replaces the photo's item and with it the mark.
// The names start with "photo-": the face vectors' generation does not move (schema 8).
// Works on the caller's connection; not thread-safe (one Library per thread).
#include "expected.h"
#include <QString>
#include <QtGlobal>
#include <functional>
#include <span>
#include <vector>

namespace lookalike {

class Database;
class Library;

class ImageModelStore {
public:
    static constexpr const char* kChosenKey = "image_model_chosen";
    static constexpr const char* kActiveKey = "image_model_active";

    // "photo-embed:<modelId>": the models-table name of a model's vectors.
    static QString descriptorName(const QString& modelId);

    static QString chosen(Library& library);
    static QString active(Library& library);
    // Chooses `modelId` (empty: model-free). Choosing the active model or none takes effect
    // at once; another model becomes active when ImageModelJob completes it. Vectors stored
    // for other models are kept (choosing one of them again only embeds what is missing).
    static Status choose(Library& library, const QString& modelId);
    // Makes the chosen model active when every photo has its vector (or its failure mark);
    // returns whether the chosen model is now active.
    static Expected<bool> activateIfComplete(Library& library);

    // Photos with photo descriptors (an item of kind Image): what a model has to embed.
    static qint64 photoCount(Library& library);
    // Photos that have a vector of `modelId` (failed counts those marked as unreadable).
    static qint64 embeddedCount(Library& library, const QString& modelId, qint64* failed = nullptr);

    struct Pending {
        qint64 imageId = 0;
        qint64 itemId = 0; // the photo's item of kind Image
        QString path;
    };
    // Photos without a vector (or mark) of `modelId`, by image id.
    static std::vector<Pending> pending(Library& library, const QString& modelId);

    // Writes the vector of `modelId` (empty `vector`: the failure mark) on photo item
    // `itemId`, inside the caller's transaction. `dimension` names the model's size.
    static Status write(Database& db, qint64 itemId, const QString& modelId, int dimension,
                        std::span<const float> vector);

    // The stored vector of one image as floats; empty when it has none (or a mark).
    static std::vector<float> vector(Library& library, qint64 imageId, const QString& modelId);
    // Every stored vector of `modelId` of size `dimension`, with its image id, by image id;
    // marks and vectors of another size are skipped. visit() returns false to stop.
    static Status forEach(Library& library, const QString& modelId, int dimension,
                          const std::function<bool(qint64 imageId, std::span<const float>)>& visit);

private:
    static QString metaValue(Library& library, const char* key);
    static Status setMeta(Database& db, const char* key, const QString& value);
};

} // namespace lookalike
