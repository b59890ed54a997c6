// View > Map in the real main window, on a library of synthetic faces on real photo files:
// the map is laid out in the background and kept; a rubber band and a lasso select faces
// that Set label then files (and Ctrl+Z restores); a click opens the photo; keys zoom and
// fit; new faces are placed without moving the others; File > Export writes SVG and PNG.
#include "faceactions.h"
#include "labelediting.h"
#include "mappage.h"
#include "mapservice.h"
#include "mapview.h"
#include "peopleactions.h"
#include "photoviewer.h"
#include "windowfixture.h"
#include <QApplication>
#include <QImage>
#include <QRandomGenerator>
#include <QXmlStreamReader>
#include <QtTest>
#include <cmath>

using namespace lookalike;
using namespace lookalike::ui;

namespace {

const QStringList kPeople{QStringLiteral("amy"), QStringLiteral("howard"), QStringLiteral("penny"),
                          QStringLiteral("raj"), QStringLiteral("sheldon")};

// One face per photo; the faces of a folder lie around the folder's own direction.
bool storeFaces(const QString& library, const QStringList& photos, quint32 seed)
{
    auto lib = Library::open(library, Library::Mode::OpenOrCreate);
    if (!lib)
        return false;
    const qint64 root =
        *(*lib)->ensureRoot(QFileInfo(photos.front()).dir().absolutePath(), true, true);
    std::vector<ImageResult> results;
    QRandomGenerator rng(seed);
    for (const QString& photo : photos) {
        const QString person = QFileInfo(photo).dir().dirName();
        QRandomGenerator centre(quint32(qHash(person)));
        ImageResult r;
        r.path = photo;
        r.size = QFileInfo(photo).size();
        r.width = r.height = 150;
        r.format = QStringLiteral("png");
        r.label = person;
        DetectedFace face;
        face.box = QRectF(0.1, 0.1, 0.8, 0.8);
        face.score = 0.9f;
        double norm = 0;
        for (int i = 0; i < 32; ++i) {
            face.embedding.push_back(
                float(centre.generateDouble() - 0.5 + 0.25 * (rng.generateDouble() - 0.5)));
            norm += double(face.embedding.back()) * face.embedding.back();
        }
        for (float& v : face.embedding)
            v = float(v / std::sqrt(norm));
        r.faces.push_back(face);
        results.push_back(r);
    }
    return bool((*lib)->storeResults(root, results, QStringLiteral("synthetic"), 32));
}

int countCircles(const QString& svg)
{
    QFile f(svg);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    QXmlStreamReader xml(&f);
    int n = 0;
    while (!xml.atEnd())
        n += xml.readNext() == QXmlStreamReader::StartElement &&
             xml.name() == QLatin1String("circle") &&
             xml.attributes().value(QLatin1String("class")).isEmpty();
    return xml.hasError() ? -2 : n;
}

} // namespace

class TestMapView : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_photos;

    QString freshLibrary(const QString& name)
    {
        const QString library = m_dir.filePath(name);
        QStringList photos;
        for (const QString& person : kPeople)
            for (const QString& file :
                 QDir(m_photos + QLatin1Char('/') + person).entryList(QDir::Files))
                photos << m_photos + QLatin1Char('/') + person + QLatin1Char('/') + file;
        return storeFaces(library, photos, 1) ? library : QString();
    }

    static MapView* openMap(test::WindowFixture& f, const QString& library)
    {
        f.window->show();
        if (!QTest::qWaitForWindowActive(f.window.get()))
            return nullptr;
        f.window->openLibrary(library);
        f.window->showMap(true);
        MapView* view = f.window->mapPage()->view();
        if (!QTest::qWaitFor(
                [&] {
                    return view->count() == f.catalog.count() && f.catalog.count() > 0 &&
                           !f.window->mapPage()->isBusy();
                },
                60000))
            return nullptr;
        return view;
    }

    static std::vector<qint64> idsInside(MapView* view, const std::function<bool(QPointF)>& inside)
    {
        std::vector<qint64> out;
        for (qint64 id : view->scene().ids)
            if (inside(view->screenPosition(id)))
                out.push_back(id);
        std::sort(out.begin(), out.end());
        return out;
    }

    static QString labelOf(const QString& library, qint64 id)
    {
        auto lib = Library::open(library, Library::Mode::ReadOnly);
        const auto face = (*lib)->face(id);
        return face ? face->label : QStringLiteral("<gone>");
    }

private slots:
    void initTestCase()
    {
        REQUIRE_TEST_DATA("faces/bbt/amy");
        m_photos = m_dir.filePath(QStringLiteral("photos"));
        QVERIFY(test::copyBbtPeople(m_photos, kPeople));
    }

    void selectionFeedsSetLabelAndUndo()
    {
        QTemporaryDir dir;
        test::WindowFixture f(std::nullopt, dir.path());
        const QString library = freshLibrary(QStringLiteral("select.lookalike"));
        MapView* view = openMap(f, library);
        QVERIFY(view);
        QCOMPARE(view->count(), 25);

        // A rubber band around Penny's faces, drawn with the mouse (Shift+drag).
        QRectF box;
        for (qint64 id : f.catalog.idsWithLabel(QStringLiteral("penny")))
            box = box.isNull() ? QRectF(view->screenPosition(id), QSizeF(1, 1))
                               : box.united(QRectF(view->screenPosition(id), QSizeF(1, 1)));
        box.adjust(-3, -3, 3, 3);
        const std::vector<qint64> expected =
            idsInside(view, [&](QPointF p) { return box.contains(p); });
        QVERIFY(expected.size() >= 5);
        QTest::mousePress(view, Qt::LeftButton, Qt::ShiftModifier, box.topLeft().toPoint());
        QTest::mouseMove(view, box.center().toPoint());
        QTest::mouseMove(view, box.bottomRight().toPoint());
        QTest::mouseRelease(view, Qt::LeftButton, Qt::ShiftModifier, box.bottomRight().toPoint());
        const std::vector<qint64> selected = view->selectedFaceIds();
        QCOMPARE(selected, expected);

        // The selection is drawn on top of the points' raster: a dark ring around each
        // selected point, none around the others.
        // Island names are drawn over everything and may cover a ring: off for this look.
        QVERIFY(!view->showsThumbnails());
        view->setShowNames(false);
        const QImage shown = view->grab().toImage();
        view->setShowNames(true);
        auto ringAt = [&](qint64 id) {
            const QPointF c = view->screenPosition(id) * shown.devicePixelRatio();
            const int ring = int(std::lround(3 * shown.devicePixelRatio()));
            const QColor px =
                shown.pixelColor(int(std::lround(c.x())) + ring, int(std::lround(c.y())));
            return px.lightness() < 80;
        };
        int ringed = 0, unselectedRinged = 0;
        for (qint64 id : view->scene().ids) {
            const bool isSelected = std::binary_search(selected.begin(), selected.end(), id);
            (isSelected ? ringed : unselectedRinged) += ringAt(id);
        }
        QVERIFY2(ringed >= int(selected.size()) - 1, qPrintable(QString::number(ringed)));
        QCOMPARE(unselectedRinged, 0);

        // The window's Set label acts on the map's selection.
        QVERIFY(f.window->faceActions()->setLabelAction()->isEnabled());
        QVERIFY(f.window->faceActions()->setLabelAction()->text().contains(
            QString::number(selected.size())));
        f.window->labelEditing()->setMoveFiles(false);
        f.sink.textAnswers.push_back(QStringLiteral("Penny Hofstadter"));
        f.window->faceActions()->setLabelAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(f.window->labelEditing()->isIdle() && !f.catalog.isLoading(),
                                 30000);
        for (qint64 id : selected)
            QCOMPARE(labelOf(library, id), QStringLiteral("Penny Hofstadter"));
        QCOMPARE(f.catalog.idsWithLabel(QStringLiteral("Penny Hofstadter")).size(),
                 selected.size());
        QCOMPARE(view->count(), 25); // a label change moves no point

        f.window->peopleActions()->undoAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(f.window->labelEditing()->isIdle() && !f.catalog.isLoading(),
                                 30000);
        for (qint64 id : selected)
            QVERIFY(labelOf(library, id) != QStringLiteral("Penny Hofstadter"));

        // The lasso: a triangle drawn with the mouse selects what is inside it.
        view->setTool(MapView::Tool::Lasso);
        const QPointF c(view->width() / 2.0, view->height() / 2.0);
        const QPolygonF triangle{c + QPointF(-150, 120), c + QPointF(0, -150),
                                 c + QPointF(150, 120)};
        const std::vector<qint64> inTriangle =
            idsInside(view, [&](QPointF p) { return triangle.containsPoint(p, Qt::OddEvenFill); });
        QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, triangle[0].toPoint());
        QPointF from = triangle[0]; // along each side in turn
        for (const QPointF& corner : {triangle[1], triangle[2], triangle[0]}) {
            for (int step = 1; step <= 10; ++step)
                QTest::mouseMove(view, (from + (corner - from) * step / 10.0).toPoint());
            from = corner;
        }
        QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, triangle[0].toPoint());
        QVERIFY(!view->selectedFaceIds().empty() || inTriangle.empty());
        QVERIFY(view->selectedFaceIds().size() <= inTriangle.size() + 1);
        view->setTool(MapView::Tool::Pan);
        QCOMPARE(f.sink.errors(), 0);
    }

    void clickOpensKeysZoomAndFit()
    {
        QTemporaryDir dir;
        test::WindowFixture f(std::nullopt, dir.path());
        MapView* view = openMap(f, freshLibrary(QStringLiteral("click.lookalike")));
        QVERIFY(view);
        const qint64 id = view->scene().ids[3];
        QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, view->screenPosition(id).toPoint());
        QCOMPARE(view->selectedFaceIds(), std::vector<qint64>{id});
        QTRY_VERIFY(!f.window->findChildren<PhotoViewer*>().isEmpty());
        for (PhotoViewer* v : f.window->findChildren<PhotoViewer*>())
            v->close();

        view->setFocus();
        const double fitted = view->scene().scale;
        QTest::keyClick(view, Qt::Key_Plus);
        QTest::keyClick(view, Qt::Key_Plus);
        QVERIFY(view->scene().scale > fitted * 1.5);
        const QPointF before = view->scene().centre;
        QTest::keyClick(view, Qt::Key_Left);
        QVERIFY(view->scene().centre.x() < before.x());
        QTest::keyClick(view, Qt::Key_0);
        QCOMPARE(view->scene().scale, fitted);
        // Zoomed far in, the faces themselves are drawn.
        for (int i = 0; i < 12 && !view->showsThumbnails(); ++i) {
            view->zoomBy(1.6, view->screenPosition(id));
            view->repaint();
        }
        QVERIFY(view->showsThumbnails());
        QCOMPARE(f.sink.errors(), 0);
    }

    void newFacesArePlacedAndExportsWritten()
    {
        QTemporaryDir dir;
        test::WindowFixture f(std::nullopt, dir.path());
        const QString library = freshLibrary(QStringLiteral("grow.lookalike"));
        MapView* view = openMap(f, library);
        QVERIFY(view);
        std::map<qint64, QPointF> before;
        for (size_t i = 0; i < view->scene().ids.size(); ++i)
            before[view->scene().ids[i]] =
                QPointF(view->scene().positions[2 * i], view->scene().positions[2 * i + 1]);

        // Three new photos of Raj arrive (as an import would add them).
        QStringList added;
        for (int i = 0; i < 3; ++i) {
            const QString copy = m_photos + QStringLiteral("/raj/new%1.png").arg(i);
            QVERIFY(QFile::copy(m_photos + QStringLiteral("/raj/raj1.png"), copy));
            added << copy;
        }
        QVERIFY(storeFaces(library, added, 7));
        f.catalog.reload();
        QTRY_VERIFY_WITH_TIMEOUT(view->count() == 28 && !f.window->mapPage()->isBusy(), 30000);
        QCOMPARE(f.window->mapPage()->service()->map().change, MapUpdater::Change::Placed);
        for (const auto& [id, p] : before) {
            const int point = view->scene().pointOf.value(id);
            QCOMPARE(
                QPointF(view->scene().positions[2 * point], view->scene().positions[2 * point + 1]),
                p);
        }

        const QString svg = dir.filePath(QStringLiteral("map.svg")),
                      png = dir.filePath(QStringLiteral("map.png"));
        f.sink.fileAnswers = {svg, png};
        f.window->mapPage()->exportMap(true);
        f.window->mapPage()->exportMap(false);
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(svg) && QFileInfo::exists(png) &&
                                     !f.window->mapPage()->isBusy(),
                                 30000);
        QCOMPARE(countCircles(svg), 28);
        const QImage image(png);
        QVERIFY(!image.isNull());
        QCOMPARE(std::max(image.width(), image.height()), 2000);
        QCOMPARE(f.sink.errors(), 0);
    }
};

QTEST_MAIN(TestMapView)
#include "tst_mapview.moc"
