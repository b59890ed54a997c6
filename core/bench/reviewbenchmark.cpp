// `lookalike-cli bench review`: the review finder, people clustering and suggestions over a
// real library file of synthetic faces (syntheticvectors.h), with planted misfiles and
// duplicate photos so that each figure comes with a measure of whether the answer was right.
#include "benchmarks.h"
#include "database.h"
#include "faceclusterer.h"
#include "library.h"
#include "reviewfinder.h"
#include "syntheticvectors.h"
#include <QDir>
#include <QHash>
#include <QJsonArray>
#include <QTemporaryDir>
#include <chrono>
#include <map>
#include <set>

namespace lookalike {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

QString personName(int identity)
{
    return QStringLiteral("person%1").arg(identity, 5, 10, QLatin1Char('0'));
}

} // namespace

QJsonObject benchReviewJson(qint64 n)
{
    QJsonObject out{{QStringLiteral("faces"), n}};
    SyntheticSpec spec;
    spec.count = n;
    const SyntheticVectors v = makeSyntheticVectors(spec);
    const int d = v.dimension;

    QTemporaryDir dir;
    auto opened = Library::open(dir.filePath(QStringLiteral("bench.db")), Library::Mode::OpenOrCreate);
    if (!opened)
        return {{QStringLiteral("error"), opened.error()}};
    Library& library = **opened;
    const QString root = dir.filePath(QStringLiteral("photos"));
    auto rootId = library.ensureRoot(root, true, true);
    if (!rootId)
        return {{QStringLiteral("error"), rootId.error()}};

    // One photo per face, filed under its person; every 100th is planted in the next
    // person's folder, and every 500th is also present a second time (a copy elsewhere).
    const auto built = Clock::now();
    QHash<QString, int> truth; // path -> the person it shows
    QSet<QString> planted;
    qint64 copies = 0;
    std::vector<ImageResult> batch;
    auto flush = [&] {
        Status s = library.storeResults(*rootId, batch, QStringLiteral("synthetic"), d);
        batch.clear();
        return s;
    };
    for (qint64 i = 0; i < v.count(); ++i) {
        const int person = v.identity[size_t(i)];
        const bool misfiled = i % 100 == 99;
        const QString label = personName(misfiled ? person + 1 : person);
        for (int copy = 0; copy < (i % 500 == 0 ? 2 : 1); ++copy) {
            ImageResult r;
            r.path = QStringLiteral("%1/%2/%3%4.jpg").arg(root, label).arg(i).arg(copy ? QStringLiteral("-copy") : QString());
            r.size = 1000 + i;
            r.mtimeMs = 1;
            r.hash = QStringLiteral("h%1").arg(i);
            r.width = 640;
            r.height = 480;
            r.format = QStringLiteral("jpeg");
            r.label = label;
            DetectedFace f;
            f.box = QRectF(0.3, 0.2, 0.3, 0.4);
            f.score = 0.9f;
            f.embedding.assign(v.row(i), v.row(i) + d);
            r.faces.push_back(std::move(f));
            truth.insert(r.path, person);
            if (misfiled && copy == 0)
                planted.insert(r.path);
            copies += copy;
            batch.push_back(std::move(r));
        }
        if (batch.size() >= 2000)
            if (Status s = flush(); !s)
                return {{QStringLiteral("error"), s.error()}};
    }
    if (Status s = flush(); !s)
        return {{QStringLiteral("error"), s.error()}};
    out.insert(QStringLiteral("library_build_seconds"), secondsSince(built));
    out.insert(QStringLiteral("planted_misfiles"), qint64(planted.size()));
    out.insert(QStringLiteral("duplicate_photos"), copies);

    // The finder, each mode from a cold start, as the review screen runs it.
    QJsonArray modes;
    for (ReviewKind kind : {ReviewKind::CrossLabel, ReviewKind::Outlier, ReviewKind::SamePhoto}) {
        ReviewFinder::Options options;
        options.kind = kind;
        const auto start = Clock::now();
        auto items = ReviewFinder::find(library, QStringLiteral("synthetic"), options);
        const double seconds = secondsSince(start);
        if (!items)
            return {{QStringLiteral("error"), items.error()}};
        QJsonObject mode{{QStringLiteral("mode"), ReviewFinder::kindName(kind)},
                         {QStringLiteral("seconds"), seconds},
                         {QStringLiteral("items"), qint64(items->size())}};
        if (kind == ReviewKind::SamePhoto) {
            mode.insert(QStringLiteral("duplicates_found"), qint64(items->size()));
        } else {
            // How many planted photos are the suspect within the first 2x planted items.
            const size_t window = std::min(items->size(), size_t(planted.size()) * 2);
            qint64 hits = 0;
            for (size_t i = 0; i < window; ++i)
                hits += planted.contains((*items)[i].suspect.path);
            mode.insert(QStringLiteral("planted_in_first_2x"), hits);
            mode.insert(QStringLiteral("planted_recall"), planted.isEmpty() ? 0.0 : double(hits) / planted.size());
        }
        modes.append(mode);
    }
    out.insert(QStringLiteral("finder"), modes);

    // Suggestions: one face in ten loses its name; how many get their person back.
    Database& db = library.database();
    db.exec(QStringLiteral("UPDATE items SET label_id = NULL WHERE id % 10 = 0"));
    db.exec(QStringLiteral("UPDATE items SET label_source = 1"));
    {
        const auto start = Clock::now();
        auto suggestions = FaceClusterer::suggestions(library, QStringLiteral("synthetic"), 0.45f);
        const double seconds = secondsSince(start);
        if (!suggestions)
            return {{QStringLiteral("error"), suggestions.error()}};
        qint64 right = 0;
        for (const LabelSuggestion& s : *suggestions)
            if (auto face = library.face(s.face))
                right += s.label == personName(truth.value(face->path));
        qint64 unnamed = 0;
        Statement q = db.prepare("SELECT COUNT(*) FROM items WHERE label_id IS NULL");
        if (q.next())
            unnamed = q.integer(0);
        out.insert(QStringLiteral("suggestions"),
                   QJsonObject{{QStringLiteral("seconds"), seconds},
                               {QStringLiteral("unnamed_faces"), unnamed},
                               {QStringLiteral("suggested"), qint64(suggestions->size())},
                               {QStringLiteral("right_person"), right}});
    }

    // People clustering of the whole library once nobody has a name.
    db.exec(QStringLiteral("UPDATE items SET label_id = NULL, label_source = 0"));
    {
        const auto start = Clock::now();
        auto clusters = FaceClusterer::recluster(library, QStringLiteral("synthetic"), {});
        const double seconds = secondsSince(start);
        if (!clusters)
            return {{QStringLiteral("error"), clusters.error()}};
        // Purity: faces whose cluster's most common person is their own.
        QHash<qint64, int> personOf;
        for (const FaceRecord& f : library.allFaces())
            personOf.insert(f.id, truth.value(f.path));
        qint64 clustered = 0, pure = 0;
        for (const FaceCluster& c : *clusters) {
            std::map<int, qint64> counts;
            for (qint64 face : c.faces)
                ++counts[personOf.value(face)];
            qint64 top = 0;
            for (const auto& [person, count] : counts)
                top = std::max(top, count);
            clustered += qint64(c.faces.size());
            pure += top;
        }
        std::set<int> people(v.identity.begin(), v.identity.end());
        out.insert(QStringLiteral("clusters"),
                   QJsonObject{{QStringLiteral("seconds"), seconds},
                               {QStringLiteral("people"), qint64(people.size())},
                               {QStringLiteral("clusters"), qint64(clusters->size())},
                               {QStringLiteral("faces_clustered"), clustered},
                               {QStringLiteral("purity"), clustered ? double(pure) / clustered : 0.0}});
    }
    return out;
}

} // namespace lookalike
