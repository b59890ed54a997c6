#include "exporter.h"
#include "library.h"
#include "database.h"
#include "pendingchanges.h"
#include "vectorstore.h"
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <functional>
#include <numeric>
#include <QTextStream>

namespace lookalike {

// RFC 4180 quoting, only where needed.
QString Exporter::csvField(const QString& value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) &&
        !value.contains(QLatin1Char('\n')) && !value.contains(QLatin1Char('\r')))
        return value;
    QString quoted = value;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

namespace {

using CsvField = QString (*)(const QString&);
const CsvField csvField = &Exporter::csvField;

QString faceColumns(const FaceRecord& f)
{
    return QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8")
        .arg(f.id)
        .arg(csvField(f.path), csvField(f.label))
        .arg(f.box.x(), 0, 'g', 7)
        .arg(f.box.y(), 0, 'g', 7)
        .arg(f.box.width(), 0, 'g', 7)
        .arg(f.box.height(), 0, 'g', 7)
        .arg(double(f.score), 0, 'g', 6);
}

const QString kHeader = QStringLiteral("face_id,path,label,x,y,w,h,score");

// Every vector of `model` in item order with its face record, streamed in blocks: at
// 1,000,000 faces neither the vectors (2 GB) nor the records are ever all in memory.
// visit(face, vector or null when d is 0).
Status forEachRow(Library& library, const QString& model,
                  const std::function<bool(const FaceRecord&, const float*)>& visit)
{
    VectorStore store(library, model);
    const int d = store.dimension();
    bool stopped = false;
    const Status s = store.forEachBlock(4096, [&](const qint64* ids, const float* vectors, qint64 n) {
        QHash<qint64, FaceRecord> byId;
        library.forEachFace([&](const FaceRecord& f) { byId.insert(f.id, f); }, ids[0] - 1,
                            ids[n - 1]);
        for (qint64 i = 0; i < n && !stopped; ++i) {
            FaceRecord face = byId.value(ids[i]);
            face.id = ids[i];
            stopped = !visit(face, vectors + i * d);
        }
        return !stopped;
    });
    if (!s)
        return s;
    return stopped ? Status(Error{QStringLiteral("cannot write the export")}) : success();
}

Expected<qint64> writeFacesCsv(Library& library, const QString& model, const QString& file,
                               bool withEmbeddings)
{
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Text))
        return Error{QStringLiteral("cannot write %1: %2").arg(file, out.errorString())};
    QTextStream s(&out);
    s << kHeader;
    const int d = VectorStore(library, model).dimension();
    if (withEmbeddings)
        for (int j = 0; j < d; ++j)
            s << ",e" << j;
    s << '\n';
    qint64 rows = 0;
    const Status streamed = forEachRow(library, model, [&](const FaceRecord& face, const float* v) {
        s << faceColumns(face);
        if (withEmbeddings)
            for (int j = 0; j < d; ++j)
                s << ',' << QString::number(double(v[j]), 'g', 8);
        s << '\n';
        ++rows;
        return s.status() == QTextStream::Ok;
    });
    s.flush();
    if (!streamed) {
        out.cancelWriting();
        return Error{QStringLiteral("cannot write %1: %2").arg(file, streamed.error())};
    }
    if (!out.commit())
        return Error{QStringLiteral("cannot write %1: %2").arg(file, out.errorString())};
    return rows;
}

} // namespace

// NPY format 1.0: magic, version, little-endian header length, a dict padded to 64 bytes.
QByteArray Exporter::npyHeader(qint64 rows, int columns)
{
    QByteArray dict = QStringLiteral("{'descr': '<f4', 'fortran_order': False, 'shape': (%1, %2), }")
                          .arg(rows)
                          .arg(columns)
                          .toLatin1();
    const int unpadded = 10 + int(dict.size()) + 1;
    dict.append(QByteArray((64 - unpadded % 64) % 64, ' '));
    dict.append('\n');
    QByteArray header("\x93NUMPY\x01\x00", 8);
    const quint16 length = quint16(dict.size());
    header.append(char(length & 0xff));
    header.append(char(length >> 8));
    return header + dict;
}

Expected<qint64> Exporter::writeCsv(Library& library, const QString& model, const QString& file)
{
    return writeFacesCsv(library, model, file, true);
}

Expected<qint64> Exporter::writeNpy(Library& library, const QString& model, const QString& file)
{
    VectorStore store(library, model);
    const qint64 n = store.count();
    const int d = store.dimension();
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("cannot write %1: %2").arg(file, out.errorString())};
    out.write(npyHeader(n, d));
    qint64 written = 0;
    const Status s = store.forEachBlock(4096, [&](const qint64*, const float* vectors, qint64 rows) {
        const qint64 bytes = rows * d * qint64(sizeof(float));
        written += rows;
        return written <= n && out.write(reinterpret_cast<const char*>(vectors), bytes) == bytes;
    });
    if (!s || written != n) {
        out.cancelWriting();
        return Error{QStringLiteral("cannot write %1: %2")
                         .arg(file, s ? QStringLiteral("the library changed meanwhile") : s.error())};
    }
    if (!out.commit())
        return Error{QStringLiteral("cannot write %1: %2").arg(file, out.errorString())};
    auto csv = writeFacesCsv(library, model, file + QStringLiteral(".csv"), false);
    if (!csv)
        return Error{csv.error()};
    return n;
}

namespace {

Status saveText(const QString& file, const QByteArray& bytes)
{
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
        return Error{QStringLiteral("cannot write %1: %2").arg(file, out.errorString())};
    return success();
}

} // namespace

Expected<qint64> Exporter::writeDecisions(Library& library, const QString& model, const QString& file, bool json)
{
    struct Row { qint64 a, b; int verdict; };
    std::vector<Row> rows;
    Statement q = library.database().prepare("SELECT item_a, item_b, verdict FROM decisions ORDER BY id");
    while (q.next())
        rows.push_back({q.integer(0), q.integer(1), int(q.integer(2))});
    QByteArray csv = "path_a,path_b,similarity,label_a,label_b,verdict\n";
    QJsonArray array;
    for (const Row& r : rows) {
        const auto fa = library.face(r.a), fb = library.face(r.b);
        if (!fa || !fb)
            continue; // the photo was removed since
        const auto ea = library.embedding(r.a, model), eb = library.embedding(r.b, model);
        const double similarity = ea.size() == eb.size() ? std::inner_product(ea.begin(), ea.end(), eb.begin(), 0.0) : 0.0;
        const QString verdict = r.verdict == 0 ? QStringLiteral("different") : QStringLiteral("same");
        csv += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                   .arg(csvField(fa->path), csvField(fb->path))
                   .arg(similarity, 0, 'f', 6)
                   .arg(csvField(fa->label), csvField(fb->label), verdict)
                   .toUtf8();
        array.append(QJsonObject{{QStringLiteral("path_a"), fa->path}, {QStringLiteral("path_b"), fb->path},
                                 {QStringLiteral("face_a"), r.a}, {QStringLiteral("face_b"), r.b},
                                 {QStringLiteral("similarity"), similarity}, {QStringLiteral("label_a"), fa->label},
                                 {QStringLiteral("label_b"), fb->label}, {QStringLiteral("verdict"), verdict}});
    }
    if (Status s = saveText(file, json ? QJsonDocument(array).toJson() : csv); !s)
        return Error{s.error()};
    return qint64(array.size());
}

Expected<qint64> Exporter::writePhotoLabels(Library& library, const QString& file)
{
    QByteArray csv = "path,labels\n";
    qint64 rows = 0;
    const PendingChanges pending = library.pendingChanges(); // paths where the photos are
    Statement q = library.database().prepare(
        "SELECT images.path, (SELECT group_concat(name, char(31)) FROM (SELECT DISTINCT labels.name AS name "
        "FROM items JOIN labels ON labels.id = items.label_id WHERE items.image_id = images.id AND items.not_face = 0 "
        "ORDER BY name)), "
        "images.id FROM images WHERE images.status = 0 ORDER BY images.path");
    while (q.next()) {
        const QStringList labels = q.text(1).split(QChar(31), Qt::SkipEmptyParts);
        const QString path = pending.resolve(q.integer(2), q.text(0));
        csv += (csvField(path) + QLatin1Char(',') + csvField(labels.join(QLatin1Char(';'))) + QLatin1Char('\n')).toUtf8();
        ++rows;
    }
    if (Status s = saveText(file, csv); !s)
        return Error{s.error()};
    return rows;
}

QByteArray Exporter::reviewQueueCsv(const std::vector<ReviewItem>& items)
{
    QByteArray csv = "path_a,path_b,similarity,label_a,label_b\n";
    for (const ReviewItem& r : items)
        csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                   .arg(csvField(r.suspect.path), csvField(r.evidence.path))
                   .arg(double(r.similarity), 0, 'f', 6)
                   .arg(csvField(r.suspect.label), csvField(r.evidence.label))
                   .toUtf8();
    return csv;
}

QJsonArray Exporter::reviewQueueJson(const std::vector<ReviewItem>& items)
{
    auto face = [](const FaceRecord& f) {
        return QJsonObject{{QStringLiteral("face_id"), f.id}, {QStringLiteral("path"), f.path},
                           {QStringLiteral("label"), f.label}};
    };
    QJsonArray out;
    for (const ReviewItem& r : items)
        out.append(QJsonObject{{QStringLiteral("kind"), ReviewFinder::kindName(r.kind)},
                               {QStringLiteral("suspect"), face(r.suspect)},
                               {QStringLiteral("evidence"), face(r.evidence)},
                               {QStringLiteral("similarity"), double(r.similarity)},
                               {QStringLiteral("own_label_similarity"), double(r.ownSupport)},
                               {QStringLiteral("confidence"), double(r.confidence)}});
    return out;
}

} // namespace lookalike
