// A library's learned image model (ImageModelStore, ImageModelJob, PhotoSearcher's
// enableImageModel, lookalike-cli image-model) on real components: the small ONNX models
// tests/tools/make_test_onnx.py writes with Debian's python3-onnx, registered through a test
// manifest; a real SQLite library of real photos (../shared/data/images/holidays-dev),
// indexed photos-only; a real FAISS cache. No test reaches the internet.
#include "clirun.h"
#include "database.h"
#include "imageembedder.h"
#include "imageloader.h"
#include "imagemodeljob.h"
#include "imagemodelstore.h"
#include "indexer.h"
#include "library.h"
#include "modelregistry.h"
#include "photosearcher.h"
#include "testdata.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <csignal>
#include <optional>

using namespace lookalike;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");
const QString kScript = QStringLiteral(LOOKALIKE_SOURCE_DIR "/tests/tools/make_test_onnx.py");
const QString kPhotos = QStringLiteral("images/holidays-dev/jpg");
constexpr int kPhotoCount = 10;
// Two models of the same file: the pooled 4-d features and the 3-d classifier output.
const QString kPool = QStringLiteral("tiny-pool");
const QString kLogits = QStringLiteral("tiny-logits");
const QString kUnusable = QStringLiteral("tiny-clip"); // listed as one OpenCV cannot run

QString sha256Of(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(
        QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
}

QJsonObject entry(const QString& id, const QString& path, const QString& output, int dimension)
{
    QJsonObject o{{"id", id},
                  {"task", "image-embedding"},
                  {"optional", true},
                  {"file", QFileInfo(path).fileName()},
                  {"sha256", sha256Of(path)},
                  {"size", QFileInfo(path).size()},
                  {"dimension", dimension},
                  {"license", "test"},
                  {"input", QJsonObject{{"width", 16},
                                        {"height", 16},
                                        {"channels", 3},
                                        {"color", "RGB"},
                                        {"mean", QJsonArray{120, 115, 100}},
                                        {"scale", QJsonArray{0.02, 0.02, 0.02}},
                                        {"resize", "stretch"}}}};
    if (!output.isEmpty())
        o.insert("embedding_output", output);
    return o;
}

float dot(const std::vector<float>& a, const std::vector<float>& b)
{
    float sum = 0;
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        sum += a[i] * b[i];
    return sum;
}

} // namespace

class TestImageModelJob : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void vectorsEqualEmbed();
    void cancelThenResume();
    void searchUsesActiveModel();
    void missingModelFallsBack();
    void unreadablePhotoReported();
    void importEmbedsNewPhotos();
    void commandLine();
    void interruptThenResume();

private:
    // A library of kPhotoCount real photos, indexed photos-only, in a folder of its own.
    QString makeLibrary(const QString& name);
    // The same, opened for writing, with `model` chosen and every photo embedded; null on
    // failure.
    std::unique_ptr<Library> embedded(const QString& name, const QString& model);
    QStringList env() const;

    QTemporaryDir m_dir;
    QString m_models; // the models folder (the generated ONNX file)
    QString m_manifest;
    std::optional<ModelRegistry> m_registry;
    QStringList m_sources;
};

void TestImageModelJob::initTestCase()
{
    REQUIRE_TEST_DATA(kPhotos);
    QVERIFY(m_dir.isValid());
    m_models = m_dir.filePath(QStringLiteral("models"));
    QVERIFY(QDir().mkpath(m_models));
    QProcess python;
    python.setProcessChannelMode(QProcess::MergedChannels);
    python.start(kPython, {kScript, m_models});
    QVERIFY2(python.waitForFinished(120000), "make_test_onnx.py did not finish");
    QVERIFY2(python.exitCode() == 0,
             qPrintable(QStringLiteral("make_test_onnx.py failed (python3-onnx and python3-numpy "
                                       "come with bash packaging/setup.sh deps): ") +
                        QString::fromUtf8(python.readAll())));
    const QString onnx = m_models + QStringLiteral("/tiny-embed.onnx");
    m_manifest = m_dir.filePath(QStringLiteral("models.json"));
    QFile file(m_manifest);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QJsonObject unusable = entry(kUnusable, onnx, "pool", 4);
    unusable.insert("instead", kPool);
    file.write(QJsonDocument(QJsonObject{{"models", QJsonArray{entry(kPool, onnx, "pool", 4),
                                                               entry(kLogits, onnx, {}, 3),
                                                               unusable}}})
                   .toJson());
    file.close();
    auto registry = ModelRegistry::load(m_manifest, m_models);
    QVERIFY2(registry, qPrintable(registry.error()));
    m_registry = std::move(*registry);
    const QDir photos(test::dataPath(kPhotos));
    for (const QString& name :
         photos.entryList({QStringLiteral("*.jpg")}, QDir::Files, QDir::Name).mid(0, kPhotoCount))
        m_sources << photos.filePath(name);
    QCOMPARE(m_sources.size(), kPhotoCount);
}

QString TestImageModelJob::makeLibrary(const QString& name)
{
    const QString folder = m_dir.filePath(name + QStringLiteral("/photos"));
    if (!QDir().mkpath(folder))
        return {};
    for (const QString& source : m_sources)
        QFile::copy(source, folder + QLatin1Char('/') + QFileInfo(source).fileName());
    const QString library = m_dir.filePath(name + QStringLiteral("/library.db"));
    Indexer::Options options;
    options.facePass = false; // photos only: no face models needed
    auto summary = Indexer(*m_registry).run(library, folder, options);
    if (!summary || summary->photosDescribed != kPhotoCount)
        return {};
    return library;
}

std::unique_ptr<Library> TestImageModelJob::embedded(const QString& name, const QString& model)
{
    auto library = Library::open(makeLibrary(name), Library::Mode::OpenExisting);
    if (!library || !ImageModelStore::choose(**library, model) ||
        !ImageModelJob::run(**library, *m_registry))
        return nullptr;
    return std::move(*library);
}

QStringList TestImageModelJob::env() const
{
    return {QStringLiteral("LOOKALIKE_MODELS_MANIFEST=") + m_manifest,
            QStringLiteral("LOOKALIKE_MODELS_DIR=") + m_models};
}

void TestImageModelJob::vectorsEqualEmbed()
{
    const QString path = makeLibrary(QStringLiteral("equal"));
    QVERIFY(!path.isEmpty());
    auto library = Library::open(path, Library::Mode::OpenExisting);
    QVERIFY2(library, qPrintable(library.error()));
    QCOMPARE(ImageModelStore::active(**library), QString());
    QVERIFY(ImageModelStore::choose(**library, kPool));
    auto summary = ImageModelJob::run(**library, *m_registry);
    QVERIFY2(summary, qPrintable(summary.error()));
    QCOMPARE(summary->embedded, qint64(kPhotoCount));
    QCOMPARE(summary->failed, qint64(0));
    QCOMPARE(summary->active, kPool);
    QCOMPARE(ImageModelStore::active(**library), kPool);
    QCOMPARE(ImageModelStore::embeddedCount(**library, kPool), qint64(kPhotoCount));

    // Each stored vector is ImageEmbedder::embed of the photo as the job decodes it (half
    // floats: within 1e-3 of unit-length components).
    auto spec = m_registry->model(kPool);
    QVERIFY2(spec, qPrintable(spec.error()));
    auto embedder = ImageEmbedder::create(*spec);
    QVERIFY2(embedder, qPrintable(embedder.error()));
    Statement q = (*library)->database().prepare("SELECT id, path FROM images ORDER BY id");
    int checked = 0;
    while (q.next()) {
        auto image = ImageLoader::load(q.text(1), ImageModelJob::loadOptions(*spec));
        QVERIFY2(image, qPrintable(image.error()));
        auto expected = (*embedder)->embed(image->image);
        QVERIFY2(expected, qPrintable(expected.error()));
        const std::vector<float> stored = ImageModelStore::vector(**library, q.integer(0), kPool);
        QCOMPARE(stored.size(), size_t(4));
        for (size_t i = 0; i < stored.size(); ++i)
            QVERIFY2(std::abs(stored[i] - (*expected)[i]) < 1e-3,
                     qPrintable(QStringLiteral("%1[%2]: stored %3, embedded %4")
                                    .arg(q.text(1))
                                    .arg(i)
                                    .arg(stored[i])
                                    .arg((*expected)[i])));
        ++checked;
    }
    QCOMPARE(checked, kPhotoCount);

    // A second run has nothing to do.
    auto again = ImageModelJob::run(**library, *m_registry);
    QVERIFY2(again, qPrintable(again.error()));
    QCOMPARE(again->embedded, qint64(0));
    QCOMPARE(again->alreadyEmbedded, qint64(kPhotoCount));
}

void TestImageModelJob::cancelThenResume()
{
    std::unique_ptr<Library> library = embedded(QStringLiteral("resume"), kPool);
    QVERIFY(library);
    QCOMPARE(ImageModelStore::active(*library), kPool);

    // Switching to another model and stopping after the first photos: the previous model
    // stays active and keeps serving searches.
    QVERIFY(ImageModelStore::choose(*library, kLogits));
    QCOMPARE(ImageModelStore::active(*library), kPool);
    ImageModelJob::Options options;
    options.threads = 1; // photos go by fours: the cancel lands mid-run
    options.batchSize = 2;
    std::atomic_bool cancel{false};
    auto first = ImageModelJob::run(*library, *m_registry, options, &cancel,
                                    [&](const ImageModelJob::Progress& p) {
                                        if (p.done > 0)
                                            cancel = true;
                                    });
    QVERIFY2(first, qPrintable(first.error()));
    QVERIFY(first->cancelled);
    QVERIFY(first->embedded > 0 && first->embedded < kPhotoCount);
    QCOMPARE(first->active, kPool);
    QCOMPARE(ImageModelStore::active(*library), kPool);
    QCOMPARE(ImageModelStore::embeddedCount(*library, kLogits), first->embedded);
    {
        auto searcher = PhotoSearcher::open(*library);
        QVERIFY2(searcher, qPrintable(searcher.error()));
        QVERIFY(searcher->enableImageModel(*m_registry));
        QCOMPARE(searcher->imageModelId(), kPool);
    }

    // The rerun embeds the others, each photo once, and switches.
    auto second = ImageModelJob::run(*library, *m_registry, options);
    QVERIFY2(second, qPrintable(second.error()));
    QVERIFY(!second->cancelled);
    QCOMPARE(second->alreadyEmbedded, first->embedded);
    QCOMPARE(first->embedded + second->embedded, qint64(kPhotoCount));
    QCOMPARE(second->active, kLogits);
    QCOMPARE(ImageModelStore::embeddedCount(*library, kLogits), qint64(kPhotoCount));
    auto searcher = PhotoSearcher::open(*library);
    QVERIFY2(searcher, qPrintable(searcher.error()));
    QVERIFY(searcher->enableImageModel(*m_registry));
    QCOMPARE(searcher->imageModelId(), kLogits);
    // The first model's vectors are kept: choosing it again is immediate.
    QCOMPARE(ImageModelStore::embeddedCount(*library, kPool), qint64(kPhotoCount));
}

void TestImageModelJob::searchUsesActiveModel()
{
    std::unique_ptr<Library> library = embedded(QStringLiteral("search"), kPool);
    QVERIFY(library);

    auto searcher = PhotoSearcher::open(*library);
    QVERIFY2(searcher, qPrintable(searcher.error()));
    QVERIFY(searcher->enableImageModel(*m_registry));
    QVERIFY(searcher->hasImageModel());
    // A library photo: its look-alikes are the others by the inner product of their stored
    // tiny-pool vectors, best first.
    const qint64 query = 1;
    PhotoSearcher::Options options;
    options.duplicates = false;
    options.limit = kPhotoCount;
    auto matches = searcher->search(query, options);
    QVERIFY2(matches, qPrintable(matches.error()));
    QCOMPARE(int(matches->size()), kPhotoCount - 1);
    const std::vector<float> mine = ImageModelStore::vector(*library, query, kPool);
    std::vector<std::pair<float, qint64>> byHand;
    for (qint64 id = 1; id <= kPhotoCount; ++id)
        if (id != query)
            byHand.emplace_back(dot(mine, ImageModelStore::vector(*library, id, kPool)), id);
    for (size_t i = 0; i < matches->size(); ++i) {
        const PhotoMatch& m = (*matches)[i];
        const float expected = dot(mine, ImageModelStore::vector(*library, m.imageId, kPool));
        QVERIFY2(std::abs(m.similarity - std::clamp(expected, 0.f, 1.f)) < 0.02,
                 qPrintable(QStringLiteral("photo %1: %2, by hand %3")
                                .arg(m.imageId)
                                .arg(m.similarity)
                                .arg(expected)));
    }
    std::sort(byHand.rbegin(), byHand.rend());
    QCOMPARE((*matches)[0].similarity >= (*matches)[1].similarity, true);
    QVERIFY(std::abs(dot(mine, ImageModelStore::vector(*library, matches->front().imageId, kPool)) -
                     byHand.front().first) < 0.02);

    // A photo file: embedded by the model at query time, it finds itself first.
    const QString file =
        m_dir.filePath(QStringLiteral("search/photos/") + QFileInfo(m_sources.at(3)).fileName());
    auto byFile = searcher->search(file, options);
    QVERIFY2(byFile, qPrintable(byFile.error()));
    QVERIFY(!byFile->empty());
    QCOMPARE(QFileInfo(byFile->front().path).fileName(), QFileInfo(file).fileName());
    QVERIFY2(byFile->front().similarity > 0.99,
             qPrintable(QString::number(byFile->front().similarity)));
}

void TestImageModelJob::missingModelFallsBack()
{
    std::unique_ptr<Library> library = embedded(QStringLiteral("missing"), kPool);
    QVERIFY(library);

    // The same manifest over an empty models folder: the model's file is missing.
    const QString empty = m_dir.filePath(QStringLiteral("missing/no-models"));
    QVERIFY(QDir().mkpath(empty));
    auto without = ModelRegistry::load(m_manifest, empty);
    QVERIFY2(without, qPrintable(without.error()));
    auto searcher = PhotoSearcher::open(*library);
    QVERIFY2(searcher, qPrintable(searcher.error()));
    Status enabled = searcher->enableImageModel(*without);
    QVERIFY(!enabled);
    // The model named, and the command that fetches it (the set-up script in a source
    // build, lookalike-fetch-models installed).
    QVERIFY2(enabled.error().startsWith(QStringLiteral("the library's image model tiny-pool")) &&
                 enabled.error().contains(QStringLiteral("models --model tiny-pool")),
             qPrintable(enabled.error()));
    QVERIFY(!searcher->hasImageModel());
    PhotoSearcher::Options options;
    options.limit = kPhotoCount;
    auto fallback = searcher->search(qint64(1), options);
    QVERIFY2(fallback, qPrintable(fallback.error()));
    // The model-free look-alikes, exactly as a searcher never given the model finds them.
    auto plain = PhotoSearcher::open(*library);
    QVERIFY2(plain, qPrintable(plain.error()));
    auto expected = plain->search(qint64(1), options);
    QVERIFY2(expected, qPrintable(expected.error()));
    QCOMPARE(fallback->size(), expected->size());
    for (size_t i = 0; i < fallback->size(); ++i)
        QCOMPARE((*fallback)[i].imageId, (*expected)[i].imageId);

    // The job refuses to run without the file, and writes nothing.
    QVERIFY(ImageModelStore::choose(*library, kLogits));
    auto job = ImageModelJob::run(*library, *without);
    QVERIFY(!job);
    QVERIFY2(job.error().contains(kLogits), qPrintable(job.error()));
    QCOMPARE(ImageModelStore::embeddedCount(*library, kLogits), qint64(0));
    QCOMPARE(ImageModelStore::active(*library), kPool);
}

void TestImageModelJob::unreadablePhotoReported()
{
    const QString path = makeLibrary(QStringLiteral("unreadable"));
    QVERIFY(!path.isEmpty());
    // One photo damaged after the import: reported by name, marked, and the job goes on.
    const QString damaged = m_dir.filePath(QStringLiteral("unreadable/photos/") +
                                           QFileInfo(m_sources.at(2)).fileName());
    QFile file(damaged);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("not a photo any more");
    file.close();
    auto library = Library::open(path, Library::Mode::OpenExisting);
    QVERIFY2(library, qPrintable(library.error()));
    QVERIFY(ImageModelStore::choose(**library, kPool));
    auto summary = ImageModelJob::run(**library, *m_registry);
    QVERIFY2(summary, qPrintable(summary.error()));
    QCOMPARE(summary->failed, qint64(1));
    QCOMPARE(summary->failures.size(), size_t(1));
    QCOMPARE(QFileInfo(summary->failures.front().path).fileName(), QFileInfo(damaged).fileName());
    QCOMPARE(summary->embedded, qint64(kPhotoCount - 1));
    QCOMPARE(summary->active, kPool);
    qint64 failed = 0;
    QCOMPARE(ImageModelStore::embeddedCount(**library, kPool, &failed), qint64(kPhotoCount));
    QCOMPARE(failed, qint64(1));
    // Not retried on the next run.
    auto again = ImageModelJob::run(**library, *m_registry);
    QVERIFY2(again, qPrintable(again.error()));
    QCOMPARE(again->failed, qint64(0));
}

void TestImageModelJob::importEmbedsNewPhotos()
{
    const QString path = makeLibrary(QStringLiteral("import"));
    QVERIFY(!path.isEmpty());
    {
        auto library = Library::open(path, Library::Mode::OpenExisting);
        QVERIFY2(library, qPrintable(library.error()));
        QVERIFY(ImageModelStore::choose(**library, kPool));
        QVERIFY(ImageModelJob::run(**library, *m_registry));
    }
    const QString folder = m_dir.filePath(QStringLiteral("import/photos"));
    const QDir photos(test::dataPath(kPhotos));
    const QString extra =
        photos.entryList({QStringLiteral("*.jpg")}, QDir::Files, QDir::Name).at(kPhotoCount);
    QVERIFY(QFile::copy(photos.filePath(extra), folder + QLatin1Char('/') + extra));
    Indexer::Options options;
    options.facePass = false;
    auto summary = Indexer(*m_registry).run(path, folder, options);
    QVERIFY2(summary, qPrintable(summary.error()));
    QCOMPARE(summary->imageModel, kPool);
    QCOMPARE(summary->photosEmbedded, qint64(1));
    QVERIFY2(summary->imageModelProblem.isEmpty(), qPrintable(summary->imageModelProblem));
    auto library = Library::open(path, Library::Mode::ReadOnly);
    QVERIFY2(library, qPrintable(library.error()));
    QCOMPARE(ImageModelStore::embeddedCount(**library, kPool), qint64(kPhotoCount + 1));
    QCOMPARE(ImageModelStore::photoCount(**library), qint64(kPhotoCount + 1));
    library->reset();

    // Without the model's file the import still stands, and says why nothing was embedded.
    const QString another =
        photos.entryList({QStringLiteral("*.jpg")}, QDir::Files, QDir::Name).at(kPhotoCount + 1);
    QVERIFY(QFile::copy(photos.filePath(another), folder + QLatin1Char('/') + another));
    const QString empty = m_dir.filePath(QStringLiteral("import/no-models"));
    QVERIFY(QDir().mkpath(empty));
    auto without = ModelRegistry::load(m_manifest, empty);
    QVERIFY2(without, qPrintable(without.error()));
    auto skipped = Indexer(*without).run(path, folder, options);
    QVERIFY2(skipped, qPrintable(skipped.error()));
    QCOMPARE(skipped->photosDescribed, qint64(1));
    QCOMPARE(skipped->photosEmbedded, qint64(0));
    QVERIFY2(skipped->imageModelProblem.contains(kPool), qPrintable(skipped->imageModelProblem));
}

void TestImageModelJob::commandLine()
{
    const QString path = makeLibrary(QStringLiteral("cli"));
    QVERIFY(!path.isEmpty());
    auto shown = test::cli({QStringLiteral("image-model"), path}, env());
    QVERIFY2(shown.code == 0, shown.err.constData());
    QCOMPARE(shown.json().value("active").toString(), QString());
    QCOMPARE(shown.json().value("photos").toInt(), kPhotoCount);
    QCOMPARE(shown.json().value("models").toArray().size(), 3);
    QCOMPARE(shown.json().value("models").toArray().at(0).toObject().value("installed").toBool(),
             true);

    auto unknown = test::cli(
        {QStringLiteral("image-model"), path, QStringLiteral("--set"), QStringLiteral("nope")},
        env());
    QCOMPARE(unknown.code, 1);
    QVERIFY2(unknown.err.contains("tiny-pool"), unknown.err.constData());
    // A model OpenCV cannot run is refused with the one to use, and not chosen.
    auto refused =
        test::cli({QStringLiteral("image-model"), path, QStringLiteral("--set"), kUnusable}, env());
    QCOMPARE(refused.code, 1);
    QVERIFY2(refused.err.contains("cannot run: use tiny-pool"), refused.err.constData());
    auto after = test::cli({QStringLiteral("image-model"), path}, env());
    QCOMPARE(after.json().value("chosen").toString(), QString());

    auto set =
        test::cli({QStringLiteral("image-model"), path, QStringLiteral("--set"), kPool}, env());
    QVERIFY2(set.code == 0, set.err.constData());
    QCOMPARE(set.json().value("active").toString(), kPool);
    QCOMPARE(set.json().value("embedded").toInt(), kPhotoCount);

    auto query = test::cli(
        {QStringLiteral("query"), path, m_sources.at(0), QStringLiteral("--photos")}, env());
    QVERIFY2(query.code == 0, query.err.constData());
    QVERIFY(!query.json().value("photos").toArray().isEmpty());
    QVERIFY2(query.err.contains("look-alikes by the image model tiny-pool"), query.err.constData());

    // Without the model's file the query still answers, by the model-free descriptors.
    const QStringList noFiles{QStringLiteral("LOOKALIKE_MODELS_MANIFEST=") + m_manifest,
                              QStringLiteral("LOOKALIKE_MODELS_DIR=") +
                                  m_dir.filePath(QStringLiteral("cli"))};
    auto fallback = test::cli(
        {QStringLiteral("query"), path, m_sources.at(0), QStringLiteral("--photos")}, noFiles);
    QVERIFY2(fallback.code == 0, fallback.err.constData());
    QVERIFY2(fallback.err.contains("look-alikes use the model-free descriptors"),
             fallback.err.constData());
    QVERIFY(!fallback.json().value("photos").toArray().isEmpty());

    auto none = test::cli(
        {QStringLiteral("image-model"), path, QStringLiteral("--set"), QStringLiteral("none")},
        env());
    QVERIFY2(none.code == 0, none.err.constData());
    QCOMPARE(none.json().value("active").toString(), QString());
    QCOMPARE(none.json().value("chosen").toString(), QString());
    auto library = Library::open(path, Library::Mode::ReadOnly);
    QVERIFY2(library, qPrintable(library.error()));
    auto searcher = PhotoSearcher::open(**library);
    QVERIFY2(searcher, qPrintable(searcher.error()));
    QVERIFY(searcher->enableImageModel(*m_registry));
    QVERIFY(!searcher->hasImageModel());
}

void TestImageModelJob::interruptThenResume()
{
    // Every Holidays photo (402), so that the run lasts long enough to be interrupted.
    const QString library = m_dir.filePath(QStringLiteral("interrupt.db"));
    Indexer::Options options;
    options.facePass = false;
    auto indexed = Indexer(*m_registry).run(library, test::dataPath(kPhotos), options);
    QVERIFY2(indexed, qPrintable(indexed.error()));
    const qint64 photos = indexed->photosDescribed;

    // Ctrl+C once the embedding has started: it stops after the photo at hand.
    QProcess cli;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString& entry : env())
        environment.insert(entry.section(u'=', 0, 0), entry.section(u'=', 1));
    cli.setProcessEnvironment(environment);
    cli.start(QStringLiteral(LOOKALIKE_CLI_PATH),
              {QStringLiteral("image-model"), library, QStringLiteral("--set"), kPool,
               QStringLiteral("--threads"), QStringLiteral("1")});
    QVERIFY(cli.waitForStarted());
    cli.setReadChannel(QProcess::StandardError); // waitForReadyRead() waits on this one
    QByteArray err;
    while (!err.contains("image model:") && cli.waitForReadyRead(30000))
        err += cli.readAllStandardError();
    QVERIFY2(err.contains("image model:"), err.constData());
    ::kill(pid_t(cli.processId()), SIGINT);
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
    QCOMPARE(cli.exitCode(), 0);
    const QJsonObject first = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
    if (!first.value("cancelled").toBool())
        QSKIP("the run finished before the interrupt arrived (a very fast machine)");
    err += cli.readAllStandardError();
    QVERIFY2(err.contains("run the same command again to finish"), err.constData());
    const qint64 done = first.value("embedded").toInteger();
    QVERIFY(done < photos);
    QCOMPARE(first.value("active").toString(), QString());

    // The same command continues: each photo embedded once, then the model is active.
    auto rerun =
        test::cli({QStringLiteral("image-model"), library, QStringLiteral("--set"), kPool}, env());
    QVERIFY2(rerun.code == 0, rerun.err.constData());
    QCOMPARE(rerun.json().value("already_embedded").toInteger(), done);
    QCOMPARE(done + rerun.json().value("embedded").toInteger(), photos);
    QCOMPARE(rerun.json().value("active").toString(), kPool);
}

QTEST_GUILESS_MAIN(TestImageModelJob)
#include "tst_imagemodeljob.moc"
