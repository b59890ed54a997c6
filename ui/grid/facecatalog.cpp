#include "facecatalog.h"
#include "database.h"
#include "futurewatch.h"
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSet>
#include <QtConcurrent>
#include <algorithm>
#include <limits>

Q_LOGGING_CATEGORY(lcCatalog, "lookalike.ui.catalog", QtInfoMsg)

namespace lookalike::ui {

FaceCatalog::FaceCatalog(QObject* parent) : QObject(parent)
{
    m_pool.setMaxThreadCount(1); // one load at a time
}

FaceCatalog::~FaceCatalog()
{
    m_future.waitForFinished();
}

void FaceCatalog::open(const QString& libraryPath)
{
    m_personsDirty = true;
    ++m_generation;
    m_path = libraryPath;
    m_faces.clear();
    m_suggestions.clear(); // another library's
    m_suggestionOrder.clear();
    m_suggestedDirty = true;
    m_images = 0;
    m_failures = 0;
    m_index.images.clear();
    m_index.imageCount = 0;
    m_index.labelCount.clear();
    m_index.personCount.clear();
    m_index.notFaces = 0;
    m_sortedLabels.clear();
    m_labelsDirty = true;
    m_loadedUpTo = 0;
    m_loaded = false;
    m_loading = false;
    m_pending = Pending::None;
    touchAll();
    notify();
    if (!m_path.isEmpty())
        start(true);
}

void FaceCatalog::refresh()
{
    if (m_path.isEmpty())
        return;
    if (m_loading) {
        m_pending = std::max(m_pending, Pending::Refresh);
        return;
    }
    start(!m_loaded);
}

void FaceCatalog::reload()
{
    if (m_path.isEmpty())
        return;
    if (m_loading) {
        m_pending = Pending::Reload;
        return;
    }
    start(true);
}

FaceCatalog::Loaded FaceCatalog::load(const QString& path, qint64 afterId, qint64 span)
{
    Loaded out;
    if (!QFileInfo::exists(path))
        return out;
    auto library = Library::open(path, Library::Mode::ReadOnly);
    if (!library) {
        out.error = library.error();
        return out;
    }
    QHash<QString, QString> strings; // interning: one QString per photo path and label
    auto intern = [&strings](const QString& s) {
        auto it = strings.constFind(s);
        return it != strings.cend() ? *it : *strings.insert(s, s);
    };
    qint64 upTo = std::numeric_limits<qint64>::max();
    if (span > 0) { // the block starts at the first face after afterId: never empty
        Statement first = (*library)->database().prepare(
            "SELECT min(id) FROM items WHERE kind = 0 AND id > ?");
        first.bind(1, afterId);
        upTo = (first.next() && !first.isNull(0) ? first.integer(0) - 1 : afterId) + span;
    }
    (*library)->forEachFace(
        [&](const FaceRecord& r) {
            out.faces.push_back({r.id, r.imageId, intern(r.path), intern(r.label), r.box, r.score,
                                 r.label.isEmpty() && !r.notFace ? r.cluster : 0, r.notFace});
        },
        afterId, upTo);
    if (span > 0) {
        // Faces above this block: the next block continues from upTo.
        Statement more = (*library)->database().prepare(
            "SELECT EXISTS(SELECT 1 FROM items WHERE kind = 0 AND id > ?)");
        more.bind(1, upTo);
        out.moreAfter = more.next() && more.integer(0) ? upTo : -1;
    }
    if (afterId == 0) {
        const LibraryStats stats = (*library)->stats();
        out.failures = stats.imagesFailed;
        out.total = stats.faces + stats.notFaces;
    }
    // Counted here, not on the GUI thread: a block of 100,000 faces cost it 0.3-1 s.
    out.index = Index::of(out.faces);
    return out;
}

FaceCatalog::Loaded FaceCatalog::loadIds(const QString& path, std::vector<qint64> ids)
{
    Loaded out;
    auto library = Library::open(path, Library::Mode::ReadOnly);
    if (!library) {
        out.error = library.error();
        return out;
    }
    std::sort(ids.begin(), ids.end());
    // Runs of consecutive ids are one range query each.
    for (size_t i = 0; i < ids.size();) {
        size_t j = i + 1;
        while (j < ids.size() && ids[j] <= ids[j - 1] + 1)
            ++j;
        (*library)->forEachFace(
            [&](const FaceRecord& r) {
                out.faces.push_back({r.id, r.imageId, r.path, r.label, r.box, r.score,
                                     r.label.isEmpty() && !r.notFace ? r.cluster : 0, r.notFace});
            },
            ids[i] - 1, ids[j - 1]);
        i = j;
    }
    return out;
}

void FaceCatalog::update(const std::vector<qint64>& ids)
{
    if (m_path.isEmpty() || ids.empty())
        return;
    if (m_loading || ids.size() > kMaxUpdate)
        return reload(); // a load in flight may have read the library before the change
    ++m_updating;
    const quint64 generation = m_generation;
    QFuture<Loaded> future = QtConcurrent::run(&m_pool, [path = m_path, ids] { return loadIds(path, ids); });
    whenFinished(future, this, [this, generation](Loaded loaded) {
        --m_updating;
        if (generation != m_generation)
            return;
        if (!loaded.error.isEmpty()) {
            qCWarning(lcCatalog) << "cannot read faces again:" << loaded.error;
            return reload();
        }
        replace(loaded.faces);
    });
}

void FaceCatalog::uncount(const FaceInfo& face)
{
    if (face.notFace) {
        --m_index.notFaces;
        return;
    }
    countLabel(face.label, -1);
    if (face.person > 0 && --m_index.personCount[face.person] <= 0)
        m_index.personCount.remove(face.person);
}

void FaceCatalog::count(const FaceInfo& face)
{
    if (face.notFace) {
        ++m_index.notFaces;
        return;
    }
    countLabel(face.label, 1);
    if (face.person > 0)
        ++m_index.personCount[face.person];
    m_index.addImage(face.imageId);
    m_images = m_index.imageCount;
}

void FaceCatalog::replace(const std::vector<FaceInfo>& faces)
{
    m_personsDirty = true;
    m_suggestedDirty = true;
    for (const FaceInfo& f : faces) {
        const int row = rowOf(f.id);
        if (row < 0)
            continue; // added since: a refresh brings it
        FaceInfo& face = m_faces[size_t(row)];
        if (face.imageId != f.imageId)
            continue; // not the same face: cannot happen with ids never reused
        uncount(face);
        face = f;
        count(face);
        m_noted.ids.push_back(f.id);
    }
    notify();
}

void FaceCatalog::start(bool full)
{
    // A full load comes in blocks of ids, the first small: the grid shows the first faces of
    // a 1,000,000-face library at once and fills while the rest loads. A reload keeps the
    // faces shown until all are read again, then swaps them in at once: in blocks, the grid
    // fell back to the first 20,000 faces and grew again block by block.
    const bool reload = full && !m_faces.empty();
    startBlock(full, full ? 0 : m_loadedUpTo, full && !reload ? kFirstBlock : 0);
}

void FaceCatalog::startBlock(bool full, qint64 afterId, qint64 span)
{
    m_loading = true;
    const quint64 generation = m_generation;
    m_future = QtConcurrent::run(
        &m_pool,
        [path = m_path, afterId, span] { return std::make_shared<Loaded>(load(path, afterId, span)); });
    whenFinished(m_future, this, [this, generation, full](std::shared_ptr<Loaded> loaded) {
        finish(generation, full, std::move(*loaded));
    });
}

void FaceCatalog::finish(quint64 generation, bool full, Loaded loaded)
{
    if (generation != m_generation)
        return;
    // A load queued behind this one keeps the catalog "loading": what this one brings may
    // already be out of date. So does the next block of a full load.
    const qint64 next = loaded.error.isEmpty() ? loaded.moreAfter : -1;
    m_loading = m_pending != Pending::None || next >= 0;
    if (!loaded.error.isEmpty()) {
        qCWarning(lcCatalog) << "cannot load faces:" << loaded.error;
        emit loadFailed(loaded.error);
    } else {
        m_loaded = true;
        if (loaded.failures >= 0)
            m_failures = loaded.failures;
        merge(std::move(loaded.faces), std::move(loaded.index), full, loaded.total);
    }
    if (next >= 0 && m_pending != Pending::Reload) {
        // The next block: appended like faces an import committed (O(block) on this thread).
        // A refresh queued meanwhile is covered by the blocks still to come.
        if (m_pending == Pending::Refresh)
            m_pending = Pending::None;
        return startBlock(false, next, kBlock);
    }
    const Pending pending = std::exchange(m_pending, Pending::None);
    if (pending != Pending::None)
        start(pending == Pending::Reload);
}

void FaceCatalog::merge(std::vector<FaceInfo> faces, std::optional<Index> index, bool full,
                        qint64 total)
{
    if (full)
        touchAll(); // appended faces are new rows; a full load replaced every face
    m_personsDirty = true;
    ++m_loads;
    m_suggestedDirty = true;
    if (!full && faces.empty())
        return;
    if (!faces.empty())
        m_loadedUpTo = full ? faces.back().id : std::max(m_loadedUpTo, faces.back().id);
    else if (full)
        m_loadedUpTo = 0;
    if (full) {
        m_faces = std::move(faces);
        // Room for the blocks to come: growing 1,000,000 faces by doubling moved them all on
        // this thread, several times.
        if (total > qint64(m_faces.size()))
            m_faces.reserve(size_t(total));
        if (index) {
            m_index = std::move(*index);
            m_images = m_index.imageCount;
            m_labelsDirty = true;
        } else {
            reindex();
        }
    } else if (m_faces.empty() || faces.front().id > m_faces.back().id) {
        // The usual case: an import committed faces with new, larger ids.
        const size_t first = m_faces.size();
        m_faces.insert(m_faces.end(), std::make_move_iterator(faces.begin()),
                       std::make_move_iterator(faces.end()));
        if (index) {
            m_personsDirty = true;
            m_labelsDirty = true;
            m_index.merge(*index); // O(labels, people, photos), not O(faces)
            m_images = m_index.imageCount;
        } else {
            indexFrom(first);
        }
    } else {
        const size_t known = m_faces.size();
        for (FaceInfo& f : faces)
            if (rowOf(f.id, known) < 0)
                m_faces.push_back(std::move(f));
        std::sort(m_faces.begin(), m_faces.end(),
                  [](const FaceInfo& a, const FaceInfo& b) { return a.id < b.id; });
        reindex();
        touchAll();
    }
    notify();
}

void FaceCatalog::touch(const std::vector<qint64>& ids)
{
    if (!m_noted.all)
        m_noted.ids.insert(m_noted.ids.end(), ids.begin(), ids.end());
}

void FaceCatalog::notify()
{
    m_change = std::exchange(m_noted, Change{false, {}});
    emit changed();
}

void FaceCatalog::Index::add(const FaceInfo& face)
{
    if (face.notFace) {
        ++notFaces;
        return;
    }
    addImage(face.imageId);
    ++labelCount[face.label];
    if (face.person > 0)
        ++personCount[face.person];
}

void FaceCatalog::Index::addImage(qint64 id)
{
    if (id < 0)
        return;
    if (size_t(id) >= images.size())
        images.resize(std::max(size_t(id) + 1, images.size() * 2));
    if (!images[size_t(id)]) {
        images[size_t(id)] = true;
        ++imageCount;
    }
}

void FaceCatalog::Index::merge(const Index& other)
{
    for (auto it = other.labelCount.cbegin(); it != other.labelCount.cend(); ++it)
        labelCount[it.key()] += it.value();
    for (auto it = other.personCount.cbegin(); it != other.personCount.cend(); ++it)
        personCount[it.key()] += it.value();
    notFaces += other.notFaces;
    for (size_t id = 0; id < other.images.size(); ++id)
        if (other.images[id])
            addImage(qint64(id));
}

FaceCatalog::Index FaceCatalog::Index::of(const std::vector<FaceInfo>& faces)
{
    Index index;
    for (const FaceInfo& face : faces)
        index.add(face);
    return index;
}

void FaceCatalog::reindex()
{
    m_personsDirty = true;
    m_index = Index::of(m_faces);
    m_images = m_index.imageCount;
    m_labelsDirty = true;
}

void FaceCatalog::indexFrom(size_t first)
{
    m_personsDirty = true;
    for (size_t i = first; i < m_faces.size(); ++i)
        m_index.add(m_faces[i]);
    m_images = m_index.imageCount;
    m_labelsDirty = true; // sorted again when asked: a few thousand names at most
}

void FaceCatalog::countLabel(const QString& label, int delta)
{
    const qint64 before = m_index.labelCount.value(label);
    const qint64 after = std::max<qint64>(0, before + delta);
    if (after > 0)
        m_index.labelCount.insert(label, after);
    else
        m_index.labelCount.remove(label);
    if (label.isEmpty() || m_labelsDirty)
        return;
    if ((before > 0) != (after > 0)) {
        m_labelsDirty = true; // a label appeared or went: sort again when asked
        return;
    }
    for (auto& entry : m_sortedLabels)
        if (entry.first == label) {
            entry.second = after;
            break;
        }
}

const FaceInfo* FaceCatalog::find(qint64 id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_faces[size_t(row)];
}

int FaceCatalog::rowOf(qint64 id, size_t end) const
{
    const auto last = m_faces.begin() + qsizetype(std::min(end, m_faces.size()));
    const auto it = std::lower_bound(m_faces.begin(), last, id,
                                     [](const FaceInfo& f, qint64 value) { return f.id < value; });
    return it != last && it->id == id ? int(it - m_faces.begin()) : -1;
}

std::vector<qint64> FaceCatalog::ids() const
{
    std::vector<qint64> out;
    out.reserve(m_faces.size());
    for (const FaceInfo& f : m_faces)
        if (!f.notFace)
            out.push_back(f.id);
    return out;
}

std::vector<qint64> FaceCatalog::notFaceIds() const
{
    std::vector<qint64> out;
    for (const FaceInfo& f : m_faces)
        if (f.notFace)
            out.push_back(f.id);
    return out;
}

std::vector<qint64> FaceCatalog::idsWithLabel(const QString& label) const
{
    std::vector<qint64> out;
    for (const FaceInfo& f : m_faces)
        if (f.label == label && !f.notFace)
            out.push_back(f.id);
    return out;
}

const std::vector<std::pair<QString, qint64>>& FaceCatalog::labelCounts() const
{
    if (m_labelsDirty) {
        m_sortedLabels.clear();
        for (auto it = m_index.labelCount.cbegin(); it != m_index.labelCount.cend(); ++it)
            if (!it.key().isEmpty())
                m_sortedLabels.emplace_back(it.key(), it.value());
        std::sort(m_sortedLabels.begin(), m_sortedLabels.end(), [](const auto& a, const auto& b) {
            return QString::localeAwareCompare(a.first, b.first) < 0;
        });
        m_labelsDirty = false;
    }
    return m_sortedLabels;
}

QStringList FaceCatalog::labels() const
{
    QStringList out;
    out.reserve(qsizetype(labelCounts().size()));
    for (const auto& [name, count] : labelCounts())
        out << name;
    return out;
}

qint64 FaceCatalog::unlabelledCount() const
{
    return m_index.labelCount.value(QString());
}

void FaceCatalog::add(const std::vector<FaceRecord>& records)
{
    m_suggestedDirty = true;
    bool added = false;
    const size_t known = m_faces.size();
    for (const FaceRecord& r : records) {
        if (rowOf(r.id, known) >= 0)
            continue;
        m_faces.push_back({r.id, r.imageId, r.path, r.label, r.box, r.score, 0, r.notFace});
        added = true;
    }
    if (!added)
        return;
    std::sort(m_faces.begin(), m_faces.end(),
              [](const FaceInfo& a, const FaceInfo& b) { return a.id < b.id; });
    reindex(); // rare: results of a search that ran ahead of the catalog
    touchAll();
    notify();
}

void FaceCatalog::setLabel(const std::vector<qint64>& ids, const QString& label)
{
    m_personsDirty = true;
    m_suggestedDirty = true;
    touch(ids);
    for (qint64 id : ids) {
        const int row = rowOf(id);
        if (row < 0)
            continue;
        FaceInfo& face = m_faces[size_t(row)];
        if (face.notFace) { // counted nowhere: only its label changes
            face.label = label;
            continue;
        }
        countLabel(face.label, -1);
        face.label = label;
        countLabel(label, 1);
        // A named face leaves its suggested person (as FaceClusterer::stored() has it).
        if (!label.isEmpty() && face.person > 0 && --m_index.personCount[face.person] <= 0)
            m_index.personCount.remove(face.person);
        if (!label.isEmpty())
            face.person = 0;
    }
    notify();
}

std::vector<qint64> FaceCatalog::idsFor(const LabelFilter& filter) const
{
    switch (filter.kind) {
    case LabelFilter::Kind::All:
        return ids();
    case LabelFilter::Kind::Unlabelled:
        return idsWithLabel(QString());
    case LabelFilter::Kind::Label:
        return idsWithLabel(filter.name);
    case LabelFilter::Kind::Person:
        return idsOfPerson(filter.person);
    case LabelFilter::Kind::Suggested:
        return suggestedIds(); // best first
    case LabelFilter::Kind::NotFaces:
        return notFaceIds();
    }
    return {};
}

const std::vector<std::pair<int, qint64>>& FaceCatalog::personCounts() const
{
    // 100,000 suggested people at 1,000,000 faces: sorted once a change, not once a caller.
    if (m_personsDirty) {
        m_sortedPersons.clear();
        m_sortedPersons.reserve(size_t(m_index.personCount.size()));
        for (auto it = m_index.personCount.cbegin(); it != m_index.personCount.cend(); ++it)
            m_sortedPersons.emplace_back(it.key(), it.value());
        std::sort(m_sortedPersons.begin(), m_sortedPersons.end(), [](const auto& a, const auto& b) {
            return a.second > b.second || (a.second == b.second && a.first < b.first);
        });
        m_personsDirty = false;
    }
    return m_sortedPersons;
}

std::vector<qint64> FaceCatalog::idsOfPerson(int person) const
{
    std::vector<qint64> out;
    for (const FaceInfo& f : m_faces)
        if (f.person == person && f.label.isEmpty() && !f.notFace)
            out.push_back(f.id);
    return out;
}

void FaceCatalog::setSuggestions(std::vector<LabelSuggestion> suggestions, bool notify)
{
    m_suggestedDirty = true;
    // The faces whose suggestion changes: those suggested before and those suggested now.
    touch(m_suggestionOrder);
    m_suggestions.clear();
    m_suggestionOrder.clear();
    for (LabelSuggestion& s : suggestions) {
        m_suggestionOrder.push_back(s.face);
        m_suggestions.insert(s.face, std::move(s));
    }
    touch(m_suggestionOrder);
    if (notify)
        this->notify();
}

const LabelSuggestion* FaceCatalog::suggestion(qint64 id) const
{
    auto it = m_suggestions.constFind(id);
    if (it == m_suggestions.cend())
        return nullptr;
    const FaceInfo* face = find(id);
    // Named or hidden since: no longer a question.
    return face && face->label.isEmpty() && !face->notFace ? &*it : nullptr;
}

const std::vector<qint64>& FaceCatalog::suggestedIds() const
{
    // Asked for by the sidebar, the menus and the grid on every change: computed once.
    if (m_suggestedDirty) {
        m_suggested.clear();
        for (qint64 id : m_suggestionOrder)
            if (suggestion(id))
                m_suggested.push_back(id);
        m_suggestedDirty = false;
    }
    return m_suggested;
}

} // namespace lookalike::ui
