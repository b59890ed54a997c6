#pragma once
// The state of the current photo query (Photos mode): which photo is asked about, what the
// search found, and the look-alike threshold that filters it. The search runs once, with no
// threshold (PhotoQueryService::kLookAlikes look-alikes); moving the threshold only filters.
// Also counts the query photo's faces (the library's, or found by SearchService for an
// outside photo) so that its face query is one click away. Answers to superseded questions
// are dropped. Several photos dropped at once wait in line, each its own query, stepped
// through with showNext() and showPrevious() as QuerySession does for faces. GUI thread only;
// no widgets.
#include "photoquery.h"
#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <vector>

namespace lookalike::ui {

class PhotoQueryService;
class QuerySession;
class SearchService;

class PhotoQuerySession : public QObject {
    Q_OBJECT
public:
    // `faces` may be null: the query photo's faces are then only known for library photos.
    PhotoQuerySession(PhotoQueryService* service, SearchService* faces, QObject* parent = nullptr);
    void setFaceSearch(SearchService* faces) { m_faces = faces; }

    void queryFile(const QString& path);
    // The first is searched; the others wait in line (showNext()).
    void queryFiles(const QStringList& paths);
    void queryImage(const QImage& image, const QString& name);
    void queryPhoto(qint64 imageId); // a photo of the library
    void showNext();                 // the next photo of the line, searched anew
    void showPrevious();
    void clear();
    int position() const { return m_position; } // in the line of dropped photos
    int queueLength() const { return int(m_queue.size()); }

    // Look-alikes below this similarity (0..1) are hidden; duplicates always show.
    void setMinSimilarity(double value);
    // Look-alike similarities come on two scales: the look vectors alone (a library without
    // the object pass) or with the VLADs (lower: PhotoDescriber::looksLike). Each has its own
    // threshold; the one in force is that of the result shown.
    double minSimilarity() const { return minSimilarity(m_result.objectsSearched); }
    double minSimilarity(bool withObjects) const { return m_minSimilarity[withObjects ? 1 : 0]; }
    void setMinSimilarityFor(bool withObjects, double value);

    bool isActive() const { return m_active; }
    bool isBusy() const { return m_busy; }
    const PhotoQueryResult& result() const { return m_result; }
    // Exact copies and near-duplicates, best first.
    std::vector<PhotoMatch> duplicates() const;
    // Other photos of the same object, most matching keypoints first.
    std::vector<PhotoMatch> sameObject() const;
    // Look-alikes at or above the threshold, best first.
    std::vector<PhotoMatch> lookAlikes() const;
    int lookAlikesFound() const;                   // at any similarity
    int searchCount() const { return m_searches; } // searches started so far
    // Faces in the query photo; -1 while unknown (still looking, or no face models).
    int faceCount() const { return m_faceCount; }
    // Starts the face query of the query photo in `session` (its largest face).
    void queryFaces(QuerySession* session) const;

    QString statusText() const { return m_status; }
    bool statusIsError() const { return m_statusIsError; }
    qint64 lastLatencyMs() const { return m_latencyMs; }

signals:
    void activeChanged(bool active);
    void resultChanged();     // a new photo or its matches
    void lookAlikesChanged(); // the threshold moved
    void faceCountChanged(int count);
    void busyChanged(bool busy);
    void statusChanged();

private:
    void start(PhotoQuerySource source); // a line of one
    void run(PhotoQuerySource source);
    void accept(quint64 serial, PhotoQueryResult result);
    void countFaces(quint64 serial);
    void setFaceCount(int count);
    void updateStatus();
    void setStatus(const QString& text, bool error = false);
    void setBusy(bool busy);
    void setActive(bool active);

    PhotoQueryService* m_service;
    SearchService* m_faces;
    quint64 m_serial = 0; // of the latest query: older answers are dropped
    PhotoQuerySource m_source;
    std::vector<PhotoQuerySource> m_queue; // the line of photos asked about, m_source among them
    int m_position = 0;
    PhotoQueryResult m_result;
    QString m_status;
    bool m_statusIsError = false;
    // Look vectors alone: unrelated photos reach 0.7; with the VLADs: 0.4 to 0.55 (Holidays).
    double m_minSimilarity[2] = {0.75, 0.45};
    int m_faceCount = -1;
    int m_searches = 0;
    bool m_active = false;
    bool m_busy = false;
    QElapsedTimer m_clock; // since the query was asked
    qint64 m_latencyMs = -1;
};

} // namespace lookalike::ui
