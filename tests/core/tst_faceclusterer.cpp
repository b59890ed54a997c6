// People for unlabelled libraries: suggested clusters on synthetic faces of known people, and
// the rule that re-clustering never overrides what the user decided (names, merges, splits,
// rejected suggestions).
#include "database.h"
#include "faceclusterer.h"
#include "fixtures.h"
#include "labeleditor.h"
#include "library.h"
#include <QTemporaryDir>
#include <QtTest>
#include <set>

using namespace lookalike;

namespace {

constexpr int kPeople = 3;
constexpr int kFacesEach = 6;

// A face of `person`: the person's direction plus noise, so that two faces of one person have
// a cosine of about 0.6 and faces of different people about 0.
// normalise(a + w * b)
std::vector<float> mix(const std::vector<float>& a, float w, const std::vector<float>& b)
{
    std::vector<float> v(a.size());
    double norm = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        v[i] = a[i] + w * b[i];
        norm += double(v[i]) * v[i];
    }
    for (float& x : v)
        x = float(x / std::sqrt(norm));
    return v;
}

DetectedFace faceOf(int person, int n)
{
    DetectedFace f = test::fakeFace(1);
    f.embedding = mix(test::unitVector(quint32(1000 + person)), 0.8f, test::unitVector(quint32(5000 + person * 100 + n)));
    return f;
}

std::set<std::set<qint64>> asSets(const std::vector<FaceCluster>& clusters)
{
    std::set<std::set<qint64>> out;
    for (const FaceCluster& c : clusters)
        out.insert(std::set<qint64>(c.faces.begin(), c.faces.end()));
    return out;
}

} // namespace

class TestFaceClusterer : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Library> m_library;
    std::vector<std::vector<qint64>> m_person; // face ids of each synthetic person

    std::vector<FaceCluster> recluster()
    {
        auto clusters = FaceClusterer::recluster(*m_library, QStringLiteral("m"), {});
        if (!clusters)
            qWarning("%s", qPrintable(clusters.error()));
        return clusters ? *clusters : std::vector<FaceCluster>{};
    }

    // The user says persons 1 and 2 are one: the first face is the same as every other.
    void mergePersons1And2(LabelEditor& editor)
    {
        std::vector<std::pair<qint64, qint64>> pairs;
        for (int p : {1, 2})
            for (qint64 id : m_person[size_t(p)])
                pairs.push_back({m_person[1][0], id});
        QVERIFY(editor.decideMany(pairs, 1, QStringLiteral("Merge")));
    }

private slots:
    void init()
    {
        m_library.reset();
        QFile::remove(m_dir.filePath(QStringLiteral("lib.db")));
        auto lib = Library::open(m_dir.filePath(QStringLiteral("lib.db")), Library::Mode::OpenOrCreate);
        QVERIFY(lib);
        m_library = std::move(*lib);
        auto root = m_library->ensureRoot(m_dir.filePath(QStringLiteral("photos")), false, true);
        QVERIFY(root);
        std::vector<ImageResult> results;
        // Person 0 has the most faces, so it is "Unnamed person 1".
        for (int p = 0; p < kPeople; ++p)
            for (int n = 0; n < kFacesEach - p; ++n) {
                ImageResult r = test::fakeImage(m_dir.filePath(QStringLiteral("photos/%1_%2.jpg").arg(p).arg(n)), 0,
                                                quint32(p * 100 + n));
                r.faces.push_back(faceOf(p, n));
                results.push_back(r);
            }
        QVERIFY(m_library->storeResults(*root, results, QStringLiteral("m"), 512));
        m_person.assign(kPeople, {});
        int i = 0;
        for (const FaceRecord& f : m_library->allFaces()) {
            const int p = QFileInfo(f.path).fileName().section(QLatin1Char('_'), 0, 0).toInt();
            m_person[size_t(p)].push_back(f.id);
            ++i;
        }
        QCOMPARE(i, 6 + 5 + 4);
    }

    void findsEachPersonLargestFirst()
    {
        const auto clusters = recluster();
        QCOMPARE(clusters.size(), size_t(kPeople));
        for (int p = 0; p < kPeople; ++p) {
            QCOMPARE(clusters[size_t(p)].number, p + 1);
            QCOMPARE(clusters[size_t(p)].faces, m_person[size_t(p)]);
        }
        QCOMPARE(asSets(FaceClusterer::stored(*m_library)), asSets(clusters));
        int seen = 0;
        m_library->forEachFace([&](const FaceRecord& f) {
            ++seen;
            QVERIFY(f.cluster >= 1 && f.cluster <= kPeople);
        });
        QCOMPARE(seen, 15);
    }

    void reportsProgressAndCanBeCancelled()
    {
        std::vector<double> seen;
        FaceClusterer::Options options;
        options.progress = [&seen](double f) { seen.push_back(f); };
        QVERIFY(FaceClusterer::recluster(*m_library, QStringLiteral("m"), options));
        QVERIFY(seen.size() >= 3);
        QCOMPARE(seen.front(), 0.0);
        QCOMPARE(seen.back(), 1.0);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));

        // Cancelled: an error, and the people found before stay as they were.
        const auto before = FaceClusterer::stored(*m_library);
        std::atomic_bool cancel{true};
        options.cancel = &cancel;
        options.progress = {};
        QVERIFY(!FaceClusterer::recluster(*m_library, QStringLiteral("m"), options));
        QCOMPARE(asSets(FaceClusterer::stored(*m_library)), asSets(before));
    }

    void namedFacesAreNeverClusteredAgain()
    {
        recluster();
        LabelEditor editor(*m_library);
        QVERIFY(editor.relabel(m_person[1], QStringLiteral("Ann"), {}));
        const auto clusters = recluster();
        QCOMPARE(clusters.size(), size_t(2));
        for (const FaceCluster& c : clusters)
            for (qint64 id : m_person[1])
                QVERIFY(std::find(c.faces.begin(), c.faces.end(), id) == c.faces.end());
    }

    void aMergeSurvivesReclusteringAndUndo()
    {
        LabelEditor editor(*m_library);
        mergePersons1And2(editor);
        auto clusters = recluster();
        QCOMPARE(clusters.size(), size_t(2));
        QCOMPARE(clusters[0].faces.size(), size_t(9)); // 5 + 4, now the largest
        QVERIFY(editor.undo(1));
        clusters = recluster();
        QCOMPARE(clusters.size(), size_t(3));
    }

    void aSplitSurvivesReclustering()
    {
        LabelEditor editor(*m_library);
        // Two faces of person 0 are "not this person": different from every other face of it.
        const std::vector<qint64> off(m_person[0].begin(), m_person[0].begin() + 2);
        std::vector<std::pair<qint64, qint64>> pairs;
        for (qint64 a : off)
            for (auto it = m_person[0].begin() + 2; it != m_person[0].end(); ++it)
                pairs.push_back({a, *it});
        QVERIFY(editor.decideMany(pairs, 0, QStringLiteral("Split")));
        const auto clusters = recluster();
        const auto sets = asSets(clusters);
        QVERIFY(sets.count(std::set<qint64>(off.begin(), off.end())));
        QVERIFY(sets.count(std::set<qint64>(m_person[0].begin() + 2, m_person[0].end())));
        QCOMPARE(clusters.size(), size_t(kPeople + 1));
    }

    void aMergeHoldsWhenItsAnchorIsNamedLater()
    {
        LabelEditor editor(*m_library);
        mergePersons1And2(editor);
        // The face every "same" decision points at gets a name: the others stay one person.
        QVERIFY(editor.relabel({m_person[1][0]}, QStringLiteral("Ann"), {}));
        const auto clusters = recluster();
        std::set<qint64> expected(m_person[1].begin() + 1, m_person[1].end());
        expected.insert(m_person[2].begin(), m_person[2].end());
        QVERIFY(asSets(clusters).count(expected));
    }

    void aSplitRecordedAgainstPartOfThePersonMovesOnlyTheSplitFaces()
    {
        // A person whose two oldest faces (lowest ids) look a little different from the rest.
        m_library.reset();
        QTemporaryDir dir;
        auto lib = Library::open(dir.filePath(QStringLiteral("split.db")), Library::Mode::OpenOrCreate);
        QVERIFY(lib);
        auto root = (*lib)->ensureRoot(dir.filePath(QStringLiteral("photos")), false, true);
        const std::vector<float> centre = test::unitVector(77), aside = mix(centre, 0.9f, test::unitVector(78));
        std::vector<ImageResult> results;
        for (int n = 0; n < 8; ++n) {
            ImageResult r = test::fakeImage(dir.filePath(QStringLiteral("photos/%1.jpg").arg(n)), 0, quint32(n + 1));
            DetectedFace f = test::fakeFace(1);
            f.embedding = mix(n < 2 ? aside : centre, 0.45f, test::unitVector(quint32(900 + n)));
            r.faces.push_back(f);
            results.push_back(r);
        }
        QVERIFY((*lib)->storeResults(*root, results, QStringLiteral("m"), 512));
        std::vector<qint64> ids;
        for (const FaceRecord& f : (*lib)->allFaces())
            ids.push_back(f.id);
        auto before = FaceClusterer::recluster(**lib, QStringLiteral("m"), {});
        QVERIFY(before);
        QCOMPARE(before->size(), size_t(1)); // one person at first
        // Split the two off, with "different" recorded against one face of the rest only (as
        // a split of a very large person samples the rest).
        QVERIFY(LabelEditor(**lib).decideMany({{ids[0], ids[7]}, {ids[1], ids[7]}}, 0, QStringLiteral("Split")));
        auto after = FaceClusterer::recluster(**lib, QStringLiteral("m"), {});
        QVERIFY(after);
        const auto sets = asSets(*after);
        QVERIFY(sets.count({ids[0], ids[1]}));
        QVERIFY(sets.count(std::set<qint64>(ids.begin() + 2, ids.end())));
    }

    void suggestionsOfferANamedPersonUnlessRejected()
    {
        LabelEditor editor(*m_library);
        // Name three of person 0's six faces; the other three are suggested as Ann.
        const std::vector<qint64> named(m_person[0].begin(), m_person[0].begin() + 3);
        QVERIFY(editor.relabel(named, QStringLiteral("Ann"), {}));
        auto suggestions = FaceClusterer::suggestions(*m_library, QStringLiteral("m"), 0.45f);
        QVERIFY2(suggestions, qPrintable(suggestions.error()));
        std::set<qint64> suggested;
        for (const LabelSuggestion& s : *suggestions) {
            QCOMPARE(s.label, QStringLiteral("Ann"));
            suggested.insert(s.face);
        }
        QCOMPARE(suggested, std::set<qint64>(m_person[0].begin() + 3, m_person[0].end()));
        for (size_t i = 1; i < suggestions->size(); ++i)
            QVERIFY((*suggestions)[i - 1].similarity >= (*suggestions)[i].similarity);

        // The user rejects one: "not Ann" is a decision against one of Ann's faces.
        const qint64 rejected = m_person[0][3];
        QVERIFY(editor.decide(rejected, named[0], 0));
        suggestions = FaceClusterer::suggestions(*m_library, QStringLiteral("m"), 0.45f);
        QVERIFY(suggestions);
        QCOMPARE(suggestions->size(), size_t(2));
        for (const LabelSuggestion& s : *suggestions)
            QVERIFY(s.face != rejected);
    }
};

QTEST_GUILESS_MAIN(TestFaceClusterer)
#include "tst_faceclusterer.moc"
