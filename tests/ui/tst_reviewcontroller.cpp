// ReviewController on a small subfolder-labelled library with hand-made embeddings (no models):
// filing a face under the other label moves its photo and undo brings it back, photos holding
// other people are moved only when the user agrees, merging asks for a name prefilled with the
// larger label, "different people" is never shown again, and the exports write what is shown.
#include "database.h"
#include "labeleditor.h"
#include "library.h"
#include "reviewcontroller.h"
#include "uitestsupport.h"
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace lookalike;
using lookalike::ui::ReviewController;
using lookalike::ui::ReviewQueueModel;
using Action = ReviewController::Action;

namespace {

// A unit vector near axis `axis` of 4, nudged by `seed` so that faces are not identical.
std::vector<float> near(int axis, int seed)
{
    std::vector<float> v(4, 0.f);
    v[size_t(axis)] = 1.f;
    v[size_t((axis + 1) % 4)] = 0.03f * float(seed % 5);
    v[size_t((axis + 2) % 4)] = 0.02f * float(seed % 3);
    float norm = 0;
    for (float x : v)
        norm += x * x;
    for (float& x : v)
        x /= std::sqrt(norm);
    return v;
}

DetectedFace face(int axis, int seed, double x = 0.1, double side = 0.4)
{
    DetectedFace f;
    f.box = QRectF(x, 0.2, side, side);
    f.score = 0.9f;
    f.embedding = near(axis, seed);
    return f;
}

// Records the initial text of questions, which ScriptedSink does not.
class Sink : public test::ScriptedSink {
public:
    QStringList initials;
    std::optional<QString> askText(const QString& title, const QString& label,
                                   const QString& initial, const QStringList& suggestions) override
    {
        initials << initial;
        return ScriptedSink::askText(title, label, initial, suggestions);
    }
};

} // namespace

class TestReviewController : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_root;
    QString m_db;

    QString path(const QString& relative) const { return m_root + QLatin1Char('/') + relative; }

    // ann/1-3 (axis 0), bob/1-3 (axis 1), bob/ann4.jpg (Ann's face filed under bob), cal/1-2
    // (axis 2) and cal/group.jpg: a bigger face of Bob filed under cal and a smaller one of
    // Dan (axis 3), labelled dan.
    void makeLibrary()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_root = m_dir->filePath(QStringLiteral("people"));
        m_db = m_dir->filePath(QStringLiteral("people.db"));
        auto library = Library::open(m_db, Library::Mode::OpenOrCreate);
        QVERIFY(library);
        auto root = (*library)->ensureRoot(m_root, true, true);
        QVERIFY(root);
        std::vector<ImageResult> results;
        int seed = 0;
        auto add = [&](const QString& rel, std::vector<DetectedFace> faces) {
            QDir().mkpath(QFileInfo(path(rel)).absolutePath());
            QFile file(path(rel));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(rel.toUtf8());
            ImageResult r;
            r.path = path(rel);
            r.size = rel.size();
            r.mtimeMs = 1700000000000 + seed;
            r.hash = QStringLiteral("hash%1").arg(seed++);
            r.width = r.height = 100;
            r.format = QStringLiteral("jpeg");
            r.label = rel.section(QLatin1Char('/'), 0, 0);
            r.faces = std::move(faces);
            results.push_back(std::move(r));
        };
        for (int i = 1; i <= 3; ++i) {
            add(QStringLiteral("ann/%1.jpg").arg(i), {face(0, i)});
            add(QStringLiteral("bob/%1.jpg").arg(i), {face(1, i)});
        }
        add(QStringLiteral("bob/ann4.jpg"), {face(0, 4)});
        add(QStringLiteral("cal/1.jpg"), {face(2, 1)});
        add(QStringLiteral("cal/2.jpg"), {face(2, 2)});
        add(QStringLiteral("cal/3.jpg"), {face(2, 3)});
        add(QStringLiteral("cal/group.jpg"), {face(1, 4, 0.05, 0.5), face(3, 1, 0.6, 0.2)});
        QVERIFY((*library)->storeResults(*root, results, QStringLiteral("m"), 4));
        const auto group = facesOf(**library, QStringLiteral("cal/group.jpg"));
        QCOMPARE(group.size(), size_t(2));
        // A bystander named by the user, in a photo filed under cal.
        EditOptions keep;
        keep.moveFiles = false;
        QVERIFY(LabelEditor(**library).relabel({group[1].id}, QStringLiteral("dan"), keep));
    }

    std::vector<FaceRecord> facesOf(Library& library, const QString& rel)
    {
        std::vector<FaceRecord> out;
        for (const FaceRecord& f : library.allFaces())
            if (f.path == path(rel))
                out.push_back(f);
        return out;
    }

    QString labelOf(const QString& rel)
    {
        auto library = Library::open(m_db, Library::Mode::ReadOnly);
        const auto faces = facesOf(**library, rel);
        return faces.empty() ? QStringLiteral("<no such photo>") : faces.front().label;
    }

    // Makes the item whose suspect is the photo `rel` current.
    bool pick(ReviewController& review, const QString& rel)
    {
        for (int row = review.model()->currentRow(); row < review.model()->rowCount(); ++row)
            if (review.model()->itemAt(row)->suspect.path == path(rel)) {
                review.jumpTo(row);
                return review.model()->current()->suspect.path == path(rel);
            }
        return false;
    }

private slots:
    void init() { makeLibrary(); }

    void filingUnderTheOtherLabelMovesThePhotoAndUndoBringsItBack()
    {
        Sink sink;
        ReviewController review(m_db, sink);
        QSignalSpy changed(&review, &ReviewController::libraryChanged);
        QTRY_VERIFY(review.hasLoaded() && !review.isBusy());
        QVERIFY(review.canMoveFiles());
        QVERIFY(pick(review, QStringLiteral("bob/ann4.jpg")));
        QCOMPARE(review.model()->current()->evidence.label, QStringLiteral("ann"));

        review.act(Action::EvidenceLabel); // both are Ann
        QVERIFY(review.isBusy());
        QTRY_VERIFY(!review.isBusy());
        QVERIFY(QFileInfo::exists(path(QStringLiteral("ann/ann4.jpg"))));
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("bob/ann4.jpg"))));
        QCOMPARE(labelOf(QStringLiteral("ann/ann4.jpg")), QStringLiteral("ann"));
        QCOMPARE(changed.count(), 1);
        QVERIFY2(review.status().contains(QStringLiteral("Moved ann4.jpg to ann/")),
                 qPrintable(review.status()));
        QVERIFY(review.status().contains(QStringLiteral("Ctrl+Z")));
        QCOMPARE(review.model()->index(0).data(ReviewQueueModel::StateRole).toInt(),
                 int(ReviewQueueModel::Done));
        QCOMPARE(review.labelCount(QStringLiteral("ann")), 4);

        review.undo();
        QTRY_VERIFY(!review.isBusy());
        QVERIFY(QFileInfo::exists(path(QStringLiteral("bob/ann4.jpg"))));
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("ann/ann4.jpg"))));
        QCOMPARE(labelOf(QStringLiteral("bob/ann4.jpg")), QStringLiteral("bob"));
        QCOMPARE(changed.count(), 2);
        QCOMPARE(review.model()->current()->suspect.path, path(QStringLiteral("bob/ann4.jpg")));
        QVERIFY2(review.status().startsWith(QStringLiteral("Undone")), qPrintable(review.status()));
        QVERIFY(!review.canUndo());
    }

    void withoutMovingOnlyTheLabelChanges()
    {
        Sink sink;
        ReviewController review(m_db, sink);
        QTRY_VERIFY(review.hasLoaded() && !review.isBusy());
        review.setMoveFiles(false);
        QVERIFY(pick(review, QStringLiteral("bob/ann4.jpg")));
        review.act(Action::EvidenceLabel);
        QTRY_VERIFY(!review.isBusy());
        QVERIFY(QFileInfo::exists(path(QStringLiteral("bob/ann4.jpg"))));
        QCOMPARE(labelOf(QStringLiteral("bob/ann4.jpg")), QStringLiteral("ann"));
    }

    void photosWithOtherPeopleMoveOnlyWhenTheUserAgrees_data()
    {
        QTest::addColumn<bool>("agree");
        QTest::newRow("agrees") << true;
        QTest::newRow("declines") << false;
    }

    void photosWithOtherPeopleMoveOnlyWhenTheUserAgrees()
    {
        QFETCH(bool, agree);
        Sink sink;
        sink.confirmAnswers = {agree};
        ReviewController review(m_db, sink);
        QTRY_VERIFY(review.hasLoaded() && !review.isBusy());
        QVERIFY(pick(review, QStringLiteral("cal/group.jpg")));
        QCOMPARE(review.model()->current()->evidence.label, QStringLiteral("bob"));
        review.act(Action::EvidenceLabel);
        QTRY_VERIFY(!review.isBusy());
        QCOMPARE(sink.questions.size(), 1);
        QVERIFY2(sink.questions.front().contains(QStringLiteral("dan")),
                 qPrintable(sink.questions.front()));
        const QString moved = path(QStringLiteral("bob/group.jpg"));
        QCOMPARE(QFileInfo::exists(moved), agree);
        QCOMPARE(labelOf(agree ? QStringLiteral("bob/group.jpg") : QStringLiteral("cal/group.jpg")),
                 QStringLiteral("bob"));
        if (!agree)
            QVERIFY2(review.status().contains(QStringLiteral("1 photo left where it was")),
                     qPrintable(review.status()));

        review.undo(); // the label and the move are one step for the user
        QTRY_VERIFY(!review.isBusy());
        QVERIFY(QFileInfo::exists(path(QStringLiteral("cal/group.jpg"))));
        QCOMPARE(labelOf(QStringLiteral("cal/group.jpg")), QStringLiteral("cal"));
        QVERIFY(!review.canUndo());
    }

    void mergeAsksForANamePrefilledWithTheLargerLabel()
    {
        Sink sink;
        sink.textAnswers = {QStringLiteral("ann")};
        ReviewController review(m_db, sink);
        QTRY_VERIFY(review.hasLoaded() && !review.isBusy());
        QVERIFY(pick(review, QStringLiteral("bob/ann4.jpg")));
        review.act(Action::Merge);
        QCOMPARE(sink.initials, QStringList{QStringLiteral("bob")}); // bob: 4 faces, ann: 3
        QTRY_VERIFY(!review.isBusy());
        QCOMPARE(labelOf(QStringLiteral("ann/1.jpg")), QStringLiteral("ann"));
        QCOMPARE(labelOf(QStringLiteral("ann/ann4.jpg")), QStringLiteral("ann"));
        QVERIFY(QDir(path(QStringLiteral("bob"))).entryList(QDir::Files).isEmpty());
        QCOMPARE(review.labelCount(QStringLiteral("bob")), 0);
        QVERIFY2(review.status().startsWith(QStringLiteral("Merged bob into ann")),
                 qPrintable(review.status()));

        review.undo();
        QTRY_VERIFY(!review.isBusy());
        QCOMPARE(QDir(path(QStringLiteral("bob"))).entryList(QDir::Files).size(), 4);
        QCOMPARE(review.labelCount(QStringLiteral("bob")), 4);
    }

    void mergingUnderANewNameIsOneUndoStep()
    {
        Sink sink;
        sink.textAnswers = {QStringLiteral("ann and bob")};
        ReviewController review(m_db, sink);
        QTRY_VERIFY(review.hasLoaded() && !review.isBusy());
        QVERIFY(pick(review, QStringLiteral("bob/ann4.jpg")));
        review.act(Action::Merge);
        QTRY_VERIFY(!review.isBusy());
        QCOMPARE(review.labelCount(QStringLiteral("ann and bob")), 7);
        QCOMPARE(QDir(path(QStringLiteral("ann and bob"))).entryList(QDir::Files).size(), 7);
        review.undo();
        QTRY_VERIFY(!review.isBusy());
        QCOMPARE(review.labelCount(QStringLiteral("ann")), 3);
        QCOMPARE(review.labelCount(QStringLiteral("bob")), 4);
        QVERIFY(QFileInfo::exists(path(QStringLiteral("bob/ann4.jpg"))));
        QVERIFY(!review.canUndo());
    }

    void undoNeverRevertsAChangeMadeElsewhere()
    {
        Sink sink;
        ReviewController review(m_db, sink);
        QTRY_VERIFY(review.hasLoaded() && !review.isBusy());
        QVERIFY(pick(review, QStringLiteral("bob/ann4.jpg")));
        review.act(Action::EvidenceLabel);
        QTRY_VERIFY(!review.isBusy());
        { // the main window labels a face meanwhile
            auto library = Library::open(m_db, Library::Mode::OpenExisting);
            const qint64 id = facesOf(**library, QStringLiteral("cal/1.jpg")).front().id;
            EditOptions keep;
            keep.moveFiles = false;
            QVERIFY(LabelEditor(**library).relabel({id}, QStringLiteral("carl"), keep));
        }
        review.undo();
        QTRY_VERIFY(!review.isBusy());
        QCOMPARE(sink.shown.size(), size_t(1));
        QVERIFY2(sink.shown.front().text.contains(QStringLiteral("changed since")),
                 qPrintable(sink.shown.front().text));
        QCOMPARE(labelOf(QStringLiteral("cal/1.jpg")), QStringLiteral("carl"));
        QVERIFY(QFileInfo::exists(path(QStringLiteral("ann/ann4.jpg"))));
        QVERIFY(review.canUndo()); // still there, for after the other change is undone
    }

    void differentPeopleAreNeverShownAgain()
    {
        Sink sink;
        ReviewQueueModel::Key key;
        {
            ReviewController review(m_db, sink);
            QTRY_VERIFY(review.hasLoaded() && !review.isBusy());
            QVERIFY(pick(review, QStringLiteral("bob/ann4.jpg")));
            key = ReviewQueueModel::keyOf(*review.model()->current());
            review.act(Action::Different);
            QTRY_VERIFY(!review.isBusy());
            QVERIFY(QFileInfo::exists(path(QStringLiteral("bob/ann4.jpg"))));
        }
        ReviewController again(m_db, sink);
        QTRY_VERIFY(again.hasLoaded() && !again.isBusy());
        QVERIFY(again.model()->rowCount() > 0);
        for (const ReviewItem& item : again.model()->pendingItems())
            QVERIFY(ReviewQueueModel::keyOf(item) != key);
    }

    void skipAndUndoStepBackWithoutChangingTheLibrary()
    {
        Sink sink;
        ReviewController review(m_db, sink);
        QSignalSpy changed(&review, &ReviewController::libraryChanged);
        QTRY_VERIFY(review.hasLoaded() && !review.isBusy());
        const auto first = ReviewQueueModel::keyOf(*review.model()->current());
        review.act(Action::Skip);
        QCOMPARE(review.model()->currentRow(), 1);
        review.undo();
        QCOMPARE(review.model()->currentRow(), 0);
        QCOMPARE(ReviewQueueModel::keyOf(*review.model()->current()), first);
        QCOMPARE(changed.count(), 0);
    }

    void modesAndThresholdsChangeTheQueue()
    {
        Sink sink;
        ReviewController review(m_db, sink);
        QTRY_VERIFY(review.hasLoaded() && !review.isBusy());
        const int all = review.model()->pendingCount();
        review.setThreshold(1.0f);
        QVERIFY(review.model()->pendingCount() < all);
        review.setKind(ReviewKind::Outlier);
        QTRY_VERIFY(review.hasLoaded() && !review.isBusy());
        bool found = false;
        for (const ReviewItem& item : review.model()->pendingItems())
            found = found || item.suspect.path == path(QStringLiteral("bob/ann4.jpg"));
        QVERIFY(found);
    }

    void exportsWriteWhatIsShown()
    {
        Sink sink;
        ReviewController review(m_db, sink);
        QSignalSpy exported(&review, &ReviewController::exported);
        QTRY_VERIFY(review.hasLoaded() && !review.isBusy());
        QVERIFY(pick(review, QStringLiteral("bob/ann4.jpg")));
        review.act(Action::Different);
        QTRY_VERIFY(!review.isBusy());

        const QString queue = m_dir->filePath(QStringLiteral("queue.csv"));
        review.exportQueue(queue, false);
        QTRY_COMPARE(exported.count(), 1);
        QFile csv(queue);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QCOMPARE(lines.front(), QByteArray("path_a,path_b,similarity,label_a,label_b"));
        QCOMPARE(lines.size() - 1, review.model()->pendingCount());

        const QString json = m_dir->filePath(QStringLiteral("queue.json"));
        review.exportQueue(json, true);
        const QString decisions = m_dir->filePath(QStringLiteral("decisions.csv"));
        review.exportDecisions(decisions, false);
        const QString labels = m_dir->filePath(QStringLiteral("labels.csv"));
        review.exportPhotoLabels(labels);
        QTRY_COMPARE(exported.count(), 4);
        QFile d(decisions);
        QVERIFY(d.open(QIODevice::ReadOnly));
        const QByteArray decided = d.readAll();
        QVERIFY2(decided.contains("ann4.jpg"), decided.constData());
        QFile l(labels);
        QVERIFY(l.open(QIODevice::ReadOnly));
        QVERIFY(l.readAll().contains("group.jpg"));
        QCOMPARE(sink.errors(), 0);
    }
};

QTEST_MAIN(TestReviewController)
#include "tst_reviewcontroller.moc"
