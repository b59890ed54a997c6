#pragma once
// The state of the current query: which photo (or library face) is asked about, its faces,
// which face is searched, its matches, and the filters (top K, minimum similarity, label)
// that turn matches into grid rows. Asks SearchService for the work; drops answers to
// questions that have been superseded. GUI thread only; no widgets.
#include "facegridmodel.h"
#include "labelfilter.h"
#include "queryphoto.h"
#include <QElapsedTimer>
#include <QImage>
#include <QObject>
#include <QStringList>

namespace lookalike::ui {

class SearchService;

class QuerySession : public QObject {
    Q_OBJECT
public:
    // Matches fetched per face: filters work on these without searching again, unless the
    // top K asks for more.
    static constexpr int kMinFetch = 1000;

    explicit QuerySession(SearchService* service, QObject* parent = nullptr);

    void queryFiles(const QStringList& paths); // the first is shown; the others wait in line
    void queryImage(const QImage& image, const QString& name);
    void queryFace(qint64 faceId);
    void selectFace(int index); // a face of the current photo
    void showNext();
    void showPrevious();
    void clear();

    void setTopK(int k);
    void setMinSimilarity(double value);
    void setLabelFilter(const LabelFilter& filter);
    // Labels of library faces were changed by the user.
    void relabel(const std::vector<qint64>& faceIds, const QString& label);

    bool isActive() const { return m_active; }
    bool isBusy() const { return m_busy; }
    const QueryPhoto& photo() const { return m_photo; }
    int position() const { return m_position; } // in the line of dropped photos
    int queueLength() const { return int(m_sources.size()); }
    int topK() const { return m_topK; }
    double minSimilarity() const { return m_minSimilarity; }
    LabelFilter labelFilter() const { return m_labelFilter; }
    // The grid rows: matches passing the filters, best first, at most top K.
    std::vector<FaceGridModel::Row> rows() const;
    const std::vector<FaceMatch>& matches() const { return m_photo.matches; }
    QString statusText() const { return m_status; }
    bool statusIsError() const { return m_statusIsError; }
    qint64 lastLatencyMs() const { return m_latencyMs; } // request to results, -1 unknown

signals:
    void activeChanged(bool active);
    void photoChanged();   // photo, faces or selection
    void resultsChanged(); // matches or filters
    void statusChanged();
    void busyChanged(bool busy);

private:
    struct Source {
        QString path;
        QImage image;
        QString name;
        qint64 faceId = -1;
    };
    void run();
    void acceptPhoto(quint64 serial, QueryPhoto photo);
    void acceptMatches(quint64 serial, MatchList list);
    void begin(const QString& status);
    void setStatus(const QString& text, bool error = false);
    void updateStatus();
    void setActive(bool active);
    int fetchCount() const;

    SearchService* m_service;
    std::vector<Source> m_sources;
    int m_position = 0;
    QueryPhoto m_photo;
    int m_fetched = 0; // k asked for m_photo.matches
    int m_topK = 100;
    double m_minSimilarity = 0.35;
    LabelFilter m_labelFilter;
    bool m_active = false;
    bool m_busy = false;
    quint64 m_serial = 0;
    QString m_status;
    bool m_statusIsError = false;
    QElapsedTimer m_clock;
    qint64 m_latencyMs = -1;
};

} // namespace lookalike::ui
