// lookalike-cli map as a user runs it: the CSV, SVG and PNG it writes, the layout kept in
// the library between runs, and faces of one person next to each other on real photos.
#include "clirun.h"
#include "fixtures.h"
#include "database.h"
#include "library.h"
#include "testdata.h"
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>
#include <cmath>

using namespace lookalike;
using lookalike::test::cli;
using lookalike::test::Run;
using lookalike::test::dataPath;
using lookalike::test::fakeImage;

namespace {

struct CsvRow {
    qint64 id = 0;
    QString path, label;
    double x = 0, y = 0;
};

// The rows of a map CSV (no quoted commas in these paths and labels).
std::vector<CsvRow> readCsv(const QString& file, QString* header)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    *header = QString::fromUtf8(f.readLine()).trimmed();
    std::vector<CsvRow> rows;
    while (!f.atEnd()) {
        const QStringList cells = QString::fromUtf8(f.readLine()).trimmed().split(QLatin1Char(','));
        if (cells.size() == 5)
            rows.push_back({cells[0].toLongLong(), cells[1], cells[2], cells[3].toDouble(),
                            cells[4].toDouble()});
    }
    return rows;
}

int countElements(const QString& file, const QString& name, QStringList* texts = nullptr)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    QXmlStreamReader xml(&f);
    int count = 0;
    while (!xml.atEnd())
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == name) {
            ++count;
            if (texts)
                *texts << xml.readElementText();
        }
    return xml.hasError() ? -2 : count;
}

} // namespace

class TestMapCommand : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString& name) { return m_dir.filePath(name); }

    // 120 faces in 6 labelled folders, 3 unlabelled.
    QString syntheticLibrary()
    {
        const QString db = path(QStringLiteral("synthetic.db"));
        auto lib = Library::open(db, Library::Mode::OpenOrCreate);
        if (!lib)
            qFatal("%s", qPrintable(lib.error()));
        const qint64 root = *(*lib)->ensureRoot(QStringLiteral("/photos"), true, true);
        std::vector<ImageResult> batch;
        for (int i = 0; i < 123; ++i) {
            const QString person = i < 120 ? QStringLiteral("person%1").arg(i % 6) : QString();
            batch.push_back(fakeImage(QStringLiteral("/photos/%1/%2.jpg")
                                          .arg(person.isEmpty() ? QStringLiteral("misc") : person)
                                          .arg(i),
                                      1, quint32(i), person));
        }
        if (!(*lib)->storeResults(root, batch, QStringLiteral("m"), 512))
            qFatal("cannot store");
        return db;
    }

private slots:
    void writesCsvSvgAndPng()
    {
        const QString db = syntheticLibrary();
        const QString csv = path(QStringLiteral("map.csv")), svg = path(QStringLiteral("map.svg")),
                      png = path(QStringLiteral("map.png"));
        const Run r = cli({QStringLiteral("map"), db, QStringLiteral("--out"), csv,
                           QStringLiteral("--out"), svg, QStringLiteral("--out"), png,
                           QStringLiteral("--size"), QStringLiteral("800")});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(r.json().value(QStringLiteral("items")).toInt(), 123);
        QCOMPARE(r.json().value(QStringLiteral("layout")).toString(), QStringLiteral("computed"));

        QString header;
        const std::vector<CsvRow> rows = readCsv(csv, &header);
        QCOMPARE(header, QStringLiteral("item_id,path,label,x,y"));
        QCOMPARE(rows.size(), size_t(123));
        auto lib = Library::open(db, Library::Mode::ReadOnly);
        for (const CsvRow& row : rows) {
            const auto face = (*lib)->face(row.id);
            QVERIFY(face);
            QCOMPARE(row.path, face->path);
            QCOMPARE(row.label, face->label);
            QVERIFY(std::isfinite(row.x) && std::isfinite(row.y));
        }

        QCOMPARE(countElements(svg, QStringLiteral("circle")), 123);
        QImage image(png);
        QVERIFY(!image.isNull());
        QCOMPARE(std::max(image.width(), image.height()), 800);
        int coloured = 0;
        for (int y = 0; y < image.height(); y += 2)
            for (int x = 0; x < image.width(); x += 2)
                coloured += image.pixel(x, y) != qRgb(255, 255, 255);
        QVERIFY(coloured > 100);

        // Kept in the library: the next run lays nothing out.
        const Run again = cli({QStringLiteral("map"), db, QStringLiteral("--out"),
                               path(QStringLiteral("again.csv"))});
        QCOMPARE(again.code, 0);
        QCOMPARE(again.json().value(QStringLiteral("layout")).toString(), QStringLiteral("cached"));
        QString header2;
        const std::vector<CsvRow> same = readCsv(path(QStringLiteral("again.csv")), &header2);
        QCOMPARE(same.size(), rows.size());
        for (size_t i = 0; i < rows.size(); ++i)
            QVERIFY(same[i].id == rows[i].id && same[i].x == rows[i].x && same[i].y == rows[i].y);
        const Run redo = cli({QStringLiteral("map"), db, QStringLiteral("--recompute")});
        QCOMPARE(redo.json().value(QStringLiteral("layout")).toString(),
                 QStringLiteral("computed"));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no library") << QStringList{QStringLiteral("map")};
        QTest::newRow("unknown format")
            << QStringList{QStringLiteral("map"), QStringLiteral("x.db"), QStringLiteral("--out"),
                           QStringLiteral("map.gif")};
        QTest::newRow("unknown colouring")
            << QStringList{QStringLiteral("map"), QStringLiteral("x.db"),
                           QStringLiteral("--colour"), QStringLiteral("mood")};
        QTest::newRow("photos by label")
            << QStringList{QStringLiteral("map"), QStringLiteral("x.db"), QStringLiteral("--photos"),
                           QStringLiteral("--colour"), QStringLiteral("label")};
        QTest::newRow("tiny picture") << QStringList{QStringLiteral("map"), QStringLiteral("x.db"),
                                                     QStringLiteral("--size"), QStringLiteral("5")};
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        const Run r = cli(args);
        QCOMPARE(r.code, 1);
        QVERIFY(!r.err.isEmpty());
    }

    void failures()
    {
        const Run missing = cli({QStringLiteral("map"), path(QStringLiteral("absent.db")),
                                 QStringLiteral("--out"), path(QStringLiteral("a.csv"))});
        QCOMPARE(missing.code, 2);
        QVERIFY(missing.err.contains("no library"));
        const Run unwritable =
            cli({QStringLiteral("map"), syntheticLibrary(), QStringLiteral("--out"),
                 path(QStringLiteral("no/such/folder/a.svg"))});
        QCOMPARE(unwritable.code, 2);
        QVERIFY(unwritable.err.contains("cannot write"));
    }

    void samePersonSideBySideOnRealPhotos()
    {
        REQUIRE_TEST_DATA("faces/bbt/amy");
        const QString photos = path(QStringLiteral("bbt"));
        for (const char* person :
             {"amy", "bernadette", "howard", "leonard", "penny", "raj", "sheldon", "stuart"}) {
            const QDir from(dataPath(QStringLiteral("faces/bbt/") + QLatin1String(person)));
            QVERIFY(QDir().mkpath(photos + QLatin1Char('/') + QLatin1String(person)));
            for (const QString& file : from.entryList(QDir::Files))
                QVERIFY(QFile::copy(from.filePath(file), photos + QLatin1Char('/') +
                                                             QLatin1String(person) +
                                                             QLatin1Char('/') + file));
        }
        const QString db = path(QStringLiteral("bbt.db"));
        const Run index =
            cli({QStringLiteral("index"), db, photos, QStringLiteral("--labels-from-subfolders")});
        QVERIFY2(index.code == 0, index.err.constData());
        const QString csv = path(QStringLiteral("bbt.csv")), svg = path(QStringLiteral("bbt.svg"));
        const Run r = cli({QStringLiteral("map"), db, QStringLiteral("--out"), csv,
                           QStringLiteral("--out"), svg});
        QVERIFY2(r.code == 0, r.err.constData());
        QString header;
        const std::vector<CsvRow> rows = readCsv(csv, &header);
        QVERIFY(rows.size() >= 38);
        // Each labelled face's nearest face on the map shows the same person.
        int same = 0, labelled = 0;
        for (const CsvRow& a : rows) {
            if (a.label.isEmpty())
                continue;
            ++labelled;
            const CsvRow* nearest = nullptr;
            for (const CsvRow& b : rows)
                if (b.id != a.id &&
                    (!nearest || std::hypot(b.x - a.x, b.y - a.y) <
                                     std::hypot(nearest->x - a.x, nearest->y - a.y)))
                    nearest = &b;
            same += nearest->label == a.label;
        }
        qInfo("nearest face on the map is the same person for %d of %d faces", same, labelled);
        QVERIFY(same >= labelled * 8 / 10);
        // The picture names the people on their islands.
        QStringList names;
        QCOMPARE(countElements(svg, QStringLiteral("circle")), int(rows.size()));
        countElements(svg, QStringLiteral("text"), &names);
        qInfo("names on the map: %s", qPrintable(names.join(QStringLiteral(", "))));
        QVERIFY(names
                    .filter(QRegularExpression(QStringLiteral(
                        "^(amy|bernadette|howard|leonard|penny|raj|sheldon|stuart)$")))
                    .size() >= 4);
    }

    // map --photos: the whole photos of a photos-only library (Holidays and photos without
    // people, real files), one row per photo: its image id, its path, its folder.
    void photosOnRealPhotos()
    {
        REQUIRE_TEST_DATA("images/holidays-dev/jpg");
        REQUIRE_TEST_DATA("images/noface-dev/urban100");
        const QString photos = path(QStringLiteral("photos"));
        const QStringList sources{QStringLiteral("images/holidays-dev/jpg"),
                                  QStringLiteral("images/noface-dev/urban100")};
        for (const QString& source : sources) {
            const QDir from(dataPath(source));
            const QString to = photos + QLatin1Char('/') + from.dirName();
            QVERIFY(QDir().mkpath(to));
            for (const QString& file : from.entryList({QStringLiteral("*.jpg"), QStringLiteral("*.png")},
                                                      QDir::Files, QDir::Name).mid(0, 30))
                QVERIFY(QFile::copy(from.filePath(file), to + QLatin1Char('/') + file));
        }
        const QString db = path(QStringLiteral("photos.db"));
        const Run index = cli({QStringLiteral("index"), db, photos, QStringLiteral("--photos-only")});
        QVERIFY2(index.code == 0, index.err.constData());
        const int described = index.json().value(QStringLiteral("photos_described")).toInt();
        QCOMPARE(described, 60);

        const QString csv = path(QStringLiteral("photos.csv")), svg = path(QStringLiteral("photos.svg"));
        const Run r = cli({QStringLiteral("map"), db, QStringLiteral("--photos"), QStringLiteral("--out"),
                           csv, QStringLiteral("--out"), svg});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(r.json().value(QStringLiteral("kind")).toString(), QStringLiteral("photos"));
        QCOMPARE(r.json().value(QStringLiteral("items")).toInt(), described);
        QString header;
        const std::vector<CsvRow> rows = readCsv(csv, &header);
        QCOMPARE(header, QStringLiteral("item_id,path,label,x,y"));
        QCOMPARE(rows.size(), size_t(described));
        auto lib = Library::open(db, Library::Mode::ReadOnly);
        QVERIFY(lib);
        for (const CsvRow& row : rows) {
            Statement q = (*lib)->database().prepare("SELECT path FROM images WHERE id = ?");
            q.bind(1, row.id);
            QVERIFY(q.next()); // the image id
            QCOMPARE(row.path, q.text(0));
            QCOMPARE(row.label, QFileInfo(row.path).path()); // its folder
            QVERIFY(std::isfinite(row.x) && std::isfinite(row.y));
        }
        QCOMPARE(countElements(svg, QStringLiteral("circle")), described);
        // The faces' output is unchanged: this library has no faces to map.
        const Run faces = cli({QStringLiteral("map"), db, QStringLiteral("--out"), path(QStringLiteral("f.csv"))});
        QCOMPARE(faces.code, 2);
        // Kept: the next run reads it back.
        const Run again = cli({QStringLiteral("map"), db, QStringLiteral("--photos")});
        QCOMPARE(again.json().value(QStringLiteral("layout")).toString(), QStringLiteral("cached"));
    }
};

QTEST_GUILESS_MAIN(TestMapCommand)
#include "tst_mapcommand.moc"
