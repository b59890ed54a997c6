#include "photoquerysession.h"
#include "futurewatch.h"
#include "photoqueryservice.h"
#include "plural.h"
#include "querysession.h"
#include "searchservice.h"
#include <QFileInfo>
#include <algorithm>

namespace lookalike::ui {

PhotoQuerySession::PhotoQuerySession(PhotoQueryService* service, SearchService* faces,
                                     QObject* parent)
    : QObject(parent), m_service(service), m_faces(faces)
{
}

void PhotoQuerySession::queryFile(const QString& path)
{
    queryFiles({path});
}

void PhotoQuerySession::queryFiles(const QStringList& paths)
{
    if (paths.isEmpty())
        return;
    m_queue.clear();
    for (const QString& path : paths)
        m_queue.push_back({path, {}, QFileInfo(path).fileName(), -1});
    m_position = 0;
    run(m_queue.front());
}

void PhotoQuerySession::queryImage(const QImage& image, const QString& name)
{
    start({{}, image, name, -1});
}

void PhotoQuerySession::queryPhoto(qint64 imageId)
{
    start({{}, {}, {}, imageId});
}

void PhotoQuerySession::start(PhotoQuerySource source)
{
    m_queue = {source};
    m_position = 0;
    run(std::move(source));
}

void PhotoQuerySession::showNext()
{
    if (m_position + 1 < queueLength())
        run(m_queue[size_t(++m_position)]);
}

void PhotoQuerySession::showPrevious()
{
    if (m_position > 0 && m_position < queueLength())
        run(m_queue[size_t(--m_position)]);
}

void PhotoQuerySession::clear()
{
    ++m_serial;
    m_source = {};
    m_queue.clear();
    m_position = 0;
    m_result = {};
    setFaceCount(-1);
    setBusy(false);
    setStatus({});
    emit resultChanged();
    setActive(false);
}

void PhotoQuerySession::run(PhotoQuerySource source)
{
    const quint64 serial = ++m_serial;
    m_source = std::move(source);
    m_result = {};
    m_result.name = m_source.name;
    m_result.path = m_source.path;
    m_result.imageId = m_source.imageId;
    ++m_searches;
    m_clock.start();
    setFaceCount(-1);
    setActive(true);
    setBusy(true);
    QString status = m_source.name.isEmpty() ? tr("Looking for similar photos…")
                                             : tr("Looking for photos like %1…").arg(m_source.name);
    if (queueLength() > 1)
        status += tr(" (photo %1 of %2)").arg(m_position + 1).arg(queueLength());
    setStatus(status);
    emit resultChanged();
    whenFinished(m_service->search(m_source), this,
                 [this, serial](PhotoQueryResult result) { accept(serial, std::move(result)); });
}

void PhotoQuerySession::accept(quint64 serial, PhotoQueryResult result)
{
    if (serial != m_serial)
        return;
    m_latencyMs = m_clock.elapsed();
    m_result = std::move(result);
    setBusy(false);
    emit resultChanged();
    updateStatus();
    if (m_result.error.isEmpty())
        countFaces(serial);
}

void PhotoQuerySession::countFaces(quint64 serial)
{
    if (m_result.imageId > 0) { // the library knows its faces
        setFaceCount(int(m_result.faceIds.size()));
        return;
    }
    if (!m_faces)
        return;
    QFuture<QueryPhoto> future = m_source.path.isEmpty()
                                     ? m_faces->queryImage(m_source.image, m_source.name, 1)
                                     : m_faces->queryFile(m_source.path, 1);
    whenFinished(future, this, [this, serial](const QueryPhoto& photo) {
        if (serial == m_serial && photo.error.isEmpty())
            setFaceCount(int(photo.faces.size()));
    });
}

void PhotoQuerySession::queryFaces(QuerySession* session) const
{
    if (!m_result.faceIds.empty())
        session->queryFace(m_result.faceIds.front()); // with the photo's other faces
    else if (!m_source.path.isEmpty())
        session->queryFiles({m_source.path});
    else if (!m_source.image.isNull())
        session->queryImage(m_source.image, m_source.name);
}

namespace {

QString scaleKey(const QString& imageModel, bool withObjects)
{
    return imageModel + (withObjects ? QStringLiteral("+objects") : QString());
}

double defaultThreshold(const QString& imageModel, bool withObjects)
{
    if (!imageModel.isEmpty())
        return 0.0;
    return withObjects ? 0.45 : 0.75;
}

} // namespace

double PhotoQuerySession::minSimilarity() const
{
    return minSimilarity(m_result.imageModel, m_result.objectsSearched);
}

double PhotoQuerySession::minSimilarity(const QString& imageModel, bool withObjects) const
{
    const QString key = scaleKey(imageModel, withObjects);
    if (auto it = m_thresholds.constFind(key); it != m_thresholds.cend())
        return *it;
    const double fallback = defaultThreshold(imageModel, withObjects);
    const double value =
        std::clamp(m_recall ? m_recall(imageModel, withObjects, fallback) : fallback, 0.0, 1.0);
    m_thresholds.insert(key, value);
    return value;
}

void PhotoQuerySession::setThresholdMemory(Recall recall)
{
    m_recall = std::move(recall);
    m_thresholds.clear();
    emit lookAlikesChanged();
    updateStatus();
}

void PhotoQuerySession::setMinSimilarity(double value)
{
    setMinSimilarityFor(m_result.imageModel, m_result.objectsSearched, value);
}

void PhotoQuerySession::setMinSimilarityFor(const QString& imageModel, bool withObjects,
                                            double value)
{
    value = std::clamp(value, 0.0, 1.0);
    if (value == minSimilarity(imageModel, withObjects))
        return;
    m_thresholds.insert(scaleKey(imageModel, withObjects), value);
    emit minSimilarityChanged(imageModel, withObjects, value);
    if (withObjects != m_result.objectsSearched || imageModel != m_result.imageModel)
        return; // not the one in force
    emit lookAlikesChanged();
    updateStatus();
}

std::vector<PhotoMatch> PhotoQuerySession::duplicates() const
{
    std::vector<PhotoMatch> out;
    std::copy_if(m_result.matches.begin(), m_result.matches.end(), std::back_inserter(out),
                 [](const PhotoMatch& m) {
                     return m.kind == PhotoMatchKind::Exact || m.kind == PhotoMatchKind::Near;
                 });
    return out;
}

std::vector<PhotoMatch> PhotoQuerySession::sameObject() const
{
    std::vector<PhotoMatch> out;
    std::copy_if(m_result.matches.begin(), m_result.matches.end(), std::back_inserter(out),
                 [](const PhotoMatch& m) { return m.kind == PhotoMatchKind::Object; });
    return out;
}

std::vector<PhotoMatch> PhotoQuerySession::lookAlikes() const
{
    std::vector<PhotoMatch> out;
    std::copy_if(m_result.matches.begin(), m_result.matches.end(), std::back_inserter(out),
                 [this](const PhotoMatch& m) {
                     return m.kind == PhotoMatchKind::Similar && m.similarity >= minSimilarity();
                 });
    return out;
}

int PhotoQuerySession::lookAlikesFound() const
{
    return int(
        std::count_if(m_result.matches.begin(), m_result.matches.end(),
                      [](const PhotoMatch& m) { return m.kind == PhotoMatchKind::Similar; }));
}

void PhotoQuerySession::updateStatus()
{
    if (!m_active || m_busy)
        return;
    if (!m_result.error.isEmpty()) {
        setStatus(m_result.error, true);
        return;
    }
    const int copies = int(duplicates().size());
    const int shown = int(lookAlikes().size());
    const int found = lookAlikesFound();
    QString text =
        copies == 0
            ? tr("No duplicates in the library.")
            : tr("%1 in the library.").arg(plural(copies, tr("duplicate"), tr("duplicates")));
    text += QLatin1Char(' ');
    if (m_result.objectsSearched) {
        const int objects = int(sameObject().size());
        text += objects == 0 ? tr("No other photo of the same object. ")
                             : tr("%1 of the same object. ")
                                   .arg(plural(objects, tr("photo"), tr("photos")));
    } else if (!m_result.objectsProblem.isEmpty()) {
        text += tr("Same object not searched: %1. ").arg(m_result.objectsProblem);
    }
    if (!m_result.imageModel.isEmpty())
        text += tr("Look-alikes by the image model %1. ").arg(m_result.imageModel);
    else if (!m_result.imageModelProblem.isEmpty())
        text += tr("Look-alikes by the model-free descriptors: %1. ").arg(m_result.imageModelProblem);
    if (found == 0)
        text += tr("The library has no other photos to compare with.");
    else if (shown == 0)
        text += tr("None of the %1 nearest look-alikes is at or above %2: lower the threshold.")
                    .arg(found)
                    .arg(minSimilarity(), 0, 'f', 2);
    else
        text += tr("%1 at or above %2.")
                    .arg(plural(shown, tr("look-alike"), tr("look-alikes")))
                    .arg(minSimilarity(), 0, 'f', 2);
    if (m_latencyMs >= 0)
        text += tr(" Answered in %1 ms.").arg(m_latencyMs);
    if (queueLength() > 1)
        text += tr(" Photo %1 of %2 dropped: Alt+Left and Alt+Right step through them.")
                    .arg(m_position + 1)
                    .arg(queueLength());
    setStatus(text);
}

void PhotoQuerySession::setFaceCount(int count)
{
    if (count == m_faceCount)
        return;
    m_faceCount = count;
    emit faceCountChanged(count);
}

void PhotoQuerySession::setStatus(const QString& text, bool error)
{
    m_status = text;
    m_statusIsError = error;
    emit statusChanged();
}

void PhotoQuerySession::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

void PhotoQuerySession::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    emit activeChanged(active);
}

} // namespace lookalike::ui
