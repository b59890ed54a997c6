#include "gatebenchmark.h"

#include "exporter.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSaveFile>
#include <QTextStream>
#include <map>

namespace lookalike {

namespace {

bool keptBefore(const DetectedFace& face)
{
    return face.rawNorm >= GateBenchmark::kFormerMinRawNorm;
}

// Detections per photo: before the gate (as the pipeline kept them then) and after it.
struct Counts {
    int before = 0;
    int after = 0;
    int all = 0;
};

std::map<int, Counts> countsByPhoto(const GateSamples& samples)
{
    std::map<int, Counts> out;
    for (const GateSamples::Detection& d : samples.detections) {
        Counts& c = out[d.photo];
        ++c.all;
        c.before += keptBefore(d.face) ? 1 : 0;
        c.after += d.face.notFace ? 0 : 1;
    }
    return out;
}

// Photos without people: every detection is a false face.
QJsonObject falseFaces(const GateSamples& samples, const std::map<int, Counts>& counts,
                       const QString& set, bool heldOut)
{
    qint64 photos = 0, all = 0, before = 0, after = 0;
    QJsonArray left;
    for (size_t i = 0; i < samples.photos.size(); ++i) {
        const GateSamples::Photo& p = samples.photos[i];
        if (p.set != set || p.heldOut != heldOut || !p.variant.isEmpty())
            continue;
        ++photos;
        const auto it = counts.find(int(i));
        if (it == counts.end())
            continue;
        all += it->second.all;
        before += it->second.before;
        after += it->second.after;
        if (it->second.after > 0)
            left.append(p.relative);
    }
    const double per = photos > 0 ? 1000.0 / photos : 0;
    return QJsonObject{{QStringLiteral("photos"), photos},
                       {QStringLiteral("detections"), all},
                       {QStringLiteral("false_faces_before"), before},
                       {QStringLiteral("false_faces"), after},
                       {QStringLiteral("per_1000_photos_before"), before * per},
                       {QStringLiteral("per_1000_photos"), after * per},
                       {QStringLiteral("photos_with_false_faces"), left}};
}

QJsonObject lfw(const GateSamples& samples)
{
    qint64 photos = 0, heldOutPhotos = 0, mains = 0, kept = 0, heldOutKept = 0, others = 0,
           othersDropped = 0;
    QJsonArray dropped;
    std::vector<char> seen(samples.photos.size(), 0);
    for (const GateSamples::Detection& d : samples.detections) {
        const GateSamples::Photo& p = samples.photos[size_t(d.photo)];
        if (p.set != QLatin1String("lfw") || !p.variant.isEmpty())
            continue;
        if (!d.main) {
            ++others;
            othersDropped += d.face.notFace ? 1 : 0;
            continue;
        }
        ++mains;
        if (!d.face.notFace) {
            ++kept;
            heldOutKept += p.heldOut ? 1 : 0;
        } else {
            dropped.append(QJsonObject{{QStringLiteral("path"), p.relative},
                                       {QStringLiteral("probability"), d.face.faceProbability}});
        }
    }
    for (const GateSamples::Photo& p : samples.photos)
        if (p.set == QLatin1String("lfw") && p.variant.isEmpty()) {
            ++photos;
            heldOutPhotos += p.heldOut ? 1 : 0;
        }
    return QJsonObject{{QStringLiteral("photos"), photos},
                       {QStringLiteral("main_faces_found"), mains},
                       {QStringLiteral("main_faces_kept"), kept},
                       {QStringLiteral("main_faces_dropped"), dropped},
                       {QStringLiteral("held_out_photos"), heldOutPhotos},
                       {QStringLiteral("held_out_main_faces_kept"), heldOutKept},
                       {QStringLiteral("other_detections"), others},
                       {QStringLiteral("other_detections_dropped"), othersDropped}};
}

// Crowd and multi-face photos keep their face counts.
QJsonObject crowds(const GateSamples& samples, const std::map<int, Counts>& counts)
{
    qint64 photos = 0, before = 0, after = 0, all = 0;
    QJsonArray fewer, more;
    for (size_t i = 0; i < samples.photos.size(); ++i) {
        const GateSamples::Photo& p = samples.photos[i];
        if (p.set != QLatin1String("crowds"))
            continue;
        ++photos;
        const Counts c = counts.count(int(i)) ? counts.at(int(i)) : Counts{};
        before += c.before;
        after += c.after;
        all += c.all;
        const QJsonObject row{{QStringLiteral("path"), p.relative},
                              {QStringLiteral("before"), c.before},
                              {QStringLiteral("after"), c.after}};
        if (c.after < c.before)
            fewer.append(row);
        else if (c.after > c.before)
            more.append(row);
    }
    return QJsonObject{{QStringLiteral("photos"), photos},
                       {QStringLiteral("detections"), all},
                       {QStringLiteral("faces_before"), before},
                       {QStringLiteral("faces_after"), after},
                       {QStringLiteral("photos_with_fewer_faces"), fewer},
                       {QStringLiteral("photos_with_more_faces"), more}};
}

} // namespace

double GateBenchmark::gateMillisPerFace(const GateSamples& samples, const FaceGate& gate)
{
    if (samples.detections.empty())
        return 0;
    QElapsedTimer clock;
    clock.start();
    double sink = 0;
    for (const GateSamples::Detection& d : samples.detections)
        sink += gate.probability(d.input);
    const double ms = clock.nsecsElapsed() / 1e6 / double(samples.detections.size());
    return sink >= 0 ? ms : -ms; // keeps the loop from being optimised away
}

QJsonObject GateBenchmark::report(const GateSamples& samples, const FacePipeline& pipeline)
{
    const std::map<int, Counts> counts = countsByPhoto(samples);
    QJsonObject out{{QStringLiteral("noface_held_out"),
                     falseFaces(samples, counts, QStringLiteral("noface"), true)},
                    {QStringLiteral("noface_trained_on"),
                     falseFaces(samples, counts, QStringLiteral("noface"), false)},
                    {QStringLiteral("wallpapers"),
                     falseFaces(samples, counts, QStringLiteral("wallpaper"), true)},
                    {QStringLiteral("lfw"), lfw(samples)},
                    {QStringLiteral("crowds"), crowds(samples, counts)},
                    {QStringLiteral("photos_failed"), qint64(samples.failed.size())},
                    {QStringLiteral("pipeline_seconds"), samples.seconds}};
    if (const FaceGate* gate = pipeline.gate()) {
        out.insert(QStringLiteral("gate"), gate->id());
        out.insert(QStringLiteral("threshold"), gate->threshold());
        // The features: aligned landmarks (as the pipeline computes them) and the classifier.
        QElapsedTimer clock;
        clock.start();
        double sink = 0;
        for (const GateSamples::Detection& d : samples.detections)
            sink += gate->probability(pipeline.gateInput(d.face, samples.sizes[size_t(d.photo)]));
        const double n = std::max<double>(1, double(samples.detections.size()));
        out.insert(QStringLiteral("gate_ms_per_face"), clock.nsecsElapsed() / 1e6 / n);
        out.insert(QStringLiteral("gate_faces_timed"), qint64(samples.detections.size()));
        out.insert(QStringLiteral("classifier_ms_per_face"),
                   sink >= 0 ? gateMillisPerFace(samples, *gate) : 0.0);
    }
    return out;
}

Status GateBenchmark::writeFeatures(const GateSamples& samples, const QString& file)
{
    QSaveFile csv(file);
    if (!csv.open(QIODevice::WriteOnly | QIODevice::Text))
        return Error{QStringLiteral("cannot write %1: %2").arg(file, csv.errorString())};
    const int d =
        samples.detections.empty() ? 0 : int(samples.detections.front().face.embedding.size());
    QSaveFile npy(file + QStringLiteral(".npy"));
    if (!npy.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("cannot write %1.npy: %2").arg(file, npy.errorString())};
    npy.write(Exporter::npyHeader(qint64(samples.detections.size()), 136 + d));
    QTextStream s(&csv);
    s.setRealNumberPrecision(9);
    s << "set,path,variant,held_out,main,x,y,w,h,score,raw_norm,probability,not_face\n";
    std::vector<float> row(size_t(136 + d));
    for (const GateSamples::Detection& det : samples.detections) {
        const GateSamples::Photo& p = samples.photos[size_t(det.photo)];
        const DetectedFace& f = det.face;
        s << p.set << ',' << Exporter::csvField(p.relative) << ',' << p.variant << ','
          << int(p.heldOut) << ',' << int(det.main) << ',' << f.box.x() << ',' << f.box.y() << ','
          << f.box.width() << ',' << f.box.height() << ',' << f.score << ',' << f.rawNorm << ','
          << f.faceProbability << ',' << int(f.notFace) << '\n';
        for (size_t i = 0; i < 68; ++i) {
            row[2 * i] = float(det.input.alignedLandmarks[i].x());
            row[2 * i + 1] = float(det.input.alignedLandmarks[i].y());
        }
        std::copy(f.embedding.begin(), f.embedding.end(), row.begin() + 136);
        npy.write(reinterpret_cast<const char*>(row.data()), qint64(row.size() * sizeof(float)));
    }
    s.flush();
    if (!csv.commit() || !npy.commit())
        return Error{QStringLiteral("cannot write %1").arg(file)};
    return success();
}

} // namespace lookalike
