#pragma once
// Pictures for the review screen: a face aligned as the embedder sees it (large, sharp) and
// its whole photo with every face box. Decoded on a small pool with a read-only Library
// connection per job; a few recent results are kept so stepping back and forth is instant,
// and the next item can be fetched ahead. GUI thread only; workers return QImages.
#include "library.h"
#include <QCache>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QThreadPool>

namespace lookalike::ui {

struct ReviewFaceImages {
    QImage face;               // aligned face, kFaceSide square; null without a face
    QImage photo;              // the whole photo, long side at most kPhotoSide
    std::vector<QRectF> boxes; // every face of the photo, relative 0..1
    int selected = -1;         // index of the face in `boxes`
    QString error;             // why the photo could not be shown
};

class ReviewFaceLoader : public QObject {
    Q_OBJECT
public:
    static constexpr int kPhotoSide = 1400;

    explicit ReviewFaceLoader(const QString& libraryPath, QObject* parent = nullptr);
    ~ReviewFaceLoader() override; // waits for running jobs

    // The pictures when they are loaded, else nullptr (and they are asked for).
    const ReviewFaceImages* find(const FaceRecord& face);
    void prefetch(const FaceRecord& face);
    bool isIdle() const { return m_inFlight.isEmpty(); }

    // Blocking: what a job computes. `face` may lack landmarks (they are read again).
    static ReviewFaceImages load(const QString& libraryPath, const FaceRecord& face);

signals:
    // Pictures for the face/photo with this key are ready; call find() again.
    void loaded(const QString& key);

private:
    static QString keyOf(const FaceRecord& face);

    QString m_path;
    QCache<QString, ReviewFaceImages> m_cache;
    QSet<QString> m_inFlight;
    QThreadPool m_pool;
};

} // namespace lookalike::ui
