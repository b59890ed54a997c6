// PointLayer: the map's points rasterised once per zoom, off the GUI thread. Known points
// are painted into an image as the view would; the pixel at each point's place must have
// its colour, at device pixel ratios 1 and 2, from the first frame (rasterised on the spot
// until the background raster comes); a pan moves them without a new raster; a zoom
// draws the old raster scaled until the new one comes; new colours rebuild it; points
// outside the view are not drawn, and a map too big for one raster is cut to the view.
#include "mapscene.h"
#include "pointlayer.h"
#include <QPainter>
#include <QSignalSpy>
#include <QtTest>

using namespace lookalike;
using namespace lookalike::ui;

namespace {

constexpr QRgb kRed = 0xffe03020, kBlue = 0xff2040e0, kGreen = 0xff20a040;
constexpr QRgb kBackground = 0xffffffff;

// Three points 10 map units apart and one far out to the right.
MapScene threePoints(double farX = 1000)
{
    MapScene s;
    s.ids = {1, 2, 3, 4};
    s.positions = {0, 0, 10, 0, 0, 5, float(farX), 0};
    s.colours = {kRed, kBlue, kGreen, kGreen};
    s.selected.assign(4, 0);
    s.grid = PointGrid(&s.positions);
    s.size = QSize(200, 120);
    s.centre = QPointF(5, 2.5);
    s.scale = 10; // the three near points in view, the far one not
    s.fitScale = 10;
    return s;
}

// What a 90%-opaque disc of `colour` over white looks like.
QRgb overWhite(QRgb colour)
{
    auto mix = [](int c) { return int(std::lround(0.9 * c + 0.1 * 255)); };
    return qRgb(mix(qRed(colour)), mix(qGreen(colour)), mix(qBlue(colour)));
}

bool near(QRgb a, QRgb b)
{
    return std::abs(qRed(a) - qRed(b)) <= 3 && std::abs(qGreen(a) - qGreen(b)) <= 3 &&
           std::abs(qBlue(a) - qBlue(b)) <= 3;
}

QImage paint(PointLayer& layer, const MapScene& scene, qreal dpr)
{
    QImage image(scene.size * dpr, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    image.fill(kBackground);
    QPainter p(&image);
    layer.paint(p, scene, dpr, 3);
    return image;
}

// The pixel of `image` (device pixels) under the map position (x, y).
QRgb at(const QImage& image, const MapScene& scene, double x, double y)
{
    const QPointF c = scene.toScreen(x, y) * image.devicePixelRatio();
    return image.pixel(int(std::lround(c.x())), int(std::lround(c.y())));
}

int count(const QImage& image, QRgb colour)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += near(image.pixel(x, y), colour);
    return n;
}

// Paints until the layer has a raster made for this very view.
QImage settled(PointLayer& layer, const MapScene& scene, qreal dpr)
{
    QImage image;
    (void)QTest::qWaitFor(
        [&] {
            image = paint(layer, scene, dpr);
            return layer.isCurrent();
        },
        10000);
    return image;
}

} // namespace

class TestPointLayer : public QObject {
    Q_OBJECT

private slots:
    void pointsHaveTheirColour_data()
    {
        QTest::addColumn<qreal>("dpr");
        QTest::newRow("1x") << qreal(1);
        QTest::newRow("2x") << qreal(2);
    }

    void pointsHaveTheirColour()
    {
        QFETCH(qreal, dpr);
        MapScene scene = threePoints();
        PointLayer layer;
        QSignalSpy updated(&layer, &PointLayer::updated);
        layer.setPoints(PointLayer::snapshot(scene));
        QImage image = paint(layer, scene, dpr);
        QVERIFY(!layer.isCurrent()); // the raster is being made: the points in view are
        QCOMPARE(layer.lastMatch(), PointLayer::Match::Direct); // rasterised on the spot
        QVERIFY(near(at(image, scene, 0, 0), overWhite(kRed)));
        QVERIFY(near(at(image, scene, 10, 0), overWhite(kBlue)));
        QTRY_VERIFY(layer.builds() == 1);
        QVERIFY(updated.count() >= 2); // the points changed, the raster came
        image = paint(layer, scene, dpr);
        QVERIFY(layer.isCurrent());
        QCOMPARE(layer.lastMatch(), PointLayer::Match::Exact);
        QCOMPARE(layer.raster().image.devicePixelRatio(), dpr);
        QVERIFY(near(at(image, scene, 0, 0), overWhite(kRed)));
        QVERIFY(near(at(image, scene, 10, 0), overWhite(kBlue)));
        QVERIFY(near(at(image, scene, 0, 5), overWhite(kGreen)));
        QVERIFY(near(at(image, scene, 5, 2.5), kBackground)); // between them: nothing
        // A disc, not a single pixel: 2 pixels to the side is still red, 6 is not.
        QVERIFY(near(at(image, scene, 0.2, 0), overWhite(kRed)));
        QVERIFY(near(at(image, scene, 0, -0.6), kBackground));
    }

    void panMovesThePointsWithoutANewRaster()
    {
        MapScene scene = threePoints();
        PointLayer layer;
        layer.setPoints(PointLayer::snapshot(scene));
        settled(layer, scene, 1);
        const int builds = layer.builds();
        const QPointF before = scene.toScreen(0, 0);
        scene.centre -= QPointF(3.7, 1.2); // 37 and 12 pixels right and down
        const QImage image = paint(layer, scene, 1);
        QVERIFY(layer.isCurrent());
        QCOMPARE(layer.builds(), builds);
        QCOMPARE(scene.toScreen(0, 0), before + QPointF(37, 12));
        QVERIFY(near(at(image, scene, 0, 0), overWhite(kRed)));
        QVERIFY(near(image.pixel(before.toPoint()), kBackground));
        QVERIFY(near(at(image, scene, 10, 0), overWhite(kBlue)));
    }

    void zoomDrawsTheOldRasterUntilTheNewOneComes()
    {
        MapScene scene = threePoints();
        PointLayer layer;
        layer.setPoints(PointLayer::snapshot(scene));
        settled(layer, scene, 1);
        const int builds = layer.builds();
        scene.scale = 14; // 1.4 times: the old raster, scaled, until the zoom settles
        QImage image = paint(layer, scene, 1);
        QVERIFY(!layer.isCurrent());
        QCOMPARE(layer.lastMatch(), PointLayer::Match::Stale);
        QCOMPARE(layer.builds(), builds);
        QVERIFY(near(at(image, scene, 10, 0), overWhite(kBlue)));
        image = settled(layer, scene, 1);
        QCOMPARE(layer.builds(), builds + 1);
        QCOMPARE(layer.raster().scale, 14.0);
        QVERIFY(near(at(image, scene, 10, 0), overWhite(kBlue)));
        QVERIFY(near(at(image, scene, 0, 5), overWhite(kGreen)));
    }

    void newColoursRebuild()
    {
        MapScene scene = threePoints();
        PointLayer layer;
        layer.setPoints(PointLayer::snapshot(scene));
        settled(layer, scene, 1);
        const int builds = layer.builds();
        scene.colours[0] = kBlue;
        scene.dimmed = {0, 1, 0, 0}; // the blue point is drawn grey
        layer.setPoints(PointLayer::snapshot(scene));
        QVERIFY(!layer.isCurrent());
        const QImage image = settled(layer, scene, 1);
        QCOMPARE(layer.builds(), builds + 1);
        QVERIFY(near(at(image, scene, 0, 0), overWhite(kBlue)));
        QVERIFY(near(at(image, scene, 10, 0), overWhite(0xffd6d6d6)));
        QVERIFY(near(at(image, scene, 0, 5), overWhite(kGreen)));
    }

    void pointsOutsideTheViewAreNotDrawn()
    {
        // Green twice: (0, 5) in view, (1000, 0) out of it. Only one green disc is painted.
        MapScene scene = threePoints();
        PointLayer layer;
        layer.setPoints(PointLayer::snapshot(scene));
        const QImage image = settled(layer, scene, 1);
        const int oneDisc = count(image, overWhite(kGreen));
        QVERIFY(oneDisc > 10);
        scene.positions[6] = 5; // the far point moves into view: twice as much green
        layer.setPoints(PointLayer::snapshot(scene));
        QCOMPARE(count(settled(layer, scene, 1), overWhite(kGreen)), 2 * oneDisc);
    }

    void aMapTooBigForOneRasterIsCutToTheView()
    {
        // 100,000 units wide at 10 pixels a unit: a million pixels across, far over
        // kMaxPixels. The raster holds the view and a margin, not the far point.
        MapScene scene = threePoints(100000);
        PointLayer layer;
        layer.setPoints(PointLayer::snapshot(scene));
        QImage image = settled(layer, scene, 1);
        const PointLayer::Raster& r = layer.raster();
        QVERIFY(qint64(r.image.width()) * r.image.height() <= PointLayer::kMaxPixels);
        QVERIFY(r.region.contains(QRectF(0, 0, 10, 5))); // the points in view
        QVERIFY(!r.region.contains(100000, 0));
        QVERIFY(near(at(image, scene, 10, 0), overWhite(kBlue)));
        // Panning to the far point needs a raster there; it comes, and shows it.
        scene.centre = QPointF(100000, 0);
        image = settled(layer, scene, 1);
        QVERIFY(layer.raster().region.contains(100000, 0));
        QVERIFY(near(at(image, scene, 100000, 0), overWhite(kGreen)));
    }
};

QTEST_MAIN(TestPointLayer)
#include "tst_pointlayer.moc"
