#include "resultsexporter.h"
#include <QSaveFile>
#include <QTextStream>

namespace lookalike::ui {

QString ResultsExporter::csvField(const QString& value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) &&
        !value.contains(QLatin1Char('\n')))
        return value;
    QString quoted = value;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

Status ResultsExporter::writeCsv(const QString& file, const QString& queryName,
                                 const std::vector<FaceMatch>& matches)
{
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Text))
        return Error{QStringLiteral("cannot write %1: %2").arg(file, out.errorString())};
    QTextStream stream(&out);
    stream << "# query: " << queryName << '\n';
    stream << "rank,face_id,similarity,label,path,x,y,w,h\n";
    int rank = 0;
    for (const FaceMatch& m : matches) {
        stream << ++rank << ',' << m.face.id << ',' << QString::number(m.similarity, 'f', 5) << ','
               << csvField(m.face.label) << ',' << csvField(m.face.path) << ','
               << QString::number(m.face.box.x(), 'f', 5) << ','
               << QString::number(m.face.box.y(), 'f', 5) << ','
               << QString::number(m.face.box.width(), 'f', 5) << ','
               << QString::number(m.face.box.height(), 'f', 5) << '\n';
    }
    stream.flush();
    if (!out.commit())
        return Error{QStringLiteral("cannot write %1: %2").arg(file, out.errorString())};
    return success();
}

} // namespace lookalike::ui
