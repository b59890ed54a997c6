#pragma once
// Shared helpers for the UI tests: a MessageSink that answers from a script, libraries built
// quickly without models (synthetic faces on real photo paths), and a small library indexed
// with the real models from ../shared/data.
#include "indexer.h"
#include "library.h"
#include "messagesink.h"
#include "modelregistry.h"
#include "testdata.h"
#include <QApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QFile>
#include <QStandardPaths>
#include <QtTest>
#include <deque>

namespace lookalike::test {

// Answers questions in order from queues; records everything it was shown.
class ScriptedSink : public lookalike::ui::MessageSink {
public:
    struct Shown {
        Severity severity;
        QString title;
        QString text;
    };
    std::vector<Shown> shown;
    QStringList questions;
    std::deque<bool> confirmAnswers; // default when empty: false
    std::deque<QString> fileAnswers; // for every file/folder chooser; default: ""
    std::deque<std::optional<QString>> textAnswers;

    void show(Severity severity, const QString& title, const QString& text) override
    {
        shown.push_back({severity, title, text});
        qInfo("sink: %s: %s", qPrintable(title), qPrintable(text));
    }
    bool confirm(const QString& title, const QString& text, const QString&) override
    {
        questions << title + QStringLiteral(": ") + text;
        if (confirmAnswers.empty())
            return false;
        const bool answer = confirmAnswers.front();
        confirmAnswers.pop_front();
        return answer;
    }
    QString nextFile()
    {
        if (fileAnswers.empty())
            return {};
        QString f = fileAnswers.front();
        fileAnswers.pop_front();
        return f;
    }
    QString chooseOpenFile(const QString&, const QString&, const QString&) override
    {
        return nextFile();
    }
    QString chooseSaveFile(const QString&, const QString&, const QString&) override
    {
        return nextFile();
    }
    QString chooseFolder(const QString&, const QString&) override { return nextFile(); }
    std::optional<QString> askText(const QString& title, const QString&, const QString&,
                                   const QStringList&) override
    {
        questions << title;
        if (textAnswers.empty())
            return std::nullopt;
        auto a = textAnswers.front();
        textAnswers.pop_front();
        return a;
    }
    int errors() const
    {
        return int(std::count_if(shown.begin(), shown.end(),
                                 [](const Shown& s) { return s.severity == Severity::Error; }));
    }
};

// Sends a drag-enter and a drop, as a file manager would. Returns whether the drop was taken.
inline bool drop(QWidget* target, QMimeData* mime, QPoint pos = {})
{
    if (pos.isNull())
        pos = target->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent event(QPointF(pos), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &event);
    return event.isAccepted();
}

// A library with `photos.size() * facesPerPhoto` synthetic faces (4-d embeddings, boxes on a
// grid, no landmarks) on the given photo paths; labels cycle through `labels` per photo
// (empty string: unlabelled). Fast: no models, one transaction.
inline bool makeSyntheticLibrary(const QString& libraryPath, const QStringList& photos,
                                 int facesPerPhoto, const QStringList& labels = {})
{
    auto library = Library::open(libraryPath, Library::Mode::OpenOrCreate);
    if (!library)
        return false;
    auto root = (*library)->ensureRoot(QFileInfo(photos.value(0)).absolutePath(), false, true);
    if (!root)
        return false;
    std::vector<ImageResult> results;
    int n = 0;
    for (const QString& photo : photos) {
        ImageResult r;
        r.path = photo;
        r.size = QFileInfo(photo).size();
        r.mtimeMs = QFileInfo(photo).lastModified().toMSecsSinceEpoch();
        r.width = 150;
        r.height = 150;
        r.format = QStringLiteral("jpeg");
        r.label = labels.isEmpty() ? QString() : labels[n % labels.size()];
        for (int f = 0; f < facesPerPhoto; ++f) {
            DetectedFace face;
            const double side = 1.0 / std::max(2, facesPerPhoto);
            face.box = QRectF(side * f * 0.9, 0.2, side, side);
            face.score = 0.9f;
            const float a = float(n * 0.37 + f);
            face.embedding = {std::cos(a), std::sin(a), 0.5f * std::cos(2 * a),
                              0.5f * std::sin(2 * a)};
            float norm = 0;
            for (float v : face.embedding)
                norm += v * v;
            for (float& v : face.embedding)
                v /= std::sqrt(norm);
            r.faces.push_back(face);
        }
        results.push_back(std::move(r));
        ++n;
        if (results.size() >= 2000) {
            if (!(*library)->storeResults(*root, results, QStringLiteral("synthetic"), 4))
                return false;
            results.clear();
        }
    }
    return bool((*library)->storeResults(*root, results, QStringLiteral("synthetic"), 4));
}

// Copies shared/data/faces/bbt/<person>/ for the given people into `folder`.
inline bool copyBbtPeople(const QString& folder, const QStringList& people)
{
    for (const QString& person : people) {
        const QDir source(dataPath(QStringLiteral("faces/bbt/") + person));
        if (!source.exists() || !QDir().mkpath(folder + QLatin1Char('/') + person))
            return false;
        for (const QString& file : source.entryList(QDir::Files))
            if (!QFile::copy(source.filePath(file),
                             folder + QLatin1Char('/') + person + QLatin1Char('/') + file))
                return false;
    }
    return true;
}

inline std::optional<ModelRegistry> realModels()
{
    auto registry = ModelRegistry::load();
    if (!registry)
        return std::nullopt;
    // The models the default set-up fetches; optional ones (image models fetched on request)
    // are not needed, and requiring them would skip every test here on a normal install.
    for (const QString& id : registry->ids())
        if (!registry->spec(id).optional && !registry->model(id))
            return std::nullopt;
    return *registry;
}

#define REQUIRE_MODELS(registryVar)                                                                \
    auto registryVar = lookalike::test::realModels();                                              \
    if (!registryVar)                                                                              \
        QSKIP("face models not found: run packaging/fetch-models.sh");

// REQUIRE_MODELS for a test of the application: it reads the models where they are, while
// everything else it writes (settings, caches, libraries) goes to test locations.
#define REQUIRE_APP_MODELS(registryVar)                                                            \
    REQUIRE_MODELS(registryVar)                                                                    \
    qputenv("LOOKALIKE_MODELS_DIR", registryVar->modelsDir().toUtf8());                            \
    QStandardPaths::setTestModeEnabled(true);

// Indexes `folder` into `libraryPath` with the real models (labels from subfolders unless
// told otherwise).
inline bool indexWithRealModels(const ModelRegistry& registry, const QString& libraryPath,
                                const QString& folder, bool labelsFromSubfolders = true)
{
    Indexer::Options options;
    options.labelsFromSubfolders = labelsFromSubfolders;
    options.threads = 2;
    Indexer indexer(registry);
    auto summary = indexer.run(libraryPath, folder, options);
    if (!summary)
        qWarning("index failed: %s", qPrintable(summary.error()));
    return summary && summary->faces > 0;
}

} // namespace lookalike::test
