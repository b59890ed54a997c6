#include "querysession.h"
#include "futurewatch.h"
#include "plural.h"
#include "searchservice.h"
#include <QLocale>
#include <algorithm>

namespace lookalike::ui {

QuerySession::QuerySession(SearchService* service, QObject* parent)
    : QObject(parent), m_service(service)
{
}

int QuerySession::fetchCount() const
{
    return std::max(m_topK, kMinFetch);
}

void QuerySession::queryFiles(const QStringList& paths)
{
    if (paths.isEmpty())
        return;
    m_sources.clear();
    for (const QString& p : paths)
        m_sources.push_back({p, {}, {}, -1});
    m_position = 0;
    run();
}

void QuerySession::queryImage(const QImage& image, const QString& name)
{
    m_sources = {{{}, image, name, -1}};
    m_position = 0;
    run();
}

void QuerySession::queryFace(qint64 faceId)
{
    m_sources = {{{}, {}, {}, faceId}};
    m_position = 0;
    run();
}

void QuerySession::showNext()
{
    if (m_position + 1 < int(m_sources.size())) {
        ++m_position;
        run();
    }
}

void QuerySession::showPrevious()
{
    if (m_position > 0) {
        --m_position;
        run();
    }
}

void QuerySession::clear()
{
    ++m_serial;
    m_sources.clear();
    m_position = 0;
    m_photo = {};
    m_fetched = 0;
    m_busy = false;
    emit busyChanged(false);
    setStatus({});
    emit photoChanged();
    emit resultsChanged();
    setActive(false);
}

void QuerySession::begin(const QString& status)
{
    m_clock.start();
    m_busy = true;
    emit busyChanged(true);
    setStatus(status);
}

void QuerySession::run()
{
    const Source& source = m_sources[size_t(m_position)];
    const quint64 serial = ++m_serial;
    m_fetched = fetchCount();
    setActive(true);
    QFuture<QueryPhoto> future;
    if (source.faceId >= 0) {
        begin(tr("Searching for faces like face #%1…").arg(source.faceId));
        future = m_service->queryFace(source.faceId, m_fetched);
    } else if (!source.path.isEmpty()) {
        begin(tr("Looking for faces in %1…").arg(source.path.section(QLatin1Char('/'), -1)));
        future = m_service->queryFile(source.path, m_fetched);
    } else {
        begin(tr("Looking for faces in %1…").arg(source.name));
        future = m_service->queryImage(source.image, source.name, m_fetched);
    }
    whenFinished(future, this,
                 [this, serial](QueryPhoto photo) { acceptPhoto(serial, std::move(photo)); });
}

void QuerySession::acceptPhoto(quint64 serial, QueryPhoto photo)
{
    if (serial != m_serial)
        return;
    m_latencyMs = m_clock.elapsed();
    m_busy = false;
    emit busyChanged(false);
    m_photo = std::move(photo);
    emit photoChanged();
    emit resultsChanged();
    updateStatus();
}

void QuerySession::selectFace(int index)
{
    if (index < 0 || index >= int(m_photo.faces.size()) || index == m_photo.selected)
        return;
    m_photo.selected = index;
    m_photo.matches.clear();
    emit photoChanged();
    emit resultsChanged();
    const quint64 serial = ++m_serial;
    m_fetched = fetchCount();
    begin(tr("Searching…"));
    const QueryFaceInfo& face = m_photo.faces[size_t(index)];
    QFuture<MatchList> future = face.faceId >= 0 ? m_service->similarTo(face.faceId, m_fetched)
                                                 : m_service->search(face.embedding, m_fetched);
    whenFinished(future, this,
                 [this, serial](MatchList list) { acceptMatches(serial, std::move(list)); });
}

void QuerySession::acceptMatches(quint64 serial, MatchList list)
{
    if (serial != m_serial)
        return;
    m_latencyMs = m_clock.elapsed();
    m_busy = false;
    emit busyChanged(false);
    m_photo.matches = std::move(list.matches);
    m_photo.error = list.error;
    emit resultsChanged();
    updateStatus();
}

void QuerySession::setTopK(int k)
{
    if (k == m_topK)
        return;
    m_topK = k;
    const bool needMore = m_active && m_photo.selected >= 0 && k > m_fetched &&
                          int(m_photo.matches.size()) >= m_fetched;
    if (needMore) {
        const int selected = std::exchange(m_photo.selected, -1);
        selectFace(selected);
        return;
    }
    emit resultsChanged();
    updateStatus();
}

void QuerySession::setMinSimilarity(double value)
{
    if (value == m_minSimilarity)
        return;
    m_minSimilarity = value;
    emit resultsChanged();
    updateStatus();
}

void QuerySession::setLabelFilter(const LabelFilter& filter)
{
    if (filter == m_labelFilter)
        return;
    m_labelFilter = filter;
    emit resultsChanged();
    updateStatus();
}

void QuerySession::relabel(const std::vector<qint64>& faceIds, const QString& label)
{
    bool changed = false;
    for (FaceMatch& m : m_photo.matches) {
        if (std::find(faceIds.begin(), faceIds.end(), m.face.id) != faceIds.end()) {
            m.face.label = label;
            changed = true;
        }
    }
    for (QueryFaceInfo& f : m_photo.faces)
        if (f.faceId >= 0 && std::find(faceIds.begin(), faceIds.end(), f.faceId) != faceIds.end())
            f.label = label;
    if (changed)
        emit resultsChanged();
}

std::vector<FaceGridModel::Row> QuerySession::rows() const
{
    std::vector<FaceGridModel::Row> out;
    for (const FaceMatch& m : m_photo.matches) {
        if (int(out.size()) >= m_topK)
            break;
        if (m.similarity >= m_minSimilarity && m_labelFilter.accepts(m.face.label))
            out.push_back({m.face.id, m.similarity});
    }
    return out;
}

void QuerySession::updateStatus()
{
    if (!m_photo.error.isEmpty()) {
        setStatus(m_photo.error, true);
        return;
    }
    if (m_photo.faces.empty()) {
        setStatus(tr("No face found in %1. Try a photo where the face is larger or faces the "
                     "camera.")
                      .arg(m_photo.name),
                  true);
        return;
    }
    const QLocale locale;
    const int shown = int(rows().size());
    QString text = m_photo.faces.size() > 1 ? tr("Face %1 of %2 (click another box to search it).")
                                                  .arg(m_photo.selected + 1)
                                                  .arg(m_photo.faces.size())
                                            : tr("One face.");
    text += QLatin1Char(' ');
    if (shown == 0 && !m_photo.matches.empty())
        text += tr("None of the %1 nearest faces passes the filters: lower the minimum "
                   "similarity.")
                    .arg(locale.toString(qint64(m_photo.matches.size())));
    else if (shown == 0)
        text += tr("The library has no other faces yet.");
    else
        text += tr("%1 shown.").arg(plural(shown, tr("match"), tr("matches")));
    if (m_latencyMs >= 0 && shown > 0)
        text += tr(" Answered in %1 ms.").arg(m_latencyMs);
    setStatus(text);
}

void QuerySession::setStatus(const QString& text, bool error)
{
    m_status = text;
    m_statusIsError = error;
    emit statusChanged();
}

void QuerySession::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    emit activeChanged(active);
}

} // namespace lookalike::ui
