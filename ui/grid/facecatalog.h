#pragma once
// An in-memory snapshot of a library's face metadata (FaceInfo), loaded off the GUI thread,
// so that models and views answer data() without I/O. A 100,000-face library takes about
// 10-20 MB. Lives on the GUI thread; loads run on the global thread pool. A full load comes
// in blocks of ids (changed() after each, isLoading() until the last): the grid shows the
// first faces of a large library at once.
#include "face.h"
#include "faceclusterer.h"
#include "faceinfo.h"
#include "labelfilter.h"
#include "library.h"
#include <QFuture>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QThreadPool>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

namespace lookalike::ui {

class FaceCatalog : public QObject {
    Q_OBJECT
public:
    explicit FaceCatalog(QObject* parent = nullptr);
    ~FaceCatalog() override; // waits for a running load

    // Forgets everything and loads `libraryPath` (empty: nothing). A missing file is an
    // empty library (an import may be about to create it).
    void open(const QString& libraryPath);
    QString libraryPath() const { return m_path; }
    // Loads faces added since the last load: cheap, meant for every commit while indexing.
    void refresh();
    // Loads everything again: after an import (faces of changed files were replaced).
    void reload();
    bool isLoading() const { return m_loading; }
    // Counts the loads merged so far: suggested people may be renumbered by each.
    quint64 loads() const { return m_loads; }
    bool isLoaded() const { return m_loaded; }

    // Any face the library holds, those hidden as not a face too (FaceInfo::notFace).
    const FaceInfo* find(qint64 id) const;
    // Faces, without the detections that are not faces; every list below leaves those out
    // but notFaceIds().
    qint64 count() const { return qint64(m_faces.size()) - m_index.notFaces; }
    qint64 imageCount() const { return m_images; }
    qint64 failureCount() const { return m_failures; } // files the imports could not use
    std::vector<qint64> ids() const;                   // by id
    // Faces with this label; an empty label gives the unlabelled faces.
    std::vector<qint64> idsWithLabel(const QString& label) const;
    const std::vector<std::pair<QString, qint64>>& labelCounts() const; // by name, case-insensitive
    QStringList labels() const;
    qint64 unlabelledCount() const;
    // Detections hidden as not a face, by id.
    qint64 notFaceCount() const { return m_index.notFaces; }
    std::vector<qint64> notFaceIds() const;

    // Faces learnt elsewhere (search results during an import); known ids are replaced.
    void add(const std::vector<FaceRecord>& records);
    // Mirrors a label change written to the library.
    void setLabel(const std::vector<qint64>& ids, const QString& label);
    // Reads these faces again off the GUI thread and replaces them in place (labels,
    // suggested people, not-a-face flags; counts follow): an undone relabel at 1,000,000
    // faces costs O(faces changed), not a reload. Falls back to reload() while a load runs
    // or for many faces. isUpdating() until the faces are in.
    void update(const std::vector<qint64>& ids);
    bool isUpdating() const { return m_updating > 0; }

    // Suggested people of unlabelled faces (FaceClusterer): number -> faces, largest first.
    const std::vector<std::pair<int, qint64>>& personCounts() const;
    std::vector<qint64> idsOfPerson(int person) const;
    // Unlabelled faces that look like a named person, best first; kept until replaced.
    // `notify` false: a change about to follow (a label, a reload) tells the views once.
    void setSuggestions(std::vector<LabelSuggestion> suggestions, bool notify = true);
    const LabelSuggestion* suggestion(qint64 id) const; // null when none, or the face has a label
    const std::vector<qint64>& suggestedIds() const; // kept until the next change
    // The faces a sidebar row shows.
    std::vector<qint64> idsFor(const LabelFilter& filter) const;

    // What the last changed() changed among the faces already known: all of them, or only
    // `ids` (faces a load appended are new, not changed). Lets views update O(faces changed)
    // rows instead of 1,000,000.
    struct Change {
        bool all = true;
        std::vector<qint64> ids;
    };
    const Change& lastChange() const { return m_change; }

signals:
    void changed();
    void loadFailed(const QString& message);

private:
    // Lookups over m_faces.
    struct Index {
        std::vector<bool> images;           // by photo id: has a face
        qint64 imageCount = 0;              // photos with a face
        QHash<QString, qint64> labelCount;  // label -> faces, "" for unlabelled
        QHash<int, qint64> personCount;     // suggested person -> faces
        qint64 notFaces = 0;                // counted nowhere else
        void add(const FaceInfo& face);
        void addImage(qint64 id);
        void merge(const Index& other); // the counts of faces appended
        static Index of(const std::vector<FaceInfo>& faces);
    };
    struct Loaded {
        std::vector<FaceInfo> faces;
        std::optional<Index> index; // for a full load: built off the GUI thread
        qint64 failures = -1; // files that failed; -1: not counted (incremental load)
        qint64 moreAfter = -1; // a block load: faces remain after this id; -1: none
        qint64 total = -1;     // the first block of a full load: faces in the library
        QString error;
    };
    static constexpr qint64 kFirstBlock = 20000; // ids in the first block of a full load
    static constexpr qint64 kBlock = 100000;     // ids in each later block
    enum class Pending { None, Refresh, Reload };
    // Faces with ids in (afterId, afterId + span], or all after afterId when span is 0.
    static Loaded load(const QString& path, qint64 afterId, qint64 span);
    static Loaded loadIds(const QString& path, std::vector<qint64> ids);
    static constexpr size_t kMaxUpdate = 20000; // faces update() reads one by one
    void replace(const std::vector<FaceInfo>& faces);
    void uncount(const FaceInfo& face);
    void count(const FaceInfo& face);
    void start(bool full);
    void startBlock(bool full, qint64 afterId, qint64 span);
    void finish(quint64 generation, bool full, Loaded loaded);
    void merge(std::vector<FaceInfo> faces, std::optional<Index> index, bool full, qint64 total);
    // Notes faces changed for the next changed(); notify() emits it with what was noted.
    void touch(const std::vector<qint64>& ids);
    void touchAll() { m_noted.all = true; }
    void notify();
    void reindex();               // everything from m_faces: O(n)
    void indexFrom(size_t first); // only m_faces[first..]: what an import appends
    void countLabel(const QString& label, int delta);
    // Index in m_faces (sorted by id) of a face among the first `end`, -1 when absent: a
    // binary search, so a 1,000,000-face catalog keeps no id hash (built on this thread
    // block by block, it stalled the window for seconds).
    int rowOf(qint64 id, size_t end = std::numeric_limits<size_t>::max()) const;
    void sortLabels();

    QString m_path;
    std::vector<FaceInfo> m_faces; // by id
    qint64 m_images = 0;
    qint64 m_failures = 0;
    // Kept up to date as faces arrive, so a commit during a large import costs O(new faces);
    // built on the loading thread for a full load.
    Index m_index;
    QHash<qint64, LabelSuggestion> m_suggestions;
    std::vector<qint64> m_suggestionOrder; // best first
    mutable std::vector<qint64> m_suggested; // m_suggestionOrder without faces named since
    mutable bool m_suggestedDirty = true;
    mutable std::vector<std::pair<QString, qint64>> m_sortedLabels;
    mutable bool m_labelsDirty = true;
    mutable std::vector<std::pair<int, qint64>> m_sortedPersons; // largest first
    mutable bool m_personsDirty = true;
    Change m_change;                // what the last changed() changed
    Change m_noted{false, {}};      // noted for the next changed()
    quint64 m_generation = 0; // bumped by open(): results of older loads are dropped
    quint64 m_loads = 0;
    bool m_loading = false;
    int m_updating = 0; // update() loads running
    bool m_loaded = false;
    Pending m_pending = Pending::None;
    qint64 m_loadedUpTo = 0;  // highest id a load returned: refresh() continues from it
    // Loads run here, never on QThreadPool::globalInstance(): Qt 6.4's raster engine splits
    // large fills over the global pool and waits for them, so work holding its threads for
    // seconds stalled the window's painting for hundreds of ms at a time.
    QThreadPool m_pool;
    // The running load (not its continuation); shared, not copied on the GUI thread.
    QFuture<std::shared_ptr<Loaded>> m_future;
};

} // namespace lookalike::ui
