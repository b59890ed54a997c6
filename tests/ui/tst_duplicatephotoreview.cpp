// Review > Duplicate photos (DuplicatePhotoReview) driven with its keys on a small real
// library: photos from imagededup's test set, with an exact copy, a half-size PNG and a
// half-size JPEG made here, indexed photos-only with the CLI as a user would. The groups come
// largest first with PhotoKeeper's choice badged; K and the number keys change the keeper;
// Delete moves the others to the trash (a temporary XDG_DATA_HOME) and Ctrl+Z brings them
// back byte for byte; M moves them into a folder; N removes the group for good.
//
// With LOOKALIKE_PHOTOREVIEW_SCREENSHOT set, screenshot() makes a library of photos of places
// with copies and saves a picture of the window there (docs/screenshot-duplicate-photos.png);
// LOOKALIKE_PHOTOREVIEW_KEYS presses keys first ("Right,O").
#include "clirun.h"
#include "duplicatephotoreview.h"
#include "mainwindow.h"
#include "photocard.h"
#include "photogroupview.h"
#include "photolibrary.h"
#include "photooverlayview.h"
#include "photoreviewcontroller.h"
#include "photospage.h"
#include "uitestsupport.h"
#include "windowfixture.h"
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QDirIterator>
#include <QDoubleSpinBox>
#include <QMenuBar>
#include <QPointer>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike;
using namespace lookalike::ui;

namespace {

const char* const kBase = "images/imagededup/tests/data/base_images";

QByteArray bytesOf(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool setFileTime(const QString& path, const QDateTime& time)
{
    QFile f(path);
    return f.open(QIODevice::ReadWrite) && f.setFileTime(time, QFileDevice::FileModificationTime);
}

bool saveHalf(const QString& from, const QString& to, const char* format)
{
    const QImage image(from);
    return !image.isNull() &&
           image.scaled(image.size() / 2, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
               .save(to, format, 85);
}

// The files under `folder` (recursively) with exactly these bytes.
QStringList filesWithBytes(const QString& folder, const QByteArray& bytes)
{
    QStringList found;
    QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        if (bytesOf(file) == bytes)
            found << file;
    }
    return found;
}

QStringList fileNames(const PhotoReviewGroup* group)
{
    QStringList names;
    if (group)
        for (const PhotoFacts& f : group->photos)
            names << QFileInfo(f.path).fileName();
    return names;
}

} // namespace

class TestDuplicatePhotoReview : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_photos;
    QString m_library;
    QString m_trash;

    QString photo(const QString& name) const { return m_photos + QLatin1Char('/') + name; }

    static void showAndWait(DuplicatePhotoReview& review)
    {
        review.resize(1280, 820);
        review.show();
        review.activateWindow(); // Xvfb has no window manager to do it
        QVERIFY(QTest::qWaitForWindowActive(&review));
        QTRY_VERIFY_WITH_TIMEOUT(review.isIdle(), 60000);
        review.groupView()->setFocus();
    }

    // The keys go where a person's would: to the widget with focus.
    static void press(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QWidget* target = QApplication::focusWidget();
        QVERIFY(target);
        QTest::keyClick(target, key, modifiers);
    }

    static QString keeperName(const DuplicatePhotoReview& review)
    {
        const PhotoReviewController* c = review.controller();
        const int index = c->model()->keeperIndex(c->currentRow());
        return QFileInfo(c->current()->photos[size_t(index)].path).fileName();
    }

private slots:
    void init()
    {
        if (m_library.isEmpty() && QTest::currentTestFunction() != QByteArray("screenshot"))
            QSKIP("screenshot run");
    }

    void initTestCase()
    {
        if (qEnvironmentVariableIsSet("LOOKALIKE_PHOTOREVIEW_SCREENSHOT"))
            return; // only the screenshot, on a library of its own
        REQUIRE_TEST_DATA(kBase);
        QVERIFY(m_dir.isValid());
        // The desktop trash of this test: $XDG_DATA_HOME/Trash, on the photos' volume.
        qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toUtf8());
        m_trash = m_dir.filePath(QStringLiteral("data/Trash"));
        m_photos = QFileInfo(m_dir.filePath(QStringLiteral("photos"))).absoluteFilePath();
        m_library = m_dir.filePath(QStringLiteral("photos.lookalike"));
        QVERIFY(QDir().mkpath(m_photos));
        const QString base = test::dataPath(QString::fromLatin1(kBase));
        // a.jpg, its exact copy (newer: the original is kept) and a half-size PNG.
        QVERIFY(QFile::copy(base + QStringLiteral("/ukbench00120.jpg"), photo("a.jpg")));
        QVERIFY(QFile::copy(base + QStringLiteral("/ukbench00120.jpg"), photo("a copy.jpg")));
        QVERIFY(saveHalf(photo("a.jpg"), photo("a-half.png"), "PNG"));
        const QDateTime now = QDateTime::currentDateTime();
        QVERIFY(setFileTime(photo("a.jpg"), now.addDays(-2)));
        QVERIFY(setFileTime(photo("a copy.jpg"), now.addDays(-1)));
        // b.jpg and a half-size JPEG of it.
        QVERIFY(QFile::copy(base + QStringLiteral("/ukbench09380.jpg"), photo("b.jpg")));
        QVERIFY(saveHalf(photo("b.jpg"), photo("b-small.jpg"), "JPG"));
        // Photos of other things: in no group.
        for (const char* name : {"ukbench01380.jpg", "ukbench08976.jpg", "ukbench09012.jpg"})
            QVERIFY(QFile::copy(base + QLatin1Char('/') + QLatin1String(name),
                                photo(QLatin1String(name))));
        const test::Run run = test::cli(
            {QStringLiteral("index"), m_library, m_photos, QStringLiteral("--photos-only")});
        QVERIFY2(run.code == 0, run.err.constData());
        QCOMPARE(run.json().value(QStringLiteral("photos_described")).toInt(), 8);
    }

    void groupsComeLargestFirstWithTheKeeperBadged()
    {
        test::ScriptedSink sink;
        DuplicatePhotoReview review(m_library, QString(), sink);
        QAbstractItemModelTester tester(review.controller()->model());
        showAndWait(review);
        const PhotoGroupModel* model = review.controller()->model();
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(fileNames(model->group(0)),
                 QStringList({"a.jpg", "a copy.jpg", "a-half.png"})); // the keeper first
        QCOMPARE(fileNames(model->group(1)), QStringList({"b.jpg", "b-small.jpg"}));
        QCOMPARE(review.controller()->currentRow(), 0);
        QCOMPARE(keeperName(review), QStringLiteral("a.jpg"));
        QVERIFY2(
            review.countText().startsWith(QStringLiteral("2 groups · 5 photos · 3 to set aside")),
            qPrintable(review.countText()));
        // The photos side by side, the keeper badged, with their facts.
        PhotoGroupView* view = review.groupView();
        QCOMPARE(view->photoCount(), 3);
        QVERIFY(view->card(0)->isKeeper());
        QVERIFY(!view->card(1)->isKeeper() && !view->card(2)->isKeeper());
        const QImage a(photo("a.jpg"));
        QVERIFY2(view->card(0)->factsText().contains(
                     QStringLiteral("%1 × %2").arg(a.width()).arg(a.height())),
                 qPrintable(view->card(0)->factsText()));
        QVERIFY(view->card(0)->factsText().contains(QStringLiteral("JPEG")));
        QVERIFY(view->card(2)->factsText().contains(QStringLiteral("PNG")));
        QVERIFY(view->card(2)->factsText().contains(photo("a-half.png")));
        QVERIFY(view->card(0)->hasPicture());
        // The list shows each group's keeper, loaded off the GUI thread.
        QTRY_VERIFY_WITH_TIMEOUT(
            !model->index(0).data(Qt::DecorationRole).value<QPixmap>().isNull(), 30000);
        QVERIFY(model->index(1)
                    .data(Qt::DisplayRole)
                    .toString()
                    .startsWith(QStringLiteral("2 photos")));
        // a.jpg and "a copy.jpg" have the same bytes; b-small.jpg is only near b.jpg.
        QVERIFY(review.explanationText().contains(QStringLiteral("Some are exact copies")));
        press(Qt::Key_Down);
        QVERIFY(!review.explanationText().contains(QStringLiteral("exact")));
        QCOMPARE(sink.shown.size(), size_t(0));
    }

    void lookAlikesJoinAboveTheirThreshold()
    {
        test::ScriptedSink sink;
        DuplicatePhotoReview review(m_library, QString(), sink);
        showAndWait(review);
        const PhotoGroupModel* model = review.controller()->model();
        QCOMPARE(model->rowCount(), 2);
        QVERIFY(!review.thresholdBox()->isEnabled());
        review.similarBox()->setChecked(true);
        QVERIFY(review.thresholdBox()->isEnabled());
        review.thresholdBox()->setValue(0.7);
        QTRY_VERIFY_WITH_TIMEOUT(review.isIdle() && model->rowCount() == 3, 30000);
        QCOMPARE(review.controller()->similarThreshold(), 0.7f);
        // Two photos of other things that look alike at 0.7 (not at 0.8): the smallest group.
        const PhotoReviewGroup* alike = model->group(2);
        QCOMPARE(alike->group.kind, PhotoMatchKind::Similar);
        QStringList names = fileNames(alike);
        names.sort();
        QCOMPARE(names, QStringList({"ukbench01380.jpg", "ukbench08976.jpg"}));
        QVERIFY(model->index(2).data().toString().contains(QStringLiteral("look alike")));
        review.similarBox()->setChecked(false);
        QTRY_VERIFY_WITH_TIMEOUT(review.isIdle() && model->rowCount() == 2, 30000);
    }

    void keeperChangesWithItsKey()
    {
        test::ScriptedSink sink;
        DuplicatePhotoReview review(m_library, QString(), sink);
        showAndWait(review);
        PhotoGroupView* view = review.groupView();
        QCOMPARE(view->selectedIndex(), 0);
        press(Qt::Key_Right);
        press(Qt::Key_Right);
        QCOMPARE(view->selectedIndex(), 2);
        QVERIFY(view->card(2)->isSelected());
        press(Qt::Key_K);
        QCOMPARE(keeperName(review), QStringLiteral("a-half.png"));
        QVERIFY(view->card(2)->isKeeper());
        QVERIFY(!view->card(0)->isKeeper());
        QCOMPARE(review.controller()->model()->others(0).size(), size_t(2));
        press(Qt::Key_2);
        QCOMPARE(keeperName(review), QStringLiteral("a copy.jpg"));
        QCOMPARE(view->selectedIndex(), 1);
        // Another group and back: the choice stays.
        press(Qt::Key_Down);
        QCOMPARE(review.controller()->currentRow(), 1);
        QCOMPARE(keeperName(review), QStringLiteral("b.jpg"));
        QCOMPARE(view->photoCount(), 2);
        press(Qt::Key_Up);
        QCOMPARE(review.controller()->currentRow(), 0);
        QCOMPARE(keeperName(review), QStringLiteral("a copy.jpg"));
        press(Qt::Key_1);
        QCOMPARE(keeperName(review), QStringLiteral("a.jpg"));
    }

    void overlayLaysTheSelectedPhotoOverTheKeeper()
    {
        test::ScriptedSink sink;
        DuplicatePhotoReview review(m_library, QString(), sink);
        showAndWait(review);
        PhotoGroupView* view = review.groupView();
        press(Qt::Key_Left); // from the keeper, a.jpg, round to a-half.png
        QCOMPARE(view->selectedIndex(), 2);
        press(Qt::Key_O);
        QVERIFY(view->isOverlay());
        QTRY_VERIFY(view->overlay()->hasImages());
        QCOMPARE(view->overlayCaption(),
                 QStringLiteral("a.jpg (keep, slider left)  over  a-half.png (slider right)"));
        view->blendSlider()->setValue(100);
        QCOMPARE(view->overlay()->blend(), 1.0);
        press(Qt::Key_2); // another keeper: it goes under
        QCOMPARE(view->overlayCaption(),
                 QStringLiteral("a copy.jpg (keep, slider left)  over  a-half.png (slider right)"));
        press(Qt::Key_O);
        QVERIFY(!view->isOverlay());
    }

    void deleteTrashesTheOthersAndCtrlZBringsThemBack()
    {
        const QByteArray copyBytes = bytesOf(photo("a copy.jpg"));
        const QByteArray halfBytes = bytesOf(photo("a-half.png"));
        const QByteArray keptBytes = bytesOf(photo("a.jpg"));
        QVERIFY(!copyBytes.isEmpty() && !halfBytes.isEmpty());
        test::ScriptedSink sink;
        DuplicatePhotoReview review(m_library, QString(), sink);
        QSignalSpy changed(&review, &DuplicatePhotoReview::libraryChanged);
        showAndWait(review);
        QCOMPARE(keeperName(review), QStringLiteral("a.jpg"));

        press(Qt::Key_Delete);
        QTRY_VERIFY_WITH_TIMEOUT(review.isIdle() && review.controller()->canUndo(), 30000);
        QVERIFY(!QFileInfo::exists(photo("a copy.jpg")));
        QVERIFY(!QFileInfo::exists(photo("a-half.png")));
        QCOMPARE(bytesOf(photo("a.jpg")), keptBytes);
        QCOMPARE(filesWithBytes(m_trash, copyBytes).size(), 1);
        QCOMPARE(filesWithBytes(m_trash, halfBytes).size(), 1);
        QCOMPARE(changed.count(), 1);
        QVERIFY2(review.statusText().contains(
                     QStringLiteral("2 photos moved to the trash; Ctrl+Z puts them back")),
                 qPrintable(review.statusText()));
        const PhotoGroupModel* model = review.controller()->model();
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(fileNames(model->group(0)), QStringList({"b.jpg", "b-small.jpg"}));
        QCOMPARE(review.controller()->currentRow(), 0);

        press(Qt::Key_Z, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(review.isIdle() && !review.controller()->canUndo(), 30000);
        QCOMPARE(bytesOf(photo("a copy.jpg")), copyBytes);
        QCOMPARE(bytesOf(photo("a-half.png")), halfBytes);
        QCOMPARE(filesWithBytes(m_trash + QStringLiteral("/files"), copyBytes).size(), 0);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(fileNames(review.controller()->current()),
                 QStringList({"a.jpg", "a copy.jpg", "a-half.png"}));
        QVERIFY2(review.statusText().startsWith(QStringLiteral("Undone")),
                 qPrintable(review.statusText()));
        QCOMPARE(sink.errors(), 0);
    }

    void mMovesTheOthersIntoAFolder()
    {
        const QString folder = m_dir.filePath(QStringLiteral("set aside"));
        const QByteArray smallBytes = bytesOf(photo("b-small.jpg"));
        test::ScriptedSink sink;
        sink.fileAnswers.push_back(folder);
        DuplicatePhotoReview review(m_library, QString(), sink);
        showAndWait(review);
        QVERIFY2(fileNames(review.controller()->model()->group(1)) ==
                     QStringList({"b.jpg", "b-small.jpg"}),
                 qPrintable(fileNames(review.controller()->model()->group(0)).join(',') + " / " +
                            fileNames(review.controller()->model()->group(1)).join(',')));
        press(Qt::Key_Down);
        QCOMPARE(keeperName(review), QStringLiteral("b.jpg"));
        press(Qt::Key_M);
        QTRY_VERIFY_WITH_TIMEOUT(review.isIdle() && review.controller()->canUndo(), 30000);
        QVERIFY(!QFileInfo::exists(photo("b-small.jpg")));
        QCOMPARE(bytesOf(folder + QStringLiteral("/b-small.jpg")), smallBytes);
        QCOMPARE(review.controller()->model()->rowCount(), 1);
        QVERIFY2(review.statusText().contains(QStringLiteral("1 photo moved to")) &&
                     review.statusText().contains(QStringLiteral("Ctrl+Z puts it back")),
                 qPrintable(review.statusText()));
        press(Qt::Key_Z, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(review.isIdle() && !review.controller()->canUndo(), 30000);
        QCOMPARE(bytesOf(photo("b-small.jpg")), smallBytes);
        QVERIFY(!QFileInfo::exists(folder + QStringLiteral("/b-small.jpg")));
        QCOMPARE(review.controller()->model()->rowCount(), 2);
        QCOMPARE(keeperName(review), QStringLiteral("b.jpg")); // back at the group acted on
        QCOMPARE(sink.errors(), 0);
    }

    void aFileThatCannotBeMovedIsNamedAndTheRestGoOn()
    {
        // An immutable file (chattr +i) cannot be moved, even by root.
        const QString stuck = photo("a copy.jpg");
        if (QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("+i"), stuck}) != 0)
            QSKIP("chattr +i is not available here");
        auto unstick = qScopeGuard([&] {
            QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("-i"), stuck});
        });
        const QByteArray halfBytes = bytesOf(photo("a-half.png"));
        test::ScriptedSink sink;
        DuplicatePhotoReview review(m_library, QString(), sink);
        showAndWait(review);
        QCOMPARE(keeperName(review), QStringLiteral("a.jpg"));
        press(Qt::Key_Delete);
        QTRY_VERIFY_WITH_TIMEOUT(review.isIdle() && review.controller()->canUndo(), 30000);
        QVERIFY(QFileInfo::exists(stuck));
        QVERIFY(!QFileInfo::exists(photo("a-half.png")));
        QCOMPARE(filesWithBytes(m_trash, halfBytes).size(), 1);
        QCOMPARE(sink.errors(), 1);
        QVERIFY2(sink.shown.back().text.contains(stuck), qPrintable(sink.shown.back().text));
        QVERIFY2(review.statusText().contains(QStringLiteral("1 photo moved to the trash")) &&
                     review.statusText().contains(QStringLiteral("1 photo could not be moved")),
                 qPrintable(review.statusText()));
        QCOMPARE(fileNames(review.controller()->current()), QStringList({"a.jpg", "a copy.jpg"}));
        unstick.dismiss();
        QCOMPARE(QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("-i"), stuck}), 0);
        press(Qt::Key_Z, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(review.isIdle() && !review.controller()->canUndo(), 30000);
        QCOMPARE(bytesOf(photo("a-half.png")), halfBytes);
        QCOMPARE(fileNames(review.controller()->current()),
                 QStringList({"a.jpg", "a copy.jpg", "a-half.png"}));
    }

    void aFolderThatCannotBeMadeIsAnError()
    {
        QFile file(m_dir.filePath(QStringLiteral("not a folder")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        test::ScriptedSink sink;
        sink.fileAnswers.push_back(file.fileName() + QStringLiteral("/inside"));
        DuplicatePhotoReview review(m_library, QString(), sink);
        showAndWait(review);
        press(Qt::Key_M);
        QTRY_VERIFY_WITH_TIMEOUT(review.isIdle() && !sink.shown.empty(), 30000);
        QCOMPARE(sink.errors(), 1);
        for (const char* name : {"a.jpg", "a copy.jpg", "a-half.png"})
            QVERIFY(QFileInfo::exists(photo(QLatin1String(name))));
        QCOMPARE(review.controller()->model()->rowCount(), 2);
        QCOMPARE(review.controller()->current()->photos.size(), size_t(3));
    }

    void nRemovesTheGroupForGood()
    {
        test::ScriptedSink sink;
        {
            DuplicatePhotoReview review(m_library, QString(), sink);
            showAndWait(review);
            press(Qt::Key_Down);
            QCOMPARE(fileNames(review.controller()->current()),
                     QStringList({"b.jpg", "b-small.jpg"}));
            press(Qt::Key_N);
            QTRY_VERIFY_WITH_TIMEOUT(review.isIdle() && review.controller()->canUndo(), 30000);
            QCOMPARE(review.controller()->model()->rowCount(), 1);
            QVERIFY(QFileInfo::exists(photo("b-small.jpg"))); // nothing moved
            QVERIFY2(review.statusText().contains(QStringLiteral("not duplicates")),
                     qPrintable(review.statusText()));
        }
        DuplicatePhotoReview again(m_library, QString(), sink);
        showAndWait(again);
        QCOMPARE(again.controller()->model()->rowCount(), 1);
        QCOMPARE(fileNames(again.controller()->current()),
                 QStringList({"a.jpg", "a copy.jpg", "a-half.png"}));
        QCOMPARE(sink.errors(), 0);
    }

    void columnsShowThePicturesLargest()
    {
        const int text = 40;
        // Three panoramas: two columns; four portraits: one row; one photo: one column.
        QCOMPARE(PhotoGroupView::bestColumns({1000, 600}, {800, 333}, 3, text), 2);
        QCOMPARE(PhotoGroupView::bestColumns({1200, 600}, {3, 4}, 4, text), 4);
        QCOMPARE(PhotoGroupView::bestColumns({1200, 600}, {4, 3}, 1, text), 1);
    }

    void reviewMenuOpensTheWindow()
    {
        QTemporaryDir dir;
        test::WindowFixture fixture(std::nullopt, dir.path());
        fixture.window->openLibrary(m_library);
        QAction* action = nullptr;
        for (QAction* menu : fixture.window->menuBar()->actions())
            if (menu->menu())
                for (QAction* a : menu->menu()->actions())
                    if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R))
                        action = a;
        QVERIFY(action);
        QTRY_VERIFY(action->isEnabled());
        action->trigger();
        auto* review = fixture.window->findChild<DuplicatePhotoReview*>();
        QVERIFY(review);
        QVERIFY(review->isWindow());
        QCOMPARE(review->libraryPath(), m_library);
        QTRY_VERIFY_WITH_TIMEOUT(review->isIdle(), 60000);
        action->trigger();
        QCOMPARE(fixture.window->findChildren<DuplicatePhotoReview*>().size(), 1);
        // What the review moves leaves the main window's photos, and comes back on undo.
        const PhotoLibrary* photos = fixture.window->photosPage()->photos();
        QTRY_COMPARE(photos->photos().size(), size_t(8));
        QCOMPARE(review->controller()->current()->photos.size(), size_t(3));
        review->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(review));
        review->groupView()->setFocus();
        press(Qt::Key_Delete);
        QTRY_VERIFY_WITH_TIMEOUT(review->isIdle() && review->controller()->canUndo(), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(photos->photos().size(), size_t(6), 30000);
        press(Qt::Key_Z, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(review->isIdle() && !review->controller()->canUndo(), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(photos->photos().size(), size_t(8), 30000);
        review->close();
    }

    // The review acts on the library it was opened with: opening another library or closing
    // this one closes it, never leaving a window that moves a closed library's files.
    void reviewClosesWithItsLibrary()
    {
        QTemporaryDir dir;
        test::WindowFixture fixture(std::nullopt, dir.path());
        fixture.window->show();
        auto openReview = [&]() -> QPointer<DuplicatePhotoReview> {
            fixture.window->openLibrary(m_library);
            for (QAction* menu : fixture.window->menuBar()->actions())
                if (menu->menu())
                    for (QAction* a : menu->menu()->actions())
                        if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R))
                            a->trigger();
            return fixture.window->findChild<DuplicatePhotoReview*>();
        };
        QPointer<DuplicatePhotoReview> review = openReview();
        QVERIFY(review);
        QTRY_VERIFY_WITH_TIMEOUT(review->isIdle(), 60000);
        // The same library again: the review stays.
        fixture.window->openLibrary(m_library);
        QVERIFY(review && review->isVisible());

        // Another library (a new one, about to be imported into).
        fixture.window->openLibrary(dir.filePath(QStringLiteral("other.lookalike")));
        QVERIFY(!review || !review->isVisible());
        QTRY_VERIFY(review.isNull());
        QVERIFY(fixture.window->findChildren<DuplicatePhotoReview*>().isEmpty());

        // File > Close library.
        review = openReview();
        QVERIFY(review);
        QTRY_VERIFY_WITH_TIMEOUT(review->isIdle(), 60000);
        QSignalSpy changed(review.data(), &DuplicatePhotoReview::libraryChanged);
        fixture.window->closeLibrary();
        QVERIFY(!review || !review->isVisible());
        QTRY_VERIFY(review.isNull());
        QVERIFY(changed.isEmpty());
        QCOMPARE(fixture.sink.errors(), 0);
    }

    void screenshot()
    {
        // Photos of places in one folder, and in a "phone backup" an exact copy, smaller
        // copies and a PNG conversion of some of them.
        const QString out = qEnvironmentVariable("LOOKALIKE_PHOTOREVIEW_SCREENSHOT");
        if (out.isEmpty())
            QSKIP("set LOOKALIKE_PHOTOREVIEW_SCREENSHOT to the PNG to write");
        const QString sun = QStringLiteral("images/noface-dev/sun_hays80/");
        REQUIRE_TEST_DATA(sun);
        QTemporaryDir dir;
        const QString trip = dir.filePath(QStringLiteral("Pictures/Summer 2023"));
        const QString backup = dir.filePath(QStringLiteral("Pictures/Phone backup"));
        QVERIFY(QDir().mkpath(trip) && QDir().mkpath(backup));
        const QStringList names = {
            "coast_sun_adeamqputqgbqvcq",         "aqueduct_sun_ancegghzusmmvzjn",
            "canal_natural_sun_bumockakjmtudpaz", "cliff_sun_bufxhmtcaobdrgvd",
            "creek_sun_bxtonsgzegpfhnmy",         "fountain_sun_atybswifcirkporj"};
        for (int i = 0; i < names.size(); ++i)
            QVERIFY(QFile::copy(test::dataPath(sun + names[i] + QStringLiteral(".jpg")),
                                QStringLiteral("%1/IMG_%2.jpg").arg(trip).arg(4101 + i)));
        auto variant = [&](int number, const QString& to, int divisor, const char* format) {
            const QImage image(QStringLiteral("%1/IMG_%2.jpg").arg(trip).arg(number));
            return image
                .scaled(image.size() / divisor, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
                .save(backup + QLatin1Char('/') + to, format, 80);
        };
        QVERIFY(QFile::copy(trip + QStringLiteral("/IMG_4101.jpg"),
                            backup + QStringLiteral("/IMG_4101.jpg")));
        const QDateTime shot(QDate(2023, 7, 14), QTime(10, 0));
        QVERIFY(variant(4101, QStringLiteral("IMG_4101 (small).jpg"), 2, "JPG"));
        QVERIFY(variant(4102, QStringLiteral("IMG_4102.png"), 1, "PNG"));
        QVERIFY(variant(4103, QStringLiteral("IMG_4103-web.jpg"), 2, "JPG"));
        QVERIFY(variant(4104, QStringLiteral("IMG_4104 (1).jpg"), 3, "JPG"));
        for (int i = 0; i < names.size(); ++i) // the trip's dates, the backup's a year later
            QVERIFY(setFileTime(QStringLiteral("%1/IMG_%2.jpg").arg(trip).arg(4101 + i),
                                shot.addSecs(600 * i)));
        for (const QString& name : QDir(backup).entryList(QDir::Files))
            QVERIFY(setFileTime(backup + QLatin1Char('/') + name, shot.addYears(1)));
        const QString library = dir.filePath(QStringLiteral("pictures.lookalike"));
        const test::Run run =
            test::cli({QStringLiteral("index"), library, dir.filePath(QStringLiteral("Pictures")),
                       QStringLiteral("--photos-only")});
        QVERIFY2(run.code == 0, run.err.constData());

        test::ScriptedSink sink;
        DuplicatePhotoReview review(library, QString(), sink);
        review.resize(1380, 860);
        showAndWait(review);
        for (const QString& key : qEnvironmentVariable("LOOKALIKE_PHOTOREVIEW_KEYS")
                                      .split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            press(Qt::Key(QKeySequence(key)[0].key()), QKeySequence(key)[0].keyboardModifiers());
            QTRY_VERIFY_WITH_TIMEOUT(review.isIdle(), 60000);
        }
        QTRY_VERIFY(review.isIdle());
        QTest::qWait(500); // the list's thumbnails
        QVERIFY(review.grab().save(out));
    }
};

QTEST_MAIN(TestDuplicatePhotoReview)
#include "tst_duplicatephotoreview.moc"
