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
#include <QHash>
#include <QObject>
#include <QStringList>
#include <functional>
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
    // Look-alike similarities come on one scale per descriptor: the look vectors alone, the
    // look vectors with the object pass's VLADs (lower: PhotoDescriber::looksLike), or the
    // library's image model (`imageModel`, with or without the VLADs). Each scale has its own
    // threshold; the one in force is that of the result shown. A scale's first threshold is
    // the one remembered (setThresholdMemory) or its default: 0.75 for the look vectors
    // (unrelated photos reach 0.7), 0.45 with the VLADs (0.4 to 0.55, Holidays), and 0 for an
    // image model, whose scale is not measured here: its nearest look-alikes all show until
    // the person sets a threshold.
    double minSimilarity() const;
    double minSimilarity(const QString& imageModel, bool withObjects) const;
    void setMinSimilarityFor(const QString& imageModel, bool withObjects, double value);
    // Where thresholds are remembered: `recall` gives a scale's remembered threshold (or the
    // fallback it is passed); minSimilarityChanged() says when one changes. Thresholds read
    // before are read again.
    using Recall =
        std::function<double(const QString& imageModel, bool withObjects, double fallback)>;
    void setThresholdMemory(Recall recall);

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
    void minSimilarityChanged(const QString& imageModel, bool withObjects, double value);

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
    // The thresholds by scale (scaleKey()): filled as scales are met.
    mutable QHash<QString, double> m_thresholds;
    Recall m_recall;
    int m_faceCount = -1;
    int m_searches = 0;
    bool m_active = false;
    bool m_busy = false;
    QElapsedTimer m_clock; // since the query was asked
    qint64 m_latencyMs = -1;
};

} // namespace lookalike::ui
