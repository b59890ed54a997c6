#include "mapexporter.h"

#include "database.h"
#include "exporter.h"
#include "islandlabels.h"
#include "library.h"

#include <QFont>
#include <QGuiApplication>
#include <QPainter>
#include <QSaveFile>
#include <QTextStream>

#include <algorithm>
#include <cmath>

namespace lookalike {
namespace {

constexpr double kMargin = 0.03; // of the longer side
constexpr int kMaxNames = 150;   // names drawn at most, largest groups first

// Map units to picture pixels.
struct Frame {
    QRectF bounds;
    double scale = 1, margin = 0;
    QSize size;
    double radius = 2; // of a point, px
    double fontPx = 14;

    Frame(const MapPicture& p, int side)
    {
        bounds = mapBounds(p.positions);
        margin = side * kMargin;
        const double extent = std::max({bounds.width(), bounds.height(), 1e-9});
        scale = (side - 2 * margin) / extent;
        size = QSize(int(std::ceil(bounds.width() * scale + 2 * margin)),
                     int(std::ceil(bounds.height() * scale + 2 * margin)));
        const double n = double(std::max<size_t>(1, p.positions.size() / 2));
        radius = std::clamp(side / std::sqrt(n) * 0.12, 1.2, 6.0);
        fontPx = std::max(11.0, side / 120.0);
    }
    QPointF map(double x, double y) const
    {
        return {(x - bounds.left()) * scale + margin, (y - bounds.top()) * scale + margin};
    }
};

// Island names that fit without overlapping a larger group's, in pixels.
struct PlacedName {
    QString text;
    QPointF centre;
    QColor colour;
};

std::vector<PlacedName> placeNames(const MapPicture& p, const Frame& f)
{
    std::vector<PlacedName> out;
    std::vector<QRectF> taken;
    for (const IslandLabel& l : islandLabels(p.positions, p.groups)) {
        if (int(out.size()) >= kMaxNames)
            break;
        const QString text = p.groups.names[l.group];
        const QPointF c = f.map(l.position.x(), l.position.y());
        const double w = 0.6 * f.fontPx * text.size(), h = 1.3 * f.fontPx;
        const QRectF box(c.x() - w / 2, c.y() - h / 2, w, h);
        if (std::any_of(taken.begin(), taken.end(),
                        [&](const QRectF& r) { return r.intersects(box); }))
            continue;
        taken.push_back(box);
        out.push_back({text, c, p.groups.colour(l.group).darker(160)});
    }
    return out;
}

// Point indices by group, groups with the fewest points last (drawn on top).
std::vector<std::vector<size_t>> pointsByGroup(const MapPicture& p)
{
    std::vector<std::vector<size_t>> out(p.groups.names.size() + 1);
    for (size_t i = 0; i < p.groups.group.size(); ++i)
        out[size_t(p.groups.group[i] + 1)].push_back(i);
    return out;
}

Status commit(QSaveFile& out, const QString& file)
{
    if (!out.commit())
        return Error{QStringLiteral("cannot write %1: %2").arg(file, out.errorString())};
    return success();
}

} // namespace

Status MapExporter::writeSvg(const QString& file, const MapPicture& p, const Options& o)
{
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Text))
        return Error{QStringLiteral("cannot write %1: %2").arg(file, out.errorString())};
    const Frame f(p, o.side);
    QTextStream s(&out);
    s.setRealNumberPrecision(6);
    s << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << f.size.width() << "\" height=\""
      << f.size.height() << "\" viewBox=\"0 0 " << f.size.width() << ' ' << f.size.height()
      << "\">\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
    const auto groups = pointsByGroup(p);
    for (size_t g = 0; g < groups.size(); ++g) {
        if (groups[g].empty())
            continue;
        s << "<g fill=\"" << p.groups.colour(int(g) - 1).name() << "\" fill-opacity=\"0.85\">\n";
        for (size_t i : groups[g]) {
            const QPointF c = f.map(p.positions[2 * i], p.positions[2 * i + 1]);
            s << "<circle cx=\"" << QString::number(c.x(), 'f', 1) << "\" cy=\""
              << QString::number(c.y(), 'f', 1) << "\" r=\"" << QString::number(f.radius, 'f', 1)
              << "\"/>\n";
        }
        s << "</g>\n";
    }
    if (p.marker) {
        const QPointF c = f.map(p.marker->x(), p.marker->y());
        s << "<circle class=\"marker\" cx=\"" << c.x() << "\" cy=\"" << c.y() << "\" r=\""
          << f.radius * 4 << "\" fill=\"none\" stroke=\"#000000\" stroke-width=\"3\"/>\n";
    }
    if (o.names) {
        s << "<g font-family=\"sans-serif\" font-size=\"" << f.fontPx
          << "\" text-anchor=\"middle\" dominant-baseline=\"central\" stroke=\"#ffffff\" "
             "stroke-width=\"3\" paint-order=\"stroke\">\n";
        for (const PlacedName& n : placeNames(p, f))
            s << "<text x=\"" << n.centre.x() << "\" y=\"" << n.centre.y() << "\" fill=\""
              << n.colour.name() << "\">" << n.text.toHtmlEscaped() << "</text>\n";
        s << "</g>\n";
    }
    if (!o.title.isEmpty())
        s << "<text x=\"" << f.margin << "\" y=\"" << f.margin << "\" font-family=\"sans-serif\" "
          << "font-size=\"" << f.fontPx * 1.3 << "\" fill=\"#333333\">" << o.title.toHtmlEscaped()
          << "</text>\n";
    s << "</svg>\n";
    s.flush();
    return commit(out, file);
}

QImage MapExporter::render(const MapPicture& p, const Options& o)
{
    const Frame f(p, o.side);
    QImage image(f.size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    const auto groups = pointsByGroup(p);
    for (size_t g = 0; g < groups.size(); ++g) {
        QColor colour = p.groups.colour(int(g) - 1);
        colour.setAlphaF(0.85f);
        painter.setBrush(colour);
        for (size_t i : groups[g])
            painter.drawEllipse(f.map(p.positions[2 * i], p.positions[2 * i + 1]), f.radius,
                                f.radius);
    }
    if (p.marker) {
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(Qt::black, 3));
        painter.drawEllipse(f.map(p.marker->x(), p.marker->y()), f.radius * 4, f.radius * 4);
    }
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return image; // no fonts without a QGuiApplication
    QFont font;
    font.setPixelSize(int(f.fontPx));
    painter.setFont(font);
    auto text = [&](const QPointF& c, const QString& t, const QColor& colour, int flags) {
        const QRectF box(c.x() - 400, c.y() - f.fontPx, 800, 2 * f.fontPx);
        painter.setPen(QColor(255, 255, 255, 220));
        for (const QPointF d : {QPointF(-1, 0), QPointF(1, 0), QPointF(0, -1), QPointF(0, 1)})
            painter.drawText(box.translated(d), flags, t);
        painter.setPen(colour);
        painter.drawText(box, flags, t);
    };
    if (o.names)
        for (const PlacedName& n : placeNames(p, f))
            text(n.centre, n.text, n.colour, Qt::AlignCenter);
    if (!o.title.isEmpty())
        text(QPointF(f.margin + 400, f.margin), o.title, QColor(0x333333),
             Qt::AlignLeft | Qt::AlignVCenter);
    return image;
}

Status MapExporter::writePng(const QString& file, const MapPicture& p, const Options& o)
{
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("cannot write %1: %2").arg(file, out.errorString())};
    if (!render(p, o).save(&out, "PNG"))
        return Error{QStringLiteral("cannot encode the map as PNG")};
    return commit(out, file);
}

Expected<qint64> MapExporter::writeCsv(const QString& file, const std::vector<qint64>& ids,
                                       const std::vector<float>& positions,
                                       const QHash<qint64, MapItemInfo>& info)
{
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Text))
        return Error{QStringLiteral("cannot write %1: %2").arg(file, out.errorString())};
    QTextStream s(&out);
    s << "item_id,path,label,x,y\n";
    for (size_t i = 0; i < ids.size(); ++i) {
        const MapItemInfo item = info.value(ids[i]);
        s << ids[i] << ',' << Exporter::csvField(item.path) << ',' << Exporter::csvField(item.label)
          << ',' << QString::number(positions[2 * i], 'g', 8) << ','
          << QString::number(positions[2 * i + 1], 'g', 8) << '\n';
    }
    s.flush();
    if (Status st = commit(out, file); !st)
        return Error{st.error()};
    return qint64(ids.size());
}

QHash<qint64, MapItemInfo> MapExporter::itemInfo(Library& library)
{
    QHash<qint64, MapItemInfo> out;
    Statement q = library.database().prepare(
        "SELECT items.id, images.path, labels.name, items.cluster FROM items JOIN images ON "
        "images.id = items.image_id LEFT JOIN labels ON labels.id = items.label_id WHERE items.kind = 0");
    while (q.next())
        out.insert(q.integer(0), MapItemInfo{q.text(1), q.text(2), int(q.integer(3))});
    return out;
}

} // namespace lookalike
