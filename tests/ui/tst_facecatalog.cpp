// FaceCatalog: loads a library's faces off the GUI thread; refresh() picks up faces added
// since, reload() everything; a missing file is an empty library.
#include "database.h"
#include "facecatalog.h"
#include "labeleditor.h"
#include "library.h"
#include "testdata.h"
#include "uitestsupport.h"
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike;
using namespace lookalike::ui;

class TestFaceCatalog : public QObject {
    Q_OBJECT
    QStringList photos(int n)
    {
        QStringList out;
        for (int i = 0; i < n; ++i)
            out << m_dir.filePath(QStringLiteral("p%1.jpg").arg(i));
        return out;
    }
    QTemporaryDir m_dir;

private slots:
    void missingLibraryIsEmpty()
    {
        FaceCatalog catalog;
        catalog.open(m_dir.filePath(QStringLiteral("none.lookalike")));
        QTRY_VERIFY(catalog.isLoaded());
        QCOMPARE(catalog.count(), 0);
        QVERIFY(catalog.labels().isEmpty());
    }

    void loadsFacesLabelsAndCounts()
    {
        const QString lib = m_dir.filePath(QStringLiteral("a.lookalike"));
        QVERIFY(test::makeSyntheticLibrary(lib, photos(6), 1, {"Amy", "Raj", ""}));
        FaceCatalog catalog;
        QSignalSpy changed(&catalog, &FaceCatalog::changed);
        catalog.open(lib);
        QVERIFY(catalog.isLoading());
        QTRY_VERIFY(catalog.isLoaded());
        QCOMPARE(catalog.count(), 6);
        QCOMPARE(catalog.imageCount(), 6);
        QCOMPARE(catalog.labels(), QStringList({"Amy", "Raj"}));
        QCOMPARE(catalog.unlabelledCount(), 2);
        QCOMPARE(catalog.idsWithLabel(QStringLiteral("Amy")).size(), size_t(2));
        const auto ids = catalog.ids();
        QVERIFY(std::is_sorted(ids.begin(), ids.end()));
        const FaceInfo* first = catalog.find(ids.front());
        QVERIFY(first);
        QCOMPARE(first->path, photos(1).front());
        QCOMPARE(first->label, QStringLiteral("Amy"));
        QVERIFY(!catalog.find(-5));
        QVERIFY(changed.count() >= 1);
    }

    void suggestedPeopleAndSuggestionsAreRows()
    {
        // Six unlabelled faces: three in suggested person 2, two in person 1, one alone.
        const QString lib = m_dir.filePath(QStringLiteral("people.lookalike"));
        QVERIFY(test::makeSyntheticLibrary(lib, photos(6), 1, {""}));
        {
            auto library = Library::open(lib, Library::Mode::OpenExisting);
            QVERIFY(library);
            const auto faces = (*library)->allFaces();
            const int person[] = {2, 2, 2, 1, 1, 0};
            for (size_t i = 0; i < faces.size(); ++i)
                if (person[i])
                    QVERIFY((*library)->database().exec(
                        QStringLiteral("UPDATE items SET cluster = %1 WHERE id = %2").arg(person[i]).arg(faces[i].id)));
        }
        FaceCatalog catalog;
        catalog.open(lib);
        QTRY_VERIFY(catalog.isLoaded());
        const auto ids = catalog.ids();
        // Largest first, whatever the numbers.
        QCOMPARE(catalog.personCounts(), (std::vector<std::pair<int, qint64>>{{2, 3}, {1, 2}}));
        QCOMPARE(catalog.idsFor(LabelFilter::unnamedPerson(2)), std::vector<qint64>(ids.begin(), ids.begin() + 3));
        QCOMPARE(catalog.idsFor(LabelFilter::unnamedPerson(1)), std::vector<qint64>(ids.begin() + 3, ids.begin() + 5));

        // Suggestions come best first; a face named since is no longer one.
        catalog.setSuggestions({{ids[5], QStringLiteral("Amy"), 0.7f}, {ids[4], QStringLiteral("Raj"), 0.5f}});
        QCOMPARE(catalog.idsFor(LabelFilter::suggested()), (std::vector<qint64>{ids[5], ids[4]}));
        QCOMPARE(catalog.suggestion(ids[5])->label, QStringLiteral("Amy"));
        catalog.setLabel({ids[5], ids[0]}, QStringLiteral("Amy"));
        QCOMPARE(catalog.suggestion(ids[5]), nullptr);
        QCOMPARE(catalog.idsFor(LabelFilter::suggested()), std::vector<qint64>{ids[4]});
        // A named face leaves its suggested person.
        QCOMPARE(catalog.personCounts(), (std::vector<std::pair<int, qint64>>{{1, 2}, {2, 2}}));
        QCOMPARE(catalog.find(ids[0])->person, 0);
    }

    void refreshAddsNewFacesOnly()
    {
        const QString lib = m_dir.filePath(QStringLiteral("b.lookalike"));
        QVERIFY(test::makeSyntheticLibrary(lib, photos(3), 1, {"Amy"}));
        FaceCatalog catalog;
        catalog.open(lib);
        QTRY_VERIFY(catalog.isLoaded());
        QCOMPARE(catalog.count(), 3);
        QStringList more;
        for (int i = 0; i < 4; ++i)
            more << m_dir.filePath(QStringLiteral("q%1.jpg").arg(i));
        QVERIFY(test::makeSyntheticLibrary(lib, more, 1, {"Bernadette"}));
        catalog.refresh();
        QTRY_COMPARE(catalog.count(), 7);
        QCOMPARE(catalog.labels(), QStringList({"Amy", "Bernadette"}));
        catalog.reload();
        QTRY_VERIFY(!catalog.isLoading());
        QCOMPARE(catalog.count(), 7);
    }

    void openingAnotherLibraryDropsTheOldLoad()
    {
        const QString a = m_dir.filePath(QStringLiteral("c.lookalike"));
        const QString b = m_dir.filePath(QStringLiteral("d.lookalike"));
        QVERIFY(test::makeSyntheticLibrary(a, photos(50), 4));
        QVERIFY(test::makeSyntheticLibrary(b, photos(2), 1));
        FaceCatalog catalog;
        catalog.open(a);
        catalog.open(b);
        QTRY_VERIFY(catalog.isLoaded());
        QTest::qWait(100);
        QCOMPARE(catalog.count(), 2);
        QCOMPARE(catalog.libraryPath(), b);
    }

    void labelChangesAreMirrored()
    {
        const QString lib = m_dir.filePath(QStringLiteral("e.lookalike"));
        QVERIFY(test::makeSyntheticLibrary(lib, photos(2), 1));
        FaceCatalog catalog;
        catalog.open(lib);
        QTRY_VERIFY(catalog.isLoaded());
        const auto ids = catalog.ids();
        catalog.setLabel({ids.front()}, QStringLiteral("Howard"));
        QCOMPARE(catalog.find(ids.front())->label, QStringLiteral("Howard"));
        QCOMPARE(catalog.unlabelledCount(), 1);
    }

    // An undone relabel at 1,000,000 faces: the changed faces are read again and replaced
    // in place, the counts follow, and nothing is loaded again.
    void updateReadsChangedFacesInPlace()
    {
        const QString lib = m_dir.filePath(QStringLiteral("f.lookalike"));
        QVERIFY(test::makeSyntheticLibrary(lib, photos(4), 1, {"Amy", ""}));
        FaceCatalog catalog;
        catalog.open(lib);
        QTRY_VERIFY(catalog.isLoaded() && !catalog.isLoading());
        const auto amy = catalog.idsWithLabel(QStringLiteral("Amy"));
        QCOMPARE(amy.size(), size_t(2));
        {
            auto library = Library::open(lib, Library::Mode::OpenExisting);
            QVERIFY(library);
            LabelEditor editor(**library);
            EditOptions options;
            options.moveFiles = false;
            QVERIFY(editor.relabel({amy.front()}, QStringLiteral("Bernadette"), options));
        }
        const quint64 loads = catalog.loads();
        QSignalSpy changed(&catalog, &FaceCatalog::changed);
        catalog.update({amy.front()});
        QVERIFY(catalog.isUpdating());
        QVERIFY(!catalog.isLoading());
        QTRY_VERIFY(!catalog.isUpdating());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(catalog.loads(), loads); // no load at all
        QCOMPARE(catalog.find(amy.front())->label, QStringLiteral("Bernadette"));
        QCOMPARE(catalog.labels(), QStringList({"Amy", "Bernadette"}));
        QCOMPARE(catalog.idsWithLabel(QStringLiteral("Amy")).size(), size_t(1));
        QCOMPARE(catalog.unlabelledCount(), 2);
        QCOMPARE(catalog.count(), 4);
    }
};

QTEST_GUILESS_MAIN(TestFaceCatalog)
#include "tst_facecatalog.moc"
