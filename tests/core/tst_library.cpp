#include "database.h"
#include "fixtures.h"
#include "library.h"
#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike;
using lookalike::test::fakeImage;

class TestLibrary : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString dbPath(const char* name) { return m_dir.filePath(QString::fromLatin1(name)); }

    std::unique_ptr<Library> openNew(const char* name)
    {
        auto lib = Library::open(dbPath(name), Library::Mode::OpenOrCreate);
        if (!lib)
            qFatal("%s", qPrintable(lib.error()));
        return std::move(*lib);
    }

    // Takes the face gate's columns (schema 6) out of a new library, as older versions made it.
    static bool dropFaceGateSchema(Database& db)
    {
        for (const char* sql :
             {"DROP TRIGGER items_face_changed", "DROP INDEX items_not_face", "DROP INDEX journal_face_item",
              "ALTER TABLE items DROP COLUMN not_face", "ALTER TABLE items DROP COLUMN face_verdict",
              "ALTER TABLE items DROP COLUMN gate_not_face", "ALTER TABLE items DROP COLUMN face_probability",
              "ALTER TABLE journal DROP COLUMN face_item", "ALTER TABLE journal DROP COLUMN old_face",
              "ALTER TABLE journal DROP COLUMN new_face"})
            if (!db.exec(sql))
                return false;
        return true;
    }

    // Back to schema 8: maps without their kind, no photos' generation.
    static bool dropPhotoMapSchema(Database& db)
    {
        for (const char* sql : {"DROP TRIGGER photo_looks_added", "DROP TRIGGER photo_looks_removed",
                                "DELETE FROM meta WHERE key = 'photos_generation'"})
            if (!db.exec(sql))
                return false;
        Statement maps = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'maps'");
        const bool hasMaps = maps.next();
        maps.reset();
        return !hasMaps || db.exec("ALTER TABLE maps DROP COLUMN kind").ok();
    }

    // Back to schema 6: no photo columns, no verdict table.
    // Back to schema 7: no removal steps in the journal, and photo vectors moving the
    // generation like any other.
    static bool dropRemovalSchema(Database& db)
    {
        if (!dropPhotoMapSchema(db))
            return false;
        for (const char* sql :
             {"ALTER TABLE journal DROP COLUMN removal", "ALTER TABLE journal DROP COLUMN trash_info",
              "ALTER TABLE journal DROP COLUMN snapshot", "ALTER TABLE journal DROP COLUMN photo_pair",
              "DROP TRIGGER vectors_added", "DROP TRIGGER vectors_removed",
              "CREATE TRIGGER vectors_added AFTER INSERT ON vectors BEGIN UPDATE meta SET value = "
              "CAST(value AS INTEGER) + 1 WHERE key = 'vectors_generation'; END",
              "CREATE TRIGGER vectors_removed AFTER DELETE ON vectors BEGIN UPDATE meta SET value = "
              "CAST(value AS INTEGER) + 1 WHERE key = 'vectors_generation'; END"})
            if (!db.exec(sql))
                return false;
        return true;
    }

    // Back to schema 6 (and so before 8 too).
    static bool dropPhotoSchema(Database& db)
    {
        if (!dropRemovalSchema(db))
            return false;
        for (const char* sql :
             {"DROP TABLE photo_verdicts", "DROP INDEX items_image_kind", "ALTER TABLE images DROP COLUMN taken",
              "ALTER TABLE images DROP COLUMN camera", "ALTER TABLE images DROP COLUMN faces_done"})
            if (!db.exec(sql))
                return false;
        return true;
    }

private slots:
    void createsSchemaWithWalAndLargePages()
    {
        auto lib = openNew("schema.db");
        QCOMPARE(lib->schemaVersion(), Library::kSchemaVersion);
        Statement mode = lib->database().prepare("PRAGMA journal_mode");
        QVERIFY(mode.next());
        QCOMPARE(mode.text(0), QStringLiteral("wal"));
        Statement page = lib->database().prepare("PRAGMA page_size");
        QVERIFY(page.next());
        // A 512-float embedding row (2 KiB + overhead) must fit a page without overflow.
        QVERIFY(page.integer(0) >= 4096);
        QCOMPARE(lib->integrityCheck(), QStringLiteral("ok"));
    }

    void missingLibraryIsAnErrorUnlessCreating()
    {
        auto lib = Library::open(dbPath("absent.db"), Library::Mode::OpenExisting);
        QVERIFY(!lib);
        QVERIFY(lib.error().contains(QStringLiteral("no library")));
    }

    void garbageFileIsRefusedNotOverwritten()
    {
        const QString path = dbPath("garbage.db");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        auto lib = Library::open(path, Library::Mode::OpenOrCreate);
        QVERIFY(!lib);
        QVERIFY2(lib.error().contains(QStringLiteral("not a database")), qPrintable(lib.error()));
        QFile check(path);
        QVERIFY(check.open(QIODevice::ReadOnly));
        QCOMPARE(check.readAll(), QByteArray(4096, 'x'));
    }

    void aVersion2LibraryIsMigratedKeepingItsJournal()
    {
        const QString path = dbPath("v2.db");
        {
            auto lib = openNew("v2.db");
            QVERIFY(lib->database().exec("INSERT INTO batches(description, state, created_at) VALUES('kept', 1, 1)"));
            QVERIFY(lib->database().exec("ALTER TABLE journal DROP COLUMN old_verdict"));
            QVERIFY(lib->database().exec("ALTER TABLE batches DROP COLUMN owner"));
            QVERIFY(lib->database().exec("DROP TABLE map_points; DROP TABLE maps"));
            QVERIFY(dropPhotoSchema(lib->database()));
            QVERIFY(dropFaceGateSchema(lib->database()));
            dropVersion5(*lib);
            QVERIFY(lib->database().exec("PRAGMA user_version = 2"));
        }
        auto lib = Library::open(path, Library::Mode::OpenExisting);
        QVERIFY2(lib, qPrintable(lib.error()));
        QCOMPARE((*lib)->schemaVersion(), Library::kSchemaVersion);
        Statement column = (*lib)->database().prepare(
            "SELECT (SELECT COUNT(*) FROM pragma_table_info('journal') WHERE name = 'old_verdict') + "
            "(SELECT COUNT(*) FROM pragma_table_info('batches') WHERE name = 'owner')");
        QVERIFY(column.next());
        QCOMPARE(column.integer(0), 2);
        Statement kept = (*lib)->database().prepare("SELECT description FROM batches");
        QVERIFY(kept.next());
        QCOMPARE(kept.text(0), QStringLiteral("kept"));
        QCOMPARE((*lib)->integrityCheck(), QStringLiteral("ok"));
    }

    // What version 5 (RAW twins, names from metadata, file steps in the journal) added.
    static void dropVersion5(Library& lib)
    {
        for (const char* sql : {"ALTER TABLE images DROP COLUMN twin", "DROP TABLE name_conflicts",
                                "ALTER TABLE journal DROP COLUMN file_path",
                                "ALTER TABLE journal DROP COLUMN file_backup",
                                "ALTER TABLE journal DROP COLUMN file_old_hash",
                                "ALTER TABLE journal DROP COLUMN file_new_hash"})
            QVERIFY(lib.database().exec(sql));
    }

    void aVersion4LibraryGetsTwinsNamesAndFileSteps()
    {
        const QString path = dbPath("v4.db");
        {
            auto lib = openNew("v4.db");
            auto root = lib->ensureRoot(QStringLiteral("/photos"), false, true);
            QVERIFY(root);
            QVERIFY(lib->storeResults(*root, {test::fakeImage(QStringLiteral("/photos/IMG_1.JPG"), 1, 1)},
                                      QStringLiteral("m"), 512));
            QVERIFY(dropPhotoSchema(lib->database()));
            QVERIFY(dropFaceGateSchema(lib->database()));
            dropVersion5(*lib);
            QVERIFY(lib->database().exec("PRAGMA user_version = 4"));
        }
        auto lib = Library::open(path, Library::Mode::OpenExisting);
        QVERIFY2(lib, qPrintable(lib.error()));
        QCOMPARE((*lib)->schemaVersion(), Library::kSchemaVersion);
        QCOMPARE((*lib)->stats().faces, 1);
        const auto images = (*lib)->images(1);
        QCOMPARE(images.size(), 1);
        QVERIFY(images.begin()->twin.isEmpty());
        QVERIFY((*lib)->setTwins({{images.begin()->id, QStringLiteral("/photos/IMG_1.CR2")}}));
        QCOMPARE((*lib)->twinOf(images.begin()->id), QStringLiteral("/photos/IMG_1.CR2"));
        Statement columns = (*lib)->database().prepare(
            "SELECT COUNT(*) FROM pragma_table_info('journal') WHERE name LIKE 'file_%'");
        QVERIFY(columns.next());
        QCOMPARE(columns.integer(0), 4);
        QCOMPARE((*lib)->integrityCheck(), QStringLiteral("ok"));
    }

    void aVersion3LibraryGetsAnEmptyMapKeepingItsFaces()
    {
        const QString path = dbPath("v3.db");
        {
            auto lib = openNew("v3.db");
            auto root = lib->ensureRoot(QStringLiteral("/photos"), true, true);
            QVERIFY(lib->storeResults(*root, {fakeImage(QStringLiteral("/photos/ann/1.jpg"), 2, 1, QStringLiteral("ann"))},
                                      QStringLiteral("m"), 512));
            QVERIFY(dropPhotoSchema(lib->database()));
            QVERIFY(dropFaceGateSchema(lib->database()));
            dropVersion5(*lib);
            QVERIFY(lib->database().exec("DROP TABLE map_points; DROP TABLE maps; PRAGMA user_version = 3"));
        }
        auto lib = Library::open(path, Library::Mode::OpenExisting);
        QVERIFY2(lib, qPrintable(lib.error()));
        QCOMPARE((*lib)->schemaVersion(), Library::kSchemaVersion);
        QCOMPARE((*lib)->stats().faces, 2);
        Statement maps = (*lib)->database().prepare("SELECT (SELECT count(*) FROM maps) + (SELECT count(*) FROM map_points)");
        QVERIFY(maps.next());
        QCOMPARE(maps.integer(0), 0);
        // A point goes with its item.
        QVERIFY((*lib)->database().exec(
            "INSERT INTO maps(model_id, generation, method, full_count, placed_count, created_at) VALUES(1, 0, 'x', 2, 0, 0);"
            "INSERT INTO map_points SELECT id, 1, 0.5, 0.5 FROM items"));
        QVERIFY((*lib)->removeImages({(*lib)->images(1).value(QStringLiteral("/photos/ann/1.jpg")).id}));
        Statement left = (*lib)->database().prepare("SELECT count(*) FROM map_points");
        QVERIFY(left.next());
        QCOMPARE(left.integer(0), 0);
        QCOMPARE((*lib)->integrityCheck(), QStringLiteral("ok"));
    }

    // Version 6 (the face gate): every face of an older library stays a face, and its
    // journal can hold verdict steps.
    void aVersion5LibraryIsMigratedWithEveryFaceStillAFace()
    {
        const QString path = dbPath("v5.db");
        {
            auto lib = openNew("v5.db");
            auto root = lib->ensureRoot(QStringLiteral("/p"), false, true);
            QVERIFY(lib->storeResults(*root, {fakeImage(QStringLiteral("/p/a.jpg"), 2, 3)}, QStringLiteral("m"), 512));
            QVERIFY(dropPhotoSchema(lib->database()));
            QVERIFY(dropFaceGateSchema(lib->database()));
            QVERIFY(lib->database().exec("PRAGMA user_version = 5"));
        }
        auto lib = Library::open(path, Library::Mode::OpenExisting);
        QVERIFY2(lib, qPrintable(lib.error()));
        QCOMPARE((*lib)->schemaVersion(), Library::kSchemaVersion);
        QCOMPARE((*lib)->stats().faces, 2);
        QCOMPARE((*lib)->stats().notFaces, 0);
        QCOMPARE((*lib)->vectorCount(QStringLiteral("m")), 2);
        Statement columns = (*lib)->database().prepare(
            "SELECT count(*) FROM pragma_table_xinfo('items') WHERE name IN ('not_face', 'face_verdict', "
            "'gate_not_face', 'face_probability')");
        QVERIFY(columns.next());
        QCOMPARE(columns.integer(0), 4);
        QCOMPARE((*lib)->integrityCheck(), QStringLiteral("ok"));
    }

    // A command that only reads (stats, query, export) used to query today's columns in an
    // older library and fail; it is upgraded once, then read.
    void aReaderUpgradesAnOlderLibraryFirst()
    {
        const QString path = dbPath("old-read.db");
        {
            auto lib = openNew("old-read.db");
            auto root = lib->ensureRoot(QStringLiteral("/p"), false, true);
            QVERIFY(lib->storeResults(*root, {fakeImage(QStringLiteral("/p/a.jpg"), 2, 3)}, QStringLiteral("m"), 512));
            QVERIFY(dropPhotoSchema(lib->database()));
            QVERIFY(dropFaceGateSchema(lib->database()));
            QVERIFY(lib->database().exec("PRAGMA user_version = 5"));
        }
        auto lib = Library::open(path, Library::Mode::ReadOnly);
        QVERIFY2(lib, qPrintable(lib.error()));
        QCOMPARE((*lib)->schemaVersion(), Library::kSchemaVersion);
        auto vectors = (*lib)->vectors(QStringLiteral("m"));
        QVERIFY2(vectors, qPrintable(vectors.error()));
        QCOMPARE(vectors->ids.size(), size_t(2));
        QCOMPARE((*lib)->stats().faces, 2);
        QVERIFY(!(*lib)->database().exec("CREATE TABLE written(x)")); // still read-only
    }

    // Schema 7 (whole photos): a version 6 library keeps every face; its photos have no
    // descriptors until described, which adds an Image item without touching faces, face
    // vectors or the default model.
    void aVersion6LibraryIsMigratedAndItsPhotosDescribedLater()
    {
        const QString path = dbPath("v6.db");
        {
            auto lib = openNew("v6.db");
            auto root = lib->ensureRoot(QStringLiteral("/p"), false, true);
            QVERIFY(lib->storeResults(*root, {fakeImage(QStringLiteral("/p/a.jpg"), 2, 3)}, QStringLiteral("m"), 512));
            QVERIFY(dropPhotoSchema(lib->database()));
            QVERIFY(lib->database().exec("PRAGMA user_version = 6"));
        }
        auto lib = Library::open(path, Library::Mode::OpenExisting);
        QVERIFY2(lib, qPrintable(lib.error()));
        QCOMPARE((*lib)->schemaVersion(), Library::kSchemaVersion);
        const auto images = (*lib)->images(1);
        QCOMPARE(images.size(), 1);
        QVERIFY(!images.begin()->hasPhoto);
        QVERIFY(images.begin()->facesDone);

        ImageResult described = fakeImage(QStringLiteral("/p/a.jpg"), 0, 3);
        QImage pixels(64, 48, QImage::Format_RGB888);
        pixels.fill(QColor(10, 120, 200));
        auto photo = PhotoDescriber::describe(pixels);
        QVERIFY(photo);
        described.photo = *photo;
        described.takenMs = 1'600'000'000'000;
        described.camera = QStringLiteral("Canon EOS 5D");
        const qint64 generation = (*lib)->vectorGeneration();
        QVERIFY((*lib)->storePhotos({described}));
        QVERIFY((*lib)->storePhotos({described})); // again: replaced, not doubled
        QCOMPARE((*lib)->vectorGeneration(), generation); // the face index stays as it is
        QCOMPARE((*lib)->stats().photos, 1);
        QCOMPARE((*lib)->stats().faces, 2);
        QCOMPARE((*lib)->vectorCount(QStringLiteral("m")), 2);
        QCOMPARE((*lib)->defaultModel(), QStringLiteral("m"));
        QCOMPARE((*lib)->stats().models, QStringList{QStringLiteral("m")});
        QCOMPARE((*lib)->allFaces().size(), size_t(2));
        QVERIFY((*lib)->images(1).begin()->hasPhoto);
        Statement facts = (*lib)->database().prepare("SELECT taken, camera FROM images");
        QVERIFY(facts.next());
        QCOMPARE(facts.integer(0), 1'600'000'000'000);
        QCOMPARE(facts.text(1), QStringLiteral("Canon EOS 5D"));
    }

    // Schema 8: a version 7 library keeps its journal (its changes stay undoable) and gets
    // removal steps; photo vectors stop moving the generation of the face index.
    void aVersion7LibraryGetsRemovalStepsAndKeepsItsJournal()
    {
        const QString path = dbPath("v7.db");
        {
            auto lib = openNew("v7.db");
            auto root = lib->ensureRoot(QStringLiteral("/p"), false, true);
            QVERIFY(lib->storeResults(*root, {fakeImage(QStringLiteral("/p/a.jpg"), 1, 3)}, QStringLiteral("m"), 512));
            QVERIFY(lib->database().exec("INSERT INTO batches(description, state, created_at) VALUES('kept', 1, 1)"));
            QVERIFY(dropRemovalSchema(lib->database()));
            QVERIFY(lib->database().exec("PRAGMA user_version = 7"));
            // Schema 7's triggers count photo vectors too.
            const qint64 before = lib->vectorGeneration();
            QVERIFY(lib->database().exec("INSERT INTO models(name, dimension) VALUES('photo-look-v1', 1)"));
            QVERIFY(lib->database().exec("INSERT INTO vectors(item_id, model_id, data) SELECT 1, id, x'00000000' FROM "
                                         "models WHERE name = 'photo-look-v1'"));
            QCOMPARE(lib->vectorGeneration(), before + 1);
        }
        auto lib = Library::open(path, Library::Mode::OpenExisting);
        QVERIFY2(lib, qPrintable(lib.error()));
        QCOMPARE((*lib)->schemaVersion(), Library::kSchemaVersion);
        Statement kept = (*lib)->database().prepare("SELECT description FROM batches WHERE state = 1");
        QVERIFY(kept.next());
        QCOMPARE(kept.text(0), QStringLiteral("kept"));
        kept.reset();
        Statement columns = (*lib)->database().prepare(
            "SELECT count(*) FROM pragma_table_info('journal') WHERE name IN ('removal', 'trash_info', 'snapshot', "
            "'photo_pair')");
        QVERIFY(columns.next());
        QCOMPARE(columns.integer(0), 4);
        columns.reset();
        const qint64 before = (*lib)->vectorGeneration();
        QVERIFY((*lib)->database().exec("DELETE FROM vectors WHERE model_id = (SELECT id FROM models WHERE name = "
                                        "'photo-look-v1')"));
        QCOMPARE((*lib)->vectorGeneration(), before);
        QVERIFY((*lib)->database().exec("DELETE FROM vectors"));
        QCOMPARE((*lib)->vectorGeneration(), before + 1); // the face's vector
    }

    // Schema 9: a version 8 library keeps its map (of faces, kind 0), and the photos get a
    // generation of their own that only their look vectors move.
    void aVersion8LibraryKeepsItsMapAndGetsThePhotosGeneration()
    {
        const QString path = dbPath("v8.db");
        {
            auto lib = openNew("v8.db");
            auto root = lib->ensureRoot(QStringLiteral("/p"), false, true);
            QVERIFY(lib->storeResults(*root, {fakeImage(QStringLiteral("/p/a.jpg"), 1, 3)}, QStringLiteral("m"), 512));
            QVERIFY(dropPhotoMapSchema(lib->database()));
            QVERIFY(lib->database().exec(
                "INSERT INTO maps(model_id, generation, method, full_count, placed_count, created_at) "
                "SELECT id, 0, 'x', 1, 0, 0 FROM models WHERE name = 'm'; PRAGMA user_version = 8"));
        }
        auto lib = Library::open(path, Library::Mode::OpenExisting);
        QVERIFY2(lib, qPrintable(lib.error()));
        QCOMPARE((*lib)->schemaVersion(), Library::kSchemaVersion);
        Statement kind = (*lib)->database().prepare("SELECT kind FROM maps");
        QVERIFY(kind.next());
        QCOMPARE(kind.integer(0), 0);
        kind.reset();
        const qint64 faces = (*lib)->vectorGeneration(), photos = (*lib)->photoGeneration();
        QVERIFY((*lib)->database().exec("INSERT INTO models(name, dimension) VALUES('photo-hash-v1', 8), "
                                        "('photo-look-v1', 1)"));
        QVERIFY((*lib)->database().exec("INSERT INTO vectors(item_id, model_id, data) SELECT 1, id, x'00000000' FROM "
                                        "models WHERE name = 'photo-hash-v1'"));
        QCOMPARE((*lib)->photoGeneration(), photos); // not a look vector
        QVERIFY((*lib)->database().exec("INSERT INTO vectors(item_id, model_id, data) SELECT 1, id, x'00000000' FROM "
                                        "models WHERE name = 'photo-look-v1'"));
        QCOMPARE((*lib)->photoGeneration(), photos + 1);
        QVERIFY((*lib)->database().exec("DELETE FROM vectors WHERE model_id = (SELECT id FROM models WHERE name = "
                                        "'photo-look-v1')"));
        QCOMPARE((*lib)->photoGeneration(), photos + 2);
        QCOMPARE((*lib)->vectorGeneration(), faces);
        QCOMPARE((*lib)->integrityCheck(), QStringLiteral("ok"));
    }

    void newerSchemaIsRefused()
    {
        const QString path = dbPath("newer.db");
        openNew("newer.db")->database().exec("PRAGMA user_version = 99");
        auto lib = Library::open(path, Library::Mode::OpenOrCreate);
        QVERIFY(!lib);
        QVERIFY(lib.error().contains(QStringLiteral("newer")));
    }

    void storesFacesLabelsAndVectors()
    {
        auto lib = openNew("store.db");
        auto root = lib->ensureRoot(QStringLiteral("/photos"), true, true);
        QVERIFY(root);
        std::vector<ImageResult> batch{fakeImage(QStringLiteral("/photos/ann/1.jpg"), 2, 1, QStringLiteral("ann")),
                                       fakeImage(QStringLiteral("/photos/bob/1.jpg"), 1, 2, QStringLiteral("bob"))};
        QVERIFY(lib->storeResults(*root, batch, QStringLiteral("m"), 512));
        const LibraryStats s = lib->stats();
        QCOMPARE(s.images, 2);
        QCOMPARE(s.faces, 3);
        QCOMPARE(s.labels, 2);
        auto vectors = lib->vectors(QStringLiteral("m"));
        QVERIFY(vectors);
        QCOMPARE(vectors->ids.size(), size_t(3));
        QCOMPARE(vectors->data.size(), size_t(3 * 512));
        const auto faces = lib->allFaces();
        QCOMPARE(faces.size(), size_t(3));
        QCOMPARE(faces[0].label, QStringLiteral("ann"));
        QCOMPARE(faces[0].path, QStringLiteral("/photos/ann/1.jpg"));
        QVERIFY(qAbs(faces[0].box.width() - 0.3) < 1e-6);
        QVERIFY(qAbs(faces[0].landmarks[10].x() - batch[0].faces[0].landmarks[10].x()) < 1e-6);
        const auto e = lib->embedding(faces[0].id, QStringLiteral("m"));
        QCOMPARE(e, batch[0].faces[0].embedding);
        const auto counts = lib->labelCounts();
        QCOMPARE(counts.size(), size_t(2));
        QCOMPARE(counts[0].first, QStringLiteral("ann"));
        QCOMPARE(counts[0].second, 1); // the folder names the photo's main face, not bystanders
        QVERIFY(faces[1].label.isEmpty());
    }

    void restoringAFileReplacesItsFacesWithoutDuplicates()
    {
        auto lib = openNew("replace.db");
        auto root = lib->ensureRoot(QStringLiteral("/p"), false, true);
        QVERIFY(lib->storeResults(*root, {fakeImage(QStringLiteral("/p/a.jpg"), 3, 7)}, QStringLiteral("m"), 512));
        const qint64 before = lib->vectorGeneration();
        QVERIFY(lib->storeResults(*root, {fakeImage(QStringLiteral("/p/a.jpg"), 1, 8)}, QStringLiteral("m"), 512));
        QCOMPARE(lib->stats().faces, 1);
        QCOMPARE(lib->vectorCount(QStringLiteral("m")), 1);
        QVERIFY(lib->vectorGeneration() > before);
    }

    void failedImagesAreRecordedWithTheirReason()
    {
        auto lib = openNew("failed.db");
        auto root = lib->ensureRoot(QStringLiteral("/p"), false, true);
        ImageResult bad = fakeImage(QStringLiteral("/p/bad.jpg"), 0, 3);
        bad.error = QStringLiteral("truncated JPEG data");
        QVERIFY(lib->storeResults(*root, {bad}, QStringLiteral("m"), 512));
        const auto failures = lib->failures();
        QCOMPARE(failures.size(), size_t(1));
        QCOMPARE(failures[0].second, QStringLiteral("truncated JPEG data"));
        QCOMPARE(lib->stats().imagesFailed, 1);
    }

    void wrongEmbeddingSizeRollsBackTheWholeBatch()
    {
        auto lib = openNew("rollback.db");
        auto root = lib->ensureRoot(QStringLiteral("/p"), false, true);
        ImageResult good = fakeImage(QStringLiteral("/p/good.jpg"), 1, 4);
        ImageResult odd = fakeImage(QStringLiteral("/p/odd.jpg"), 1, 5);
        odd.faces[0].embedding.resize(10);
        QVERIFY(!lib->storeResults(*root, {good, odd}, QStringLiteral("m"), 512));
        QCOMPARE(lib->stats().images, 0);
        QCOMPARE(lib->stats().faces, 0);
    }

    void removingImagesCascadesToFacesVectorsAndEmptyLabels()
    {
        auto lib = openNew("remove.db");
        auto root = lib->ensureRoot(QStringLiteral("/p"), true, true);
        QVERIFY(lib->storeResults(*root, {fakeImage(QStringLiteral("/p/x/1.jpg"), 2, 9, QStringLiteral("x")),
                                          fakeImage(QStringLiteral("/p/y/1.jpg"), 1, 10, QStringLiteral("y"))},
                                  QStringLiteral("m"), 512));
        const auto images = lib->images(*root);
        QCOMPARE(images.size(), 2);
        QVERIFY(lib->removeImages({images.value(QStringLiteral("/p/x/1.jpg")).id}));
        QCOMPARE(lib->stats().faces, 1);
        QCOMPARE(lib->vectorCount(QStringLiteral("m")), 1);
        QCOMPARE(lib->labelCounts().size(), size_t(1));
        QCOMPARE(lib->integrityCheck(), QStringLiteral("ok"));
    }

    void reopeningKeepsEverything()
    {
        {
            auto lib = openNew("reopen.db");
            auto root = lib->ensureRoot(QStringLiteral("/p"), false, true);
            QVERIFY(lib->storeResults(*root, {fakeImage(QStringLiteral("/p/a.jpg"), 2, 11)}, QStringLiteral("m"), 512));
        }
        auto lib = Library::open(dbPath("reopen.db"), Library::Mode::ReadOnly);
        QVERIFY(lib);
        QCOMPARE((*lib)->stats().faces, 2);
        QCOMPARE((*lib)->defaultModel(), QStringLiteral("m"));
        QCOMPARE((*lib)->roots().size(), size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestLibrary)
#include "tst_library.moc"
