// Issue 4 from the main window, on real photos and the real models: faces dropped on a label
// in the sidebar move their photos, Ctrl+Z puts everything back exactly, labels are renamed
// and merged from the sidebar, and in a library without labels the suggested people are
// named, split, merged and re-found without losing a decision, and suggestions are
// confirmed (Y) or rejected (N). Every check reads the library file and the folders.
#include "backgroundjobs.h"
#include "faceactions.h"
#include "faceclusterer.h"
#include "facegridmodel.h"
#include "facegridview.h"
#include "faceidsmime.h"
#include "filetree.h"
#include "labelediting.h"
#include "labelmodel.h"
#include "labelsidebar.h"
#include "peopleactions.h"
#include "windowfixture.h"
#include <QAction>
#include <QApplication>
#include <QDirIterator>
#include <QDragEnterEvent>
#include <QMimeData>
#include <QProcess>
#include <QTreeView>
#include <map>
#include <set>

using namespace lookalike;
using namespace lookalike::ui;

namespace {

QString folderOf(const QString& path)
{
    return QFileInfo(path).dir().dirName();
}

} // namespace

class TestPeopleEditing : public QObject {
    Q_OBJECT

private:
    std::optional<ModelRegistry> m_registry;
    QTemporaryDir m_dir;
    QString m_labelledPhotos;   // one subfolder per person, imported with labels
    QString m_labelledLibrary;  // pristine; each test works on a copy of both
    QString m_unlabelledPhotos; // the same kind of photos imported without labels
    QString m_unlabelledLibrary;

    struct Copy {
        QString photos;
        QString library;
    };
    // A fresh copy of a library and its photos (the library names absolute paths, so the
    // photos are indexed again into the copy: cheap for 20-30 photos).
    Copy fresh(const QStringList& people, bool labels, const QString& name)
    {
        Copy c{m_dir.filePath(name + QStringLiteral("/photos")), m_dir.filePath(name + QStringLiteral("/lib.lookalike"))};
        if (!test::copyBbtPeople(c.photos, people) ||
            !test::indexWithRealModels(*m_registry, c.library, c.photos, labels))
            return {};
        return c;
    }

    static void waitIdle(test::WindowFixture& f)
    {
        QTRY_VERIFY_WITH_TIMEOUT(!f.window->labelEditing()->isBusy() && !f.catalog.isLoading() &&
                                     f.catalog.isLoaded(),
                                 30000);
    }

    static void openAndWait(test::WindowFixture& f, const QString& library)
    {
        f.window->show();
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        f.window->openLibrary(library);
        waitIdle(f);
        QTRY_VERIFY(f.window->gridModel()->rowCount() > 0);
    }

    // Clicks a row of the sidebar, as the user would.
    static void choose(test::WindowFixture& f, const LabelFilter& filter)
    {
        auto* view = qobject_cast<QTreeView*>(f.window->sidebar()->view());
        QVERIFY(view);
        const int row = f.window->sidebar()->model()->rowOf(filter);
        QVERIFY2(row >= 0, "no such row in the sidebar");
        const QRect rect = view->visualRect(f.window->sidebar()->model()->index(row, 0));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(f.window->sidebar()->currentFilter(), filter);
    }

    // Drags faces from the grid onto a row of the sidebar, with real drag and drop events.
    static void dropOnRow(test::WindowFixture& f, const LabelFilter& row, const std::vector<qint64>& faces)
    {
        auto* view = qobject_cast<QTreeView*>(f.window->sidebar()->view());
        const int index = f.window->sidebar()->model()->rowOf(row);
        QVERIFY(index >= 0);
        const QPoint pos = view->visualRect(f.window->sidebar()->model()->index(index, 0)).center();
        QMimeData mime;
        FaceIdsMime::encode(&mime, faces);
        QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDragMoveEvent move(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &move);
        QVERIFY(move.isAccepted());
        QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &drop);
    }

    static void selectTiles(test::WindowFixture& f, const std::vector<qint64>& ids)
    {
        FaceGridView* grid = f.window->grid();
        grid->clearSelection();
        for (qint64 id : ids) {
            const int row = f.window->gridModel()->rowOf(id);
            QVERIFY(row >= 0);
            grid->selectionModel()->select(f.window->gridModel()->index(row), QItemSelectionModel::Select);
        }
        grid->setFocus();
    }

    static QString labelInFile(const QString& library, qint64 face)
    {
        auto lib = Library::open(library, Library::Mode::ReadOnly);
        if (!lib)
            return QStringLiteral("<no library>");
        const auto record = (*lib)->face(face);
        return record ? record->label : QStringLiteral("<no face>");
    }

    static QString pathInFile(const QString& library, qint64 face)
    {
        auto lib = Library::open(library, Library::Mode::ReadOnly);
        const auto record = lib ? (*lib)->face(face) : std::nullopt;
        return record ? record->path : QString();
    }

private slots:
    void initTestCase()
    {
        REQUIRE_TEST_DATA("faces/bbt");
        REQUIRE_APP_MODELS(registry)
        m_registry = registry;
    }

    void droppingFacesOnALabelMovesTheirPhotosAndUndoPutsThemBack()
    {
        const Copy c = fresh({"sheldon", "penny", "raj", "amy"}, true, QStringLiteral("drop"));
        QVERIFY(!c.library.isEmpty());
        const auto before = test::treeChecksums(c.photos);
        QTemporaryDir dir;
        test::WindowFixture f(m_registry, dir.path());
        openAndWait(f, c.library);

        std::vector<qint64> penny = f.catalog.idsWithLabel(QStringLiteral("penny"));
        QCOMPARE(penny.size(), size_t(5));
        penny.resize(2);
        const QString firstPath = f.catalog.find(penny[0])->path;

        // Drag two of Penny's faces from the grid onto "amy" in the sidebar.
        dropOnRow(f, LabelFilter::label(QStringLiteral("amy")), penny);
        waitIdle(f);

        for (qint64 id : penny) {
            QCOMPARE(labelInFile(c.library, id), QStringLiteral("amy"));
            QCOMPARE(folderOf(pathInFile(c.library, id)), QStringLiteral("amy"));
            QVERIFY(QFileInfo::exists(pathInFile(c.library, id)));
            QCOMPARE(f.catalog.find(id)->label, QStringLiteral("amy"));
        }
        QVERIFY(!QFileInfo::exists(firstPath));
        QCOMPARE(f.catalog.idsWithLabel(QStringLiteral("amy")).size(), size_t(7));
        QVERIFY(f.window->peopleActions()->undoAction()->isEnabled());
        QVERIFY(f.window->peopleActions()->undoAction()->text().contains(QStringLiteral("amy")));

        // Ctrl+Z: the labels and the photos go back, byte for byte.
        QTest::keyClick(f.window->grid(), Qt::Key_Z, Qt::ControlModifier);
        waitIdle(f);
        QCOMPARE(test::treeChecksums(c.photos), before);
        for (qint64 id : penny)
            QCOMPARE(labelInFile(c.library, id), QStringLiteral("penny"));
        QCOMPARE(f.catalog.idsWithLabel(QStringLiteral("penny")).size(), size_t(5));
        QVERIFY(!f.window->peopleActions()->undoAction()->isEnabled());

        // File > Export > Photo labels: every photo with its (corrected) label.
        QAction* exportLabels = nullptr;
        for (QAction* a : f.window->findChildren<QAction*>())
            if (a->text() == QStringLiteral("Photo &labels as CSV…"))
                exportLabels = a;
        QVERIFY(exportLabels && exportLabels->isEnabled());
        const QString csv = dir.filePath(QStringLiteral("labels.csv"));
        f.sink.fileAnswers.push_back(csv);
        exportLabels->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(csv) && !f.window->jobs()->isRunning(), 20000);
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 20); // a header and the 20 photos
        QVERIFY(lines.filter(QStringLiteral("/penny/penny1.png")).value(0).endsWith(QStringLiteral(",penny")));
        QCOMPARE(f.sink.errors(), 0);
    }

    void aPhotoOfSeveralPeopleMovesOnlyAfterAsking()
    {
        // A group photo filed under penny: she is its main face, the others are unlabelled.
        const QString photos = m_dir.filePath(QStringLiteral("group/photos"));
        QVERIFY(test::copyBbtPeople(photos, {"penny", "raj"}));
        QVERIFY(QFile::copy(test::dataPath(QStringLiteral("faces/bbt/bbt3.jpg")),
                            photos + QStringLiteral("/penny/group.jpg")));
        const QString library = m_dir.filePath(QStringLiteral("group/lib.lookalike"));
        QVERIFY(test::indexWithRealModels(*m_registry, library, photos));
        QTemporaryDir dir;
        test::WindowFixture f(m_registry, dir.path());
        openAndWait(f, library);
        std::vector<qint64> group, bystanders;
        for (qint64 id : f.catalog.ids())
            if (f.catalog.find(id)->path.endsWith(QLatin1String("group.jpg"))) {
                group.push_back(id);
                if (f.catalog.find(id)->label.isEmpty())
                    bystanders.push_back(id);
            }
        QVERIFY(group.size() >= 3);
        QVERIFY(!bystanders.empty());
        const QString groupPath = photos + QStringLiteral("/penny/group.jpg");

        // Filing a bystander under raj: asked, answered no: the label changes, the photo stays.
        choose(f, LabelFilter::all());
        selectTiles(f, {bystanders.front()});
        f.sink.textAnswers.push_back(QStringLiteral("raj"));
        f.sink.confirmAnswers.push_back(false);
        f.window->faceActions()->setLabelAction()->trigger();
        waitIdle(f);
        QCOMPARE(f.sink.questions.size(), 2); // the label, then the move
        QVERIFY(f.sink.questions.last().contains(QStringLiteral("group.jpg")));
        QCOMPARE(labelInFile(library, bystanders.front()), QStringLiteral("raj"));
        QVERIFY(QFileInfo::exists(groupPath));

        // Filing Penny's face there under raj too: asked again, yes: now the photo moves.
        const qint64 main = *std::find_if(group.begin(), group.end(), [&](qint64 id) {
            return f.catalog.find(id)->label == QLatin1String("penny");
        });
        selectTiles(f, {main});
        f.sink.textAnswers.push_back(QStringLiteral("amy"));
        f.sink.confirmAnswers.push_back(true);
        f.window->faceActions()->setLabelAction()->trigger();
        waitIdle(f);
        QCOMPARE(f.sink.questions.size(), 4);
        QVERIFY(!QFileInfo::exists(groupPath));
        QVERIFY(QFileInfo::exists(photos + QStringLiteral("/amy/group.jpg")));
        QCOMPARE(pathInFile(library, bystanders.front()), photos + QStringLiteral("/amy/group.jpg"));
        QCOMPARE(f.sink.errors(), 0);
    }

    void openingAfterACrashRollsTheHalfDoneChangeBack()
    {
        const Copy c = fresh({"penny", "amy"}, true, QStringLiteral("crash"));
        QVERIFY(!c.library.isEmpty());
        const auto before = test::treeChecksums(c.photos);
        // A merge killed after two of its five moves, as a power cut would.
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LOOKALIKE_CRASH_AFTER_MOVES"), QStringLiteral("2"));
        cli.setProcessEnvironment(env);
        cli.start(QStringLiteral(LOOKALIKE_CLI_PATH), {QStringLiteral("merge-labels"), c.library, QStringLiteral("amy"),
                                                       QStringLiteral("penny"), QStringLiteral("--move-files")});
        QVERIFY(cli.waitForFinished(60000));
        QVERIFY(cli.exitCode() != 0);
        QCOMPARE(QDir(c.photos + QStringLiteral("/amy")).entryList(QDir::Files).size(), 3);

        // Opening the library in the window puts everything back and says so.
        QTemporaryDir dir;
        test::WindowFixture f(m_registry, dir.path());
        openAndWait(f, c.library);
        QTRY_VERIFY(std::any_of(f.sink.shown.begin(), f.sink.shown.end(), [](const auto& m) {
            return m.text.contains(QStringLiteral("rolled back")) && m.text.contains(QStringLiteral("2 photos"));
        }));
        QCOMPARE(test::treeChecksums(c.photos), before);
        QCOMPARE(f.catalog.idsWithLabel(QStringLiteral("amy")).size(), size_t(5));
        auto library = Library::open(c.library, Library::Mode::ReadOnly);
        QVERIFY(library);
        QCOMPARE((*library)->integrityCheck(), QStringLiteral("ok"));
        for (const FaceRecord& face : (*library)->allFaces())
            QVERIFY2(QFileInfo::exists(face.path), qPrintable(face.path));
        QCOMPARE(f.sink.errors(), 0);
    }

    void confirmingAllSuggestionsIsOneStepToUndo()
    {
        const Copy c = fresh({"sheldon", "penny", "raj", "amy"}, false, QStringLiteral("confirmall"));
        QVERIFY(!c.library.isEmpty());
        QTemporaryDir dir;
        test::WindowFixture f(m_registry, dir.path());
        openAndWait(f, c.library);
        // Two faces each of two people get names.
        for (const char* person : {"penny", "amy"}) {
            std::vector<qint64> theirs;
            for (qint64 id : f.catalog.ids())
                if (folderOf(f.catalog.find(id)->path) == QLatin1String(person))
                    theirs.push_back(id);
            f.window->labelEditing()->relabel({theirs[0], theirs[1]}, QString::fromLatin1(person).toUpper());
            waitIdle(f);
        }
        QTRY_VERIFY(f.catalog.suggestedIds().size() >= 4);
        std::set<QString> people;
        for (qint64 id : f.catalog.suggestedIds())
            people.insert(f.catalog.suggestion(id)->label);
        QCOMPARE(people, (std::set<QString>{QStringLiteral("AMY"), QStringLiteral("PENNY")}));
        const std::vector<qint64> suggested = f.catalog.suggestedIds();

        f.sink.confirmAnswers.push_back(true);
        f.window->peopleActions()->confirmAll();
        waitIdle(f);
        for (qint64 id : suggested)
            QCOMPARE(labelInFile(c.library, id), folderOf(f.catalog.find(id)->path).toUpper());
        QVERIFY(f.catalog.suggestedIds().empty());

        // One Ctrl+Z takes back every confirmation, of both people.
        QTest::keyClick(f.window->grid(), Qt::Key_Z, Qt::ControlModifier);
        waitIdle(f);
        for (qint64 id : suggested)
            QCOMPARE(labelInFile(c.library, id), QString());
        QCOMPARE(f.catalog.idsWithLabel(QStringLiteral("AMY")).size(), size_t(2));
        QCOMPARE(f.sink.errors(), 0);
    }

    void closingWaitsForTheChangesAskedFor()
    {
        const Copy c = fresh({"penny", "amy"}, true, QStringLiteral("close"));
        QVERIFY(!c.library.isEmpty());
        QTemporaryDir dir;
        test::WindowFixture f(m_registry, dir.path());
        openAndWait(f, c.library);
        const std::vector<qint64> amy = f.catalog.idsWithLabel(QStringLiteral("amy"));
        // Two changes asked for, and the window closed at once.
        f.window->labelEditing()->relabel({amy[0]}, QStringLiteral("penny"));
        f.window->labelEditing()->relabel({amy[1]}, QStringLiteral("penny"));
        QVERIFY(!f.window->labelEditing()->isIdle());
        f.window->close();
        QVERIFY(f.window->isVisible()); // not yet: the changes are being saved
        QTRY_VERIFY_WITH_TIMEOUT(!f.window->isVisible(), 30000);
        QCOMPARE(labelInFile(c.library, amy[0]), QStringLiteral("penny"));
        QCOMPARE(labelInFile(c.library, amy[1]), QStringLiteral("penny"));
        QVERIFY(QFileInfo::exists(c.photos + QStringLiteral("/penny/") + QFileInfo(f.catalog.find(amy[1])->path).fileName()));
    }

    void labelsAreRenamedAndMergedFromTheSidebar()
    {
        const Copy c = fresh({"sheldon", "penny", "raj", "amy"}, true, QStringLiteral("rename"));
        QVERIFY(!c.library.isEmpty());
        const auto before = test::treeChecksums(c.photos);
        QTemporaryDir dir;
        test::WindowFixture f(m_registry, dir.path());
        openAndWait(f, c.library);
        const std::vector<qint64> raj = f.catalog.idsWithLabel(QStringLiteral("raj"));

        // F2 on a label renames it: the folder follows and the grid shows the new name.
        choose(f, LabelFilter::label(QStringLiteral("raj")));
        f.sink.textAnswers.push_back(QStringLiteral("Rajesh"));
        QTest::keyClick(f.window->sidebar()->view(), Qt::Key_F2);
        waitIdle(f);
        QVERIFY(!QDir(c.photos + QStringLiteral("/raj")).exists());
        QCOMPARE(QDir(c.photos + QStringLiteral("/Rajesh")).entryList(QDir::Files).size(), 5);
        for (qint64 id : raj)
            QCOMPARE(labelInFile(c.library, id), QStringLiteral("Rajesh"));
        QTRY_COMPARE(f.window->sidebar()->currentFilter(), LabelFilter::label(QStringLiteral("Rajesh")));
        QVERIFY(f.window->gridTitle().startsWith(QStringLiteral("Rajesh")));

        // Ctrl+M merges a label into another: Amy's photos join Penny's folder.
        choose(f, LabelFilter::label(QStringLiteral("amy")));
        f.sink.textAnswers.push_back(QStringLiteral("penny"));
        f.window->peopleActions()->mergeAction()->trigger();
        waitIdle(f);
        QVERIFY(!QDir(c.photos + QStringLiteral("/amy")).exists());
        QCOMPARE(QDir(c.photos + QStringLiteral("/penny")).entryList(QDir::Files).size(), 10);
        QCOMPARE(f.catalog.idsWithLabel(QStringLiteral("penny")).size(), size_t(10));
        QCOMPARE(f.window->sidebar()->model()->rowOf(LabelFilter::label(QStringLiteral("amy"))), -1);

        // Two undos restore the tree exactly.
        f.window->peopleActions()->undoAction()->trigger();
        waitIdle(f);
        f.window->peopleActions()->undoAction()->trigger();
        waitIdle(f);
        QCOMPARE(test::treeChecksums(c.photos), before);
        QCOMPARE(f.catalog.idsWithLabel(QStringLiteral("raj")).size(), size_t(5));
        QCOMPARE(f.sink.errors(), 0);
    }

    void suggestedPeopleAreNamedSplitMergedAndKeptAcrossReclustering()
    {
        const QStringList people{"sheldon", "penny", "raj", "amy", "leonard", "howard"};
        const Copy c = fresh(people, false, QStringLiteral("people"));
        QVERIFY(!c.library.isEmpty());
        const auto before = test::treeChecksums(c.photos);
        QTemporaryDir dir;
        test::WindowFixture f(m_registry, dir.path());
        openAndWait(f, c.library);

        // Opening a library that was never clustered finds its people.
        QTRY_VERIFY(f.catalog.personCounts().size() >= 4);
        qint64 clustered = 0, agreeing = 0;
        for (const auto& [number, count] : f.catalog.personCounts()) {
            std::map<QString, int> folders;
            for (qint64 id : f.catalog.idsOfPerson(number))
                ++folders[folderOf(f.catalog.find(id)->path)];
            int top = 0;
            for (const auto& [folder, n] : folders)
                top = std::max(top, n);
            clustered += count;
            agreeing += top;
            QVERIFY(f.window->sidebar()->model()->rowOf(LabelFilter::unnamedPerson(number)) >= 0);
        }
        qInfo("suggested people: %zu, %lld faces clustered, %lld in their cluster's majority person",
              f.catalog.personCounts().size(), clustered, agreeing);
        QVERIFY(clustered >= 20);
        QVERIFY(double(agreeing) / double(clustered) >= 0.9);

        // Name the largest person (F2 on its row): its faces get the name; nothing moves.
        const int first = f.catalog.personCounts().front().first;
        const std::vector<qint64> named = f.catalog.idsOfPerson(first);
        choose(f, LabelFilter::unnamedPerson(first));
        f.sink.textAnswers.push_back(QStringLiteral("First"));
        QTest::keyClick(f.window->sidebar()->view(), Qt::Key_F2);
        waitIdle(f);
        for (qint64 id : named)
            QCOMPARE(labelInFile(c.library, id), QStringLiteral("First"));
        QCOMPARE(test::treeChecksums(c.photos), before); // no subfolder labels: photos stay
        QTRY_COMPARE(f.window->sidebar()->currentFilter(), LabelFilter::label(QStringLiteral("First")));

        // Split one face off the next person (Ctrl+Shift+S): it leaves, and stays out when
        // people are found again (Ctrl+Shift+P).
        const int second = f.catalog.personCounts().front().first;
        const std::vector<qint64> secondFaces = f.catalog.idsOfPerson(second);
        QVERIFY(secondFaces.size() >= 3);
        choose(f, LabelFilter::unnamedPerson(second));
        const qint64 off = secondFaces.back();
        selectTiles(f, {off});
        QVERIFY(f.window->peopleActions()->splitAction()->isEnabled());
        QTest::keyClick(f.window->grid(), Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
        waitIdle(f);
        auto apart = [&] {
            const int rest = f.catalog.find(secondFaces.front())->person;
            return rest > 0 && f.catalog.find(off)->person != rest;
        };
        QVERIFY(apart());
        // Find people shows itself in the status bar, with its progress, and says how it ended.
        QSignalSpy progress(f.window->labelEditing(), &LabelEditing::peopleProgress);
        f.window->peopleActions()->findPeopleAction()->trigger();
        QVERIFY(f.window->jobs()->isRunning());
        QVERIFY2(f.window->jobs()->text().contains(QStringLiteral("Finding people")),
                 qPrintable(f.window->jobs()->text()));
        waitIdle(f);
        QTRY_VERIFY(!f.window->jobs()->isRunning());
        QVERIFY(!progress.isEmpty());
        QVERIFY2(f.window->jobs()->text().contains(QStringLiteral("suggested")),
                 qPrintable(f.window->jobs()->text()));
        QVERIFY(apart());
        // Cancelled at once (the status bar's cancel button): the people stay as they were.
        std::vector<int> found;
        for (qint64 id : f.catalog.ids())
            found.push_back(f.catalog.find(id)->person);
        f.window->peopleActions()->findPeopleAction()->trigger();
        QMetaObject::invokeMethod(f.window->jobs(), "cancelRequested");
        waitIdle(f);
        std::vector<int> after;
        for (qint64 id : f.catalog.ids())
            after.push_back(f.catalog.find(id)->person);
        QCOMPARE(after, found); // stopped, or (had it ended first) found the same again
        qInfo("cancelled Find people: %s", qPrintable(f.window->jobs()->text()));
        for (qint64 id : named)
            QCOMPARE(f.catalog.find(id)->person, 0); // named faces are never clustered again

        // Merge two suggested people (Ctrl+M, choosing the other one): one person from now on.
        const auto counts = f.catalog.personCounts();
        QVERIFY(counts.size() >= 2);
        const int a = counts[0].first, b = counts[1].first;
        const qint64 faceA = f.catalog.idsOfPerson(a).front(), faceB = f.catalog.idsOfPerson(b).front();
        choose(f, LabelFilter::unnamedPerson(a));
        f.sink.textAnswers.push_back(FaceClusterer::displayName(b));
        f.window->peopleActions()->mergeAction()->trigger();
        waitIdle(f);
        QVERIFY(f.catalog.find(faceA)->person > 0);
        QCOMPARE(f.catalog.find(faceA)->person, f.catalog.find(faceB)->person);
        QCOMPARE(f.window->sidebar()->currentFilter(), LabelFilter::unnamedPerson(f.catalog.find(faceB)->person));
        f.window->peopleActions()->findPeopleAction()->trigger();
        waitIdle(f);
        QCOMPARE(f.catalog.find(faceA)->person, f.catalog.find(faceB)->person);
        QVERIFY(apart());

        // Changed your mind: drag the split-off face back onto its person.
        const int home = f.catalog.find(secondFaces.front())->person;
        dropOnRow(f, LabelFilter::unnamedPerson(home), {off});
        waitIdle(f);
        QVERIFY(!apart());
        for (qint64 id : secondFaces) // all of them, not only the one it was linked to
            QCOMPARE(f.catalog.find(id)->person, f.catalog.find(off)->person);
        QCOMPARE(f.sink.errors(), 0);
    }

    void suggestionsAreConfirmedWithYAndRejectedWithN()
    {
        const Copy c = fresh({"sheldon", "penny", "raj", "amy"}, false, QStringLiteral("suggest"));
        QVERIFY(!c.library.isEmpty());
        QTemporaryDir dir;
        test::WindowFixture f(m_registry, dir.path());
        openAndWait(f, c.library);

        // Name two of one photo folder's faces through Set label in the grid.
        std::vector<qint64> penny;
        for (qint64 id : f.catalog.ids())
            if (folderOf(f.catalog.find(id)->path) == QLatin1String("penny"))
                penny.push_back(id);
        QCOMPARE(penny.size(), size_t(5));
        choose(f, LabelFilter::all());
        selectTiles(f, {penny[0], penny[1]});
        f.sink.textAnswers.push_back(QStringLiteral("Penny"));
        f.window->faceActions()->setLabelAction()->trigger();
        waitIdle(f);

        // Her other faces are now suggested as Penny, and only hers.
        QTRY_VERIFY(!f.catalog.suggestedIds().empty());
        std::vector<qint64> suggested;
        for (qint64 id : f.catalog.suggestedIds()) {
            QCOMPARE(f.catalog.suggestion(id)->label, QStringLiteral("Penny"));
            QCOMPARE(folderOf(f.catalog.find(id)->path), QStringLiteral("penny"));
            suggested.push_back(id);
        }
        qInfo("suggested as Penny: %zu of her 3 unnamed faces", suggested.size());
        QVERIFY(suggested.size() >= 2);
        choose(f, LabelFilter::suggested());
        QCOMPARE(f.window->gridModel()->rowCount(), int(suggested.size()));
        QCOMPARE(f.window->gridModel()->index(0).data(FaceGridModel::SuggestionRole).toString(),
                 QStringLiteral("Penny"));

        // N: not Penny. Never suggested again, even after finding people again.
        selectTiles(f, {suggested[0]});
        QTest::keyClick(f.window->grid(), Qt::Key_N);
        waitIdle(f);
        QCOMPARE(f.catalog.suggestion(suggested[0]), nullptr);
        QCOMPARE(labelInFile(c.library, suggested[0]), QString());
        // The next suggestion takes its place and is selected: Y and N go one after another.
        QTRY_COMPARE(f.window->grid()->selectedFaceIds(), std::vector<qint64>{suggested[1]});
        f.window->peopleActions()->findPeopleAction()->trigger();
        waitIdle(f);
        QCOMPARE(f.catalog.suggestion(suggested[0]), nullptr);

        // Y: yes, Penny.
        const int row = f.window->gridModel()->rowOf(suggested[1]);
        QVERIFY(row >= 0);
        selectTiles(f, {suggested[1]});
        QTest::keyClick(f.window->grid(), Qt::Key_Y);
        waitIdle(f);
        QCOMPARE(labelInFile(c.library, suggested[1]), QStringLiteral("Penny"));
        QCOMPARE(f.catalog.suggestion(suggested[1]), nullptr);

        // Undo (Ctrl+Z) takes the confirmation back: the suggestion returns.
        QTest::keyClick(f.window->grid(), Qt::Key_Z, Qt::ControlModifier);
        waitIdle(f);
        QCOMPARE(labelInFile(c.library, suggested[1]), QString());
        QVERIFY(f.catalog.suggestion(suggested[1]) != nullptr);
        QCOMPARE(f.sink.errors(), 0);
    }
};

QTEST_MAIN(TestPeopleEditing)
#include "tst_peopleediting.moc"
