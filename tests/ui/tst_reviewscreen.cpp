// The review screen (DuplicateReview) driven with its keys on real photos: faces/bbt people
// indexed with the real models from their subfolders, with one of Sheldon's photos planted in
// Penny's folder. The planted photo comes first; B files it under sheldon and moves it into
// sheldon/ (under a free name: Sheldon's folder has a file of that name); Ctrl+Z puts it back;
// D records "different people" and the pair never comes back; the threshold filters live.
//
// With LOOKALIKE_REVIEW_LIBRARY and LOOKALIKE_REVIEW_SCREENSHOT set, screenshot() opens that
// library and saves a picture of the screen (used for docs/screenshot-review.png).
#include "duplicatereview.h"
#include "library.h"
#include "reviewcontroller.h"
#include "reviewfacepanel.h"
#include "reviewpairview.h"
#include "thumbnailcache.h"
#include "uitestsupport.h"
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike;
using namespace lookalike::ui;

class TestReviewScreen : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_root;
    QString m_db;
    QString m_planted;

    QString path(const QString& relative) const { return m_root + QLatin1Char('/') + relative; }

    std::optional<FaceRecord> faceAt(const QString& photo)
    {
        auto library = Library::open(m_db, Library::Mode::ReadOnly);
        for (const FaceRecord& f : (*library)->allFaces())
            if (f.path == photo)
                return f;
        return std::nullopt;
    }

    void showAndWait(DuplicateReview& review)
    {
        review.resize(1280, 820);
        review.show();
        QVERIFY(QTest::qWaitForWindowActive(&review));
        QTRY_VERIFY_WITH_TIMEOUT(review.isIdle(), 60000);
        review.pairView()->setFocus();
    }

    // The keys go where a person's would: to the widget with focus.
    static void press(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QWidget* target = QApplication::focusWidget();
        QVERIFY(target);
        QTest::keyClick(target, key, modifiers);
    }

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsSet("LOOKALIKE_REVIEW_SCREENSHOT"))
            return; // only the screenshot, on the library named there
        REQUIRE_TEST_DATA("faces/bbt/sheldon");
        REQUIRE_MODELS(registry);
        m_root = QFileInfo(m_dir.filePath(QStringLiteral("people"))).absoluteFilePath();
        m_db = m_dir.filePath(QStringLiteral("people.db"));
        QVERIFY(test::copyBbtPeople(m_root, {QStringLiteral("sheldon"), QStringLiteral("penny"),
                                             QStringLiteral("leonard"), QStringLiteral("howard"),
                                             QStringLiteral("raj")}));
        m_planted = path(QStringLiteral("penny/sheldon1.png"));
        QVERIFY(QFile::copy(path(QStringLiteral("sheldon/sheldon1.png")), m_planted));
        QVERIFY(test::indexWithRealModels(*registry, m_db, m_root));
        QCOMPARE(faceAt(m_planted)->label, QStringLiteral("penny"));
    }

    void bFilesThePlantedPhotoUnderSheldonAndCtrlZPutsItBack()
    {
        if (m_db.isEmpty())
            QSKIP("screenshot run");
        test::ScriptedSink sink;
        DuplicateReview review(m_db, nullptr, sink);
        QSignalSpy changed(&review, &DuplicateReview::libraryChanged);
        showAndWait(review);
        const ReviewItem* first = review.controller()->model()->current();
        QVERIFY(first);
        QCOMPARE(first->suspect.path, m_planted);
        QCOMPARE(first->evidence.label, QStringLiteral("sheldon"));
        QCOMPARE(review.progressText().section(QLatin1Char(' '), 0, 1), QStringLiteral("1 of"));
        QVERIFY2(review.pairView()->panelA()->headerText().contains(QStringLiteral("penny")),
                 qPrintable(review.pairView()->panelA()->headerText()));
        QVERIFY(review.pairView()->panelB()->headerText().contains(QStringLiteral("faces")));
        QVERIFY(review.pairView()->isShowingPictures());

        press(Qt::Key_B); // both are Sheldon
        const QString moved = path(QStringLiteral("sheldon/sheldon1 (2).png"));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(moved), 30000);
        QTRY_VERIFY(review.isIdle());
        QVERIFY(!QFileInfo::exists(m_planted));
        QCOMPARE(faceAt(moved)->label, QStringLiteral("sheldon"));
        QVERIFY(!faceAt(m_planted));
        QCOMPARE(changed.count(), 1);
        QVERIFY2(review.statusText().contains(QStringLiteral("to sheldon/")),
                 qPrintable(review.statusText()));
        QVERIFY2(
            review.statusText().contains(QStringLiteral("saved as \u201csheldon1 (2).png\u201d")),
            qPrintable(review.statusText()));
        QVERIFY(review.statusText().contains(QStringLiteral("Ctrl+Z")));
        // Resolved, the planted photo leaves no conflict behind: its other items are gone.
        QCOMPARE(review.controller()->model()->reviewedCount(), 1);
        QCOMPARE(review.controller()->model()->currentRow(), 1);
        QVERIFY2(review.progressText() == QStringLiteral("All 1 reviewed") ||
                     review.progressText().startsWith(QStringLiteral("2 of")),
                 qPrintable(review.progressText()));

        press(Qt::Key_Z, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(m_planted), 30000);
        QTRY_VERIFY(review.isIdle());
        QVERIFY(!QFileInfo::exists(moved));
        QCOMPARE(faceAt(m_planted)->label, QStringLiteral("penny"));
        QCOMPARE(changed.count(), 2);
        QCOMPARE(review.controller()->model()->current()->suspect.path, m_planted);
        QCOMPARE(review.progressText().section(QLatin1Char(' '), 0, 1), QStringLiteral("1 of"));
        QVERIFY2(review.statusText().contains(QStringLiteral("moved back")),
                 qPrintable(review.statusText()));
    }

    void skipKeysStepThroughTheQueue()
    {
        if (m_db.isEmpty())
            QSKIP("screenshot run");
        test::ScriptedSink sink;
        DuplicateReview review(m_db, nullptr, sink);
        showAndWait(review);
        QVERIFY(review.controller()->model()->rowCount() >= 3);
        press(Qt::Key_S);
        QCOMPARE(review.controller()->model()->currentRow(), 1);
        press(Qt::Key_Space);
        QCOMPARE(review.controller()->model()->currentRow(), 2);
        press(Qt::Key_Z, Qt::ControlModifier);
        press(Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(review.controller()->model()->currentRow(), 0);
        QCOMPARE(review.controller()->model()->current()->suspect.path, m_planted);
    }

    void thresholdFiltersTheCachedQueueLive()
    {
        if (m_db.isEmpty())
            QSKIP("screenshot run");
        test::ScriptedSink sink;
        DuplicateReview review(m_db, nullptr, sink);
        showAndWait(review);
        const ReviewQueueModel* model = review.controller()->model();
        review.thresholdSlider()->setValue(review.thresholdSlider()->minimum());
        const int all = model->pendingCount();
        QVERIFY(review.countText().startsWith(QString::number(all) + QLatin1Char(' ')));
        review.thresholdSlider()->setValue(99);
        QVERIFY(!review.controller()->isBusy()); // filtered, not searched again
        QCOMPARE(review.thresholdBox()->value(), 0.99);
        QVERIFY(model->pendingCount() < all);
        QCOMPARE(model->pendingCount(), model->countAt(0.99f));
        QVERIFY2(review.countText().contains(QStringLiteral("0.99")),
                 qPrintable(review.countText()));
        QVERIFY(model->current());
        QCOMPARE(model->current()->suspect.path, m_planted); // an exact copy: similarity 1
        review.thresholdBox()->setValue(0.5);
        QCOMPARE(review.thresholdSlider()->value(), 50);
        QCOMPARE(model->pendingCount(), model->countAt(0.5f));
    }

    void sameTwiceModeFindsTheCopy()
    {
        if (m_db.isEmpty())
            QSKIP("screenshot run");
        test::ScriptedSink sink;
        DuplicateReview review(m_db, nullptr, sink);
        showAndWait(review);
        review.modeBox()->setCurrentIndex(review.modeBox()->findData(int(ReviewKind::SamePhoto)));
        QTRY_VERIFY_WITH_TIMEOUT(
            review.isIdle() && review.controller()->kind() == ReviewKind::SamePhoto, 60000);
        const ReviewItem* item = review.controller()->model()->current();
        QVERIFY(item);
        const QSet<QString> paths{item->suspect.path, item->evidence.path};
        QCOMPARE(paths, (QSet<QString>{m_planted, path(QStringLiteral("sheldon/sheldon1.png"))}));
    }

    void dMarksDifferentPeopleForGood()
    {
        if (m_db.isEmpty())
            QSKIP("screenshot run");
        test::ScriptedSink sink;
        ReviewQueueModel::Key key;
        {
            DuplicateReview review(m_db, nullptr, sink);
            showAndWait(review);
            review.controller()->jumpTo(1); // a real conflict, not the planted copy
            key = ReviewQueueModel::keyOf(*review.controller()->model()->current());
            press(Qt::Key_D);
            QTRY_VERIFY_WITH_TIMEOUT(review.isIdle() && review.controller()->canUndo(), 30000);
            QVERIFY2(review.statusText().contains(QStringLiteral("not be shown again")),
                     qPrintable(review.statusText()));
        }
        DuplicateReview again(m_db, nullptr, sink);
        showAndWait(again);
        again.thresholdSlider()->setValue(again.thresholdSlider()->minimum());
        QVERIFY(again.controller()->model()->rowCount() > 0);
        for (const ReviewItem& item : again.controller()->model()->pendingItems())
            QVERIFY(ReviewQueueModel::keyOf(item) != key);
        QCOMPARE(sink.errors(), 0);
    }

    void openRaisesTheWindowAlreadyOpen()
    {
        if (m_db.isEmpty())
            QSKIP("screenshot run");
        test::ScriptedSink sink;
        QWidget window;
        DuplicateReview* review = DuplicateReview::open(&window, m_db, nullptr, sink, 0.28);
        QVERIFY(review->isWindow());
        QVERIFY(review->testAttribute(Qt::WA_DeleteOnClose));
        QCOMPARE(review->thresholdBox()->value(), 0.28);
        QCOMPARE(DuplicateReview::open(&window, m_db, nullptr, sink, 0.28), review);
        QTRY_VERIFY_WITH_TIMEOUT(review->isIdle(), 60000);
        QPointer<DuplicateReview> closed(review);
        review->close();
        QTRY_VERIFY(closed.isNull());
    }

    void screenshot()
    {
        const QString library = qEnvironmentVariable("LOOKALIKE_REVIEW_LIBRARY");
        const QString out = qEnvironmentVariable("LOOKALIKE_REVIEW_SCREENSHOT");
        if (library.isEmpty() || out.isEmpty())
            QSKIP("set LOOKALIKE_REVIEW_LIBRARY and LOOKALIKE_REVIEW_SCREENSHOT to take it");
        QTemporaryDir cache;
        ThumbnailCache::Options options;
        options.diskDir = cache.filePath(QStringLiteral("thumbnails"));
        ThumbnailCache thumbnails(options);
        thumbnails.setLibrary(library);
        test::ScriptedSink sink;
        DuplicateReview review(library, &thumbnails, sink);
        review.resize(1380, 860);
        review.show();
        review.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&review));
        QTRY_VERIFY_WITH_TIMEOUT(review.isIdle(), 120000);
        if (qEnvironmentVariableIsSet("LOOKALIKE_REVIEW_MODE")) { // 0, 1 or 2, as in the selector
            review.modeBox()->setCurrentIndex(
                qEnvironmentVariableIntValue("LOOKALIKE_REVIEW_MODE"));
            QTRY_VERIFY_WITH_TIMEOUT(review.isIdle(), 120000);
        }
        review.pairView()->setFocus();
        for (const QString& key : qEnvironmentVariable("LOOKALIKE_REVIEW_KEYS")
                                      .split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            QTest::keyClick(QApplication::focusWidget(), QKeySequence(key)[0].key(),
                            QKeySequence(key)[0].keyboardModifiers());
            QTRY_VERIFY_WITH_TIMEOUT(review.isIdle(), 120000);
        }
        QTRY_VERIFY_WITH_TIMEOUT(thumbnails.isIdle(), 60000);
        QTest::qWait(300); // let the last thumbnails paint
        QVERIFY(review.grab().save(out));
        qInfo("saved %s: %s", qPrintable(out), qPrintable(review.progressText()));
    }
};

QTEST_MAIN(TestReviewScreen)
#include "tst_reviewscreen.moc"
