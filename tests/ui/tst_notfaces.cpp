// Detections that are not faces in the main window: one click away in the sidebar ("Not
// faces"), Delete sets faces aside, Insert brings them back, a drop on the row does it too,
// and Ctrl+Z undoes each step. Every check reads the library file.
#include "database.h"
#include "faceactions.h"
#include "facegridmodel.h"
#include "facegridview.h"
#include "faceidsmime.h"
#include "labelediting.h"
#include "labelmodel.h"
#include "labelsidebar.h"
#include "windowfixture.h"
#include <QAction>
#include <QApplication>
#include <QDragEnterEvent>
#include <QMimeData>
#include <QTreeView>

using namespace lookalike;
using namespace lookalike::ui;

class TestNotFaces : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_library;
    std::vector<qint64> m_ids; // every detection, by id

    static void waitIdle(test::WindowFixture& f)
    {
        QTRY_VERIFY_WITH_TIMEOUT(!f.window->labelEditing()->isBusy() &&
                                     f.window->labelEditing()->isIdle() && !f.catalog.isLoading() &&
                                     f.catalog.isLoaded(),
                                 30000);
    }

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

    static void select(test::WindowFixture& f, const std::vector<qint64>& ids)
    {
        FaceGridView* grid = f.window->grid();
        grid->clearSelection();
        for (qint64 id : ids) {
            const int row = f.window->gridModel()->rowOf(id);
            QVERIFY2(row >= 0, qPrintable(QStringLiteral("face %1 not in the grid").arg(id)));
            grid->selectionModel()->select(f.window->gridModel()->index(row),
                                           QItemSelectionModel::Select);
        }
        grid->setFocus();
    }

    std::vector<qint64> hiddenInFile()
    {
        std::vector<qint64> out;
        auto lib = Library::open(m_library, Library::Mode::ReadOnly);
        if (lib)
            (*lib)->forEachFace([&](const FaceRecord& r) {
                if (r.notFace)
                    out.push_back(r.id);
            });
        return out;
    }

    qint64 sidebarCount(test::WindowFixture& f, const LabelFilter& filter)
    {
        const int row = f.window->sidebar()->model()->rowOf(filter);
        return row < 0 ? -1
                       : f.window->sidebar()
                             ->model()
                             ->index(row, 0)
                             .data(LabelModel::CountRole)
                             .toLongLong();
    }

private slots:
    void initTestCase()
    {
        REQUIRE_TEST_DATA("faces/bbt/amy");
        QStringList photos;
        for (const QString& file :
             QDir(test::dataPath(QStringLiteral("faces/bbt/amy"))).entryList(QDir::Files))
            photos << test::dataPath(QStringLiteral("faces/bbt/amy/") + file);
        m_library = m_dir.filePath(QStringLiteral("lib.lookalike"));
        QVERIFY(test::makeSyntheticLibrary(m_library, photos, 2));
        auto lib = Library::open(m_library, Library::Mode::OpenExisting);
        QVERIFY(lib);
        (*lib)->forEachFace([&](const FaceRecord& r) { m_ids.push_back(r.id); });
        QVERIFY(m_ids.size() >= 8);
        // The gate set the first detection aside, as an import would.
        QVERIFY((*lib)->database().exec(
            QStringLiteral("UPDATE items SET gate_not_face = 1 WHERE id = %1").arg(m_ids[0])));
    }

    void notFacesAreOneClickAwayMarkedAndUndone()
    {
        QTemporaryDir dir;
        test::WindowFixture f(std::nullopt, dir.path());
        f.window->show();
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        f.window->openLibrary(m_library);
        waitIdle(f);
        const qint64 total = qint64(m_ids.size());
        QCOMPARE(f.catalog.count(), total - 1);
        QCOMPARE(sidebarCount(f, LabelFilter::notFaces()), 1);
        QCOMPARE(sidebarCount(f, LabelFilter::all()), total - 1);
        QVERIFY(f.window->sidebar()
                    ->model()
                    ->index(f.window->sidebar()->model()->rowOf(LabelFilter::notFaces()), 0)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("1 detection that")));

        // Delete in the grid: two faces set aside; they leave "All faces".
        choose(f, LabelFilter::all());
        QCOMPARE(f.window->gridModel()->rowOf(m_ids[0]), -1);
        select(f, {m_ids[1], m_ids[2]});
        QVERIFY(f.window->faceActions()->notFaceAction()->isEnabled());
        QVERIFY(!f.window->faceActions()->isFaceAction()->isEnabled());
        QTest::keyClick(f.window->grid(), Qt::Key_Delete);
        waitIdle(f);
        QCOMPARE(hiddenInFile(), (std::vector<qint64>{m_ids[0], m_ids[1], m_ids[2]}));
        QTRY_COMPARE(sidebarCount(f, LabelFilter::notFaces()), 3);
        QCOMPARE(f.window->gridModel()->rowCount(), int(total - 3));
        QCOMPARE(f.window->labelEditing()->undoText(), QStringLiteral("Mark 2 detections as not faces"));

        // The "Not faces" row shows them; Insert brings the gate's one back.
        choose(f, LabelFilter::notFaces());
        QCOMPARE(f.window->gridModel()->rowCount(), 3);
        QVERIFY(f.window->gridTitle().startsWith(QStringLiteral("Detections that are not faces")));
        select(f, {m_ids[0]});
        QVERIFY(f.window->faceActions()->isFaceAction()->isEnabled());
        QTest::keyClick(f.window->grid(), Qt::Key_Insert);
        waitIdle(f);
        QCOMPARE(hiddenInFile(), (std::vector<qint64>{m_ids[1], m_ids[2]}));
        QTRY_COMPARE(f.window->gridModel()->rowCount(), 2);
        QCOMPARE(f.catalog.count(), total - 2);

        // A face dropped on the row is set aside too.
        choose(f, LabelFilter::all());
        {
            auto* view = qobject_cast<QTreeView*>(f.window->sidebar()->view());
            const int row = f.window->sidebar()->model()->rowOf(LabelFilter::notFaces());
            const QPoint pos =
                view->visualRect(f.window->sidebar()->model()->index(row, 0)).center();
            QMimeData mime;
            FaceIdsMime::encode(&mime, {m_ids[3]});
            QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(view->viewport(), &enter);
            QVERIFY(enter.isAccepted());
            QDragMoveEvent move(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(view->viewport(), &move);
            QVERIFY(move.isAccepted());
            QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(view->viewport(), &drop);
        }
        waitIdle(f);
        QCOMPARE(hiddenInFile(), (std::vector<qint64>{m_ids[1], m_ids[2], m_ids[3]}));

        // Ctrl+Z, three times: back to what the gate decided.
        for (int i = 0; i < 3; ++i) {
            QTest::keyClick(f.window->grid(), Qt::Key_Z, Qt::ControlModifier);
            waitIdle(f);
        }
        QCOMPARE(hiddenInFile(), std::vector<qint64>{m_ids[0]});
        QTRY_COMPARE(sidebarCount(f, LabelFilter::notFaces()), 1);
        QCOMPARE(f.catalog.count(), total - 1);
        QCOMPARE(f.sink.errors(), 0);
    }
};

QTEST_MAIN(TestNotFaces)
#include "tst_notfaces.moc"
