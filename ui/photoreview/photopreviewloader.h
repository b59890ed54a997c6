#pragma once
// Photos decoded for the duplicate review, larger than grid thumbnails (kSide px on the long
// side) so that two copies can be told apart and laid over each other. Decoded with
// ImageLoader on a small pool of its own (any format the library reads: HEIC, RAW...), kept
// in a bounded memory cache by path. QImages come from the workers; views make
// their pixmaps on the GUI thread. GUI thread only.
#include <QCache>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QThreadPool>

namespace lookalike::ui {

class PhotoPreviewLoader : public QObject {
    Q_OBJECT
public:
    static constexpr int kSide = 1024;

    explicit PhotoPreviewLoader(QObject* parent = nullptr);
    ~PhotoPreviewLoader() override; // waits for running decodes

    // The decoded photo when it is in memory, else a null image. Never does I/O.
    QImage find(const QString& path) const;
    bool failed(const QString& path) const { return m_failed.contains(path); }
    // Decode these photos (those not in memory or on their way), in this order.
    void request(const QStringList& paths);
    bool isIdle() const { return m_pending.isEmpty(); }

signals:
    void ready(const QString& path); // in memory now, or failed for good

private:
    void accept(const QString& path, const QImage& image);

    QCache<QString, QImage> m_memory; // cost in KiB
    QSet<QString> m_pending;
    QSet<QString> m_failed;
    QThreadPool m_pool;
};

} // namespace lookalike::ui
