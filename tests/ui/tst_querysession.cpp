// QuerySession + SearchService with the real models on a small library of real photos
// (faces/bbt, three people): a photo query searches its largest face, filters work on the
// fetched matches without searching again, another face can be picked, a library face can
// be asked about, and photos without faces or that are not photos say so.
#include "querysession.h"
#include "searchservice.h"
#include "uitestsupport.h"
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace lookalike;
using namespace lookalike::ui;

class TestQuerySession : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_library;
    std::optional<ModelRegistry> m_registry;

    QString bbt(const QString& file) { return test::dataPath(QStringLiteral("faces/bbt/") + file); }

private slots:
    void initTestCase()
    {
        REQUIRE_TEST_DATA("faces/bbt");
        REQUIRE_MODELS(registry);
        m_registry = registry;
        const QString photos = m_dir.filePath(QStringLiteral("photos"));
        QVERIFY(test::copyBbtPeople(photos, {"sheldon", "penny", "raj"}));
        m_library = m_dir.filePath(QStringLiteral("bbt.lookalike"));
        QVERIFY(test::indexWithRealModels(*m_registry, m_library, photos));
    }

    void photoQueryFindsThePerson()
    {
        SearchService service(m_registry, {});
        service.setLibrary(m_library);
        QuerySession session(&service);
        session.setMinSimilarity(0.0);
        QSignalSpy results(&session, &QuerySession::resultsChanged);
        session.queryFiles({bbt(QStringLiteral("sheldon/sheldon1.png"))});
        QVERIFY(session.isActive());
        QVERIFY(session.isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), 30000);
        QVERIFY2(session.photo().error.isEmpty(), qPrintable(session.photo().error));
        QCOMPARE(session.photo().faces.size(), size_t(1));
        QCOMPARE(session.photo().selected, 0);
        QVERIFY(!session.photo().image.isNull());
        const auto rows = session.rows();
        QVERIFY(rows.size() >= 5);
        // The photo itself is in the library: the best match is that very face.
        QVERIFY(rows.front().similarity > 0.95f);
        QCOMPARE(session.matches().front().face.label, QStringLiteral("sheldon"));
        // Top five: sheldon's own photos.
        for (int i = 0; i < 5; ++i)
            QCOMPARE(session.matches()[size_t(i)].face.label, QStringLiteral("sheldon"));
        QVERIFY(std::is_sorted(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
            return a.similarity > b.similarity;
        }));
        qInfo("query answered in %lld ms", session.lastLatencyMs());

        // Filters work on what was fetched.
        results.clear();
        session.setTopK(3);
        QCOMPARE(session.rows().size(), size_t(3));
        QVERIFY(!session.isBusy());
        session.setTopK(100);
        session.setMinSimilarity(0.9);
        QCOMPARE(session.rows().size(), size_t(1));
        session.setMinSimilarity(-1.0);
        session.setLabelFilter(LabelFilter::label(QStringLiteral("penny")));
        for (const auto& r : session.rows())
            QVERIFY(std::any_of(
                session.matches().begin(), session.matches().end(), [&](const FaceMatch& m) {
                    return m.face.id == r.faceId && m.face.label == QStringLiteral("penny");
                }));
        QCOMPARE(session.rows().size(), size_t(5));
        QVERIFY(results.count() >= 4);
    }

    void groupPhotoFacesCanBePicked()
    {
        SearchService service(m_registry, {});
        service.setLibrary(m_library);
        QuerySession session(&service);
        session.setMinSimilarity(-1);
        session.queryFiles({bbt(QStringLiteral("bbt1.jpg"))});
        QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), 30000);
        QVERIFY(session.photo().faces.size() >= 4);
        const auto firstRows = session.rows();
        QVERIFY(!firstRows.empty());
        // Largest face first.
        const auto& faces = session.photo().faces;
        QVERIFY(faces[0].box.width() * faces[0].box.height() >=
                faces[1].box.width() * faces[1].box.height());
        session.selectFace(2);
        QCOMPARE(session.photo().selected, 2);
        QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), 30000);
        QVERIFY(!session.rows().empty());
        QVERIFY(session.rows().front().faceId != firstRows.front().faceId ||
                session.rows().front().similarity != firstRows.front().similarity);
    }

    void libraryFaceQueryExcludesItself()
    {
        SearchService service(m_registry, {});
        service.setLibrary(m_library);
        QuerySession session(&service);
        session.setMinSimilarity(0.0);
        session.queryFiles({bbt(QStringLiteral("raj/raj2.png"))});
        QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), 30000);
        const qint64 self = session.rows().front().faceId;
        session.queryFace(self);
        QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), 30000);
        QVERIFY2(session.photo().error.isEmpty(), qPrintable(session.photo().error));
        QCOMPARE(session.photo().faces[size_t(session.photo().selected)].faceId, self);
        QVERIFY(!session.photo().image.isNull());
        for (const auto& r : session.rows())
            QVERIFY(r.faceId != self);
        QCOMPARE(session.matches().front().face.label, QStringLiteral("raj"));
    }

    void photosWithoutFacesSaySo()
    {
        REQUIRE_TEST_DATA("tricky/noface");
        SearchService service(m_registry, {});
        service.setLibrary(m_library);
        QuerySession session(&service);
        session.queryFiles({test::dataPath(QStringLiteral("tricky/noface/coffee.png"))});
        QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), 30000);
        QVERIFY(session.photo().faces.empty());
        QVERIFY(session.rows().empty());
        QVERIFY(session.statusIsError());
        QVERIFY2(session.statusText().contains(QStringLiteral("No face")),
                 qPrintable(session.statusText()));

        session.queryFiles({test::dataPath(QStringLiteral("tricky/corrupt/garbage_header.jpg"))});
        QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), 30000);
        QVERIFY(!session.photo().error.isEmpty());
        QVERIFY(session.statusIsError());
        qInfo("corrupt file: %s", qPrintable(session.statusText()));
    }

    void severalPhotosWaitInLine()
    {
        SearchService service(m_registry, {});
        service.setLibrary(m_library);
        QuerySession session(&service);
        session.queryFiles(
            {bbt(QStringLiteral("penny/penny1.png")), bbt(QStringLiteral("raj/raj1.png"))});
        QCOMPARE(session.queueLength(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), 30000);
        QCOMPARE(session.photo().name, QStringLiteral("penny1.png"));
        session.showNext();
        QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), 30000);
        QCOMPARE(session.photo().name, QStringLiteral("raj1.png"));
        QCOMPARE(session.position(), 1);
        session.clear();
        QVERIFY(!session.isActive());
        QVERIFY(session.rows().empty());
    }

    void noLibraryAndNoModelsAreExplained()
    {
        SearchService noLibrary(m_registry, {});
        QuerySession a(&noLibrary);
        a.queryFiles({bbt(QStringLiteral("penny/penny1.png"))});
        QTRY_VERIFY(!a.isBusy());
        QVERIFY(a.statusIsError());
        QVERIFY(a.statusText().contains(QStringLiteral("library")));

        SearchService noModels(std::nullopt, QStringLiteral("models missing: run fetch-models"));
        noModels.setLibrary(m_library);
        QuerySession b(&noModels);
        b.queryFiles({bbt(QStringLiteral("penny/penny1.png"))});
        QTRY_VERIFY(!b.isBusy());
        QCOMPARE(b.statusText(), QStringLiteral("models missing: run fetch-models"));
    }
};

QTEST_MAIN(TestQuerySession)
#include "tst_querysession.moc"
