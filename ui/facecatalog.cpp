#include "facecatalog.h"
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSet>
#include <QtConcurrent>
#include <algorithm>

Q_LOGGING_CATEGORY(lcCatalog, "lookalike.ui.catalog", QtInfoMsg)

namespace lookalike::ui {

FaceCatalog::FaceCatalog(QObject* parent) : QObject(parent) {}

FaceCatalog::~FaceCatalog() { m_future.waitForFinished(); }

void FaceCatalog::open(const QString& libraryPath)
{
    ++m_generation;
    m_path = libraryPath;
    m_faces.clear();
    m_row.clear();
    m_images = 0;
    m_failures = 0;
    m_loadedUpTo = 0;
    m_loaded = false;
    m_loading = false;
    m_pending = Pending::None;
    emit changed();
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

FaceCatalog::Loaded FaceCatalog::load(const QString& path, qint64 afterId)
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
    (*library)->forEachFace(
        [&](const FaceRecord& r) {
            out.faces.push_back({r.id, r.imageId, intern(r.path), intern(r.label), r.box, r.score});
        },
        afterId);
    if (afterId == 0)
        out.failures = (*library)->stats().imagesFailed;
    return out;
}

void FaceCatalog::start(bool full)
{
    m_loading = true;
    const quint64 generation = m_generation;
    const qint64 afterId = full ? 0 : m_loadedUpTo;
    m_future = QtConcurrent::run([path = m_path, afterId] { return load(path, afterId); });
    m_future.then(this, [this, generation, full](Loaded loaded) {
        finish(generation, full, std::move(loaded));
    });
}

void FaceCatalog::finish(quint64 generation, bool full, Loaded loaded)
{
    if (generation != m_generation)
        return;
    m_loading = false;
    if (!loaded.error.isEmpty()) {
        qCWarning(lcCatalog) << "cannot load faces:" << loaded.error;
        emit loadFailed(loaded.error);
    } else {
        m_loaded = true;
        if (loaded.failures >= 0)
            m_failures = loaded.failures;
        merge(std::move(loaded.faces), full);
    }
    const Pending pending = std::exchange(m_pending, Pending::None);
    if (pending != Pending::None)
        start(pending == Pending::Reload);
}

void FaceCatalog::merge(std::vector<FaceInfo> faces, bool full)
{
    if (!full && faces.empty())
        return;
    if (full && faces.empty() && m_faces.empty()) {
        emit changed(); // the failure count may have changed
        return;
    }
    if (!faces.empty())
        m_loadedUpTo = full ? faces.back().id : std::max(m_loadedUpTo, faces.back().id);
    else
        m_loadedUpTo = 0;
    if (full) {
        m_faces = std::move(faces);
    } else {
        for (FaceInfo& f : faces) {
            if (!m_row.contains(f.id))
                m_faces.push_back(std::move(f));
        }
        std::sort(m_faces.begin(), m_faces.end(),
                  [](const FaceInfo& a, const FaceInfo& b) { return a.id < b.id; });
    }
    reindex();
    emit changed();
}

void FaceCatalog::reindex()
{
    m_row.clear();
    m_row.reserve(qsizetype(m_faces.size()));
    QSet<qint64> images;
    for (int i = 0; i < int(m_faces.size()); ++i) {
        m_row.insert(m_faces[size_t(i)].id, i);
        images.insert(m_faces[size_t(i)].imageId);
    }
    m_images = images.size();
}

const FaceInfo* FaceCatalog::find(qint64 id) const
{
    auto it = m_row.constFind(id);
    return it == m_row.cend() ? nullptr : &m_faces[size_t(*it)];
}

std::vector<qint64> FaceCatalog::ids() const
{
    std::vector<qint64> out;
    out.reserve(m_faces.size());
    for (const FaceInfo& f : m_faces)
        out.push_back(f.id);
    return out;
}

std::vector<qint64> FaceCatalog::idsWithLabel(const QString& label) const
{
    std::vector<qint64> out;
    for (const FaceInfo& f : m_faces)
        if (f.label == label)
            out.push_back(f.id);
    return out;
}

std::vector<std::pair<QString, qint64>> FaceCatalog::labelCounts() const
{
    QHash<QString, qint64> counts;
    for (const FaceInfo& f : m_faces)
        if (!f.label.isEmpty())
            ++counts[f.label];
    std::vector<std::pair<QString, qint64>> out(counts.keyValueBegin(), counts.keyValueEnd());
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return QString::localeAwareCompare(a.first, b.first) < 0;
    });
    return out;
}

QStringList FaceCatalog::labels() const
{
    QStringList out;
    for (const auto& [name, count] : labelCounts())
        out << name;
    return out;
}

qint64 FaceCatalog::unlabelledCount() const
{
    return std::count_if(m_faces.begin(), m_faces.end(),
                         [](const FaceInfo& f) { return f.label.isEmpty(); });
}

void FaceCatalog::add(const std::vector<FaceRecord>& records)
{
    bool added = false;
    for (const FaceRecord& r : records) {
        if (m_row.contains(r.id))
            continue;
        m_faces.push_back({r.id, r.imageId, r.path, r.label, r.box, r.score});
        added = true;
    }
    if (!added)
        return;
    std::sort(m_faces.begin(), m_faces.end(),
              [](const FaceInfo& a, const FaceInfo& b) { return a.id < b.id; });
    reindex();
    emit changed();
}

void FaceCatalog::setLabel(const std::vector<qint64>& ids, const QString& label)
{
    for (qint64 id : ids) {
        auto it = m_row.constFind(id);
        if (it != m_row.cend())
            m_faces[size_t(*it)].label = label;
    }
    emit changed();
}

} // namespace lookalike::ui
