#pragma once
// The photos of the open library (PhotoCatalog), in the grid's order, loaded off the GUI
// thread in blocks of ids: the first 20,000 come at once, then 100,000 at a time, with
// changed() after each block so a large library shows its first folders quickly.
// Lives on the GUI thread; loads run on the global thread pool.
#include "photocatalog.h"
#include <QFuture>
#include <QThreadPool>
#include <memory>
#include <QObject>
#include <vector>

namespace lookalike::ui {

class PhotoLibrary : public QObject {
    Q_OBJECT
public:
    explicit PhotoLibrary(QObject* parent = nullptr);
    ~PhotoLibrary() override; // waits for a running block

    // Forgets everything and loads `libraryPath` (empty: nothing; a missing file: no photos).
    void open(const QString& libraryPath);
    QString libraryPath() const { return m_path; }
    // Loads everything again (after an import, a move or a trash).
    void reload();

    bool isLoading() const { return m_loading; }
    bool isLoaded() const { return m_loaded; }
    // Sorted by folder, then date, then name (PhotoCatalog::sortForDisplay).
    const std::vector<PhotoInfo>& photos() const { return m_photos; }

signals:
    void changed();
    void loadFailed(const QString& message);

private:
    struct Block {
        std::vector<PhotoInfo> byId;   // the photos of this load so far, by id
        std::vector<PhotoInfo> sorted; // the same in the grid's order
        bool more = false;             // ids remain after this block
        QString error;
    };
    static constexpr qint64 kFirstBlock = 20000;
    static constexpr qint64 kBlock = 100000;
    // Reads ids (afterId, afterId + span] and adds them to `before` (by id); merged and sorted
    // on the loading thread, so the GUI thread only swaps the result in.
    static Block load(const QString& path, qint64 afterId, qint64 span,
                      std::vector<PhotoInfo> before);
    void startBlock(qint64 afterId, qint64 span);

    QString m_path;
    std::vector<PhotoInfo> m_photos;
    std::vector<PhotoInfo> m_incoming; // blocks of the running load, by id
    quint64 m_generation = 0;          // bumped by open() and reload(): older blocks are dropped
    bool m_loading = false;
    bool m_loaded = false;
    // Shared, not copied: whenFinished() hands over a copy of the result, and a block of a
    // 1,000,000-photo library copied on the GUI thread stalled it.
    // Loads run here, never on QThreadPool::globalInstance(): Qt 6.4's raster engine splits
    // large fills over the global pool and waits for them, so work holding its threads for
    // seconds stalled the window's painting for hundreds of ms at a time.
    QThreadPool m_pool;
    QFuture<std::shared_ptr<Block>> m_future;
};

} // namespace lookalike::ui
