#include "labelmodel.h"
#include "faceclusterer.h"
#include "facecatalog.h"
#include "faceidsmime.h"
#include "plural.h"
#include <QFont>
#include <QLocale>

namespace lookalike::ui {

LabelModel::LabelModel(const FaceCatalog* catalog, QObject* parent)
    : QAbstractTableModel(parent), m_catalog(catalog)
{
    m_entries = entries();
}

std::vector<LabelModel::Entry> LabelModel::entries() const
{
    std::vector<Entry> out;
    const auto& labels = m_catalog->labelCounts();
    const auto& persons = m_catalog->personCounts();
    out.reserve(4 + labels.size() + persons.size());
    out.push_back({LabelFilter::all(), m_catalog->count()});
    const qint64 unlabelled = m_catalog->unlabelledCount();
    if (unlabelled > 0 && unlabelled < m_catalog->count())
        out.push_back({LabelFilter::unlabelled(), unlabelled});
    const qint64 suggested = qint64(m_catalog->suggestedIds().size());
    if (suggested > 0)
        out.push_back({LabelFilter::suggested(), suggested});
    if (const qint64 notFaces = m_catalog->notFaceCount(); notFaces > 0)
        out.push_back({LabelFilter::notFaces(), notFaces});
    auto shown = [this](const QString& name) {
        return m_filterText.isEmpty() || name.contains(m_filterText, Qt::CaseInsensitive);
    };
    for (const auto& [name, count] : labels) {
        if (shown(name))
            out.push_back({LabelFilter::label(name), count});
    }
    // Suggested people after the named ones, largest first. Their names are made only to
    // match a filter text, and by data() for the rows shown.
    for (const auto& [number, count] : persons) {
        if (m_filterText.isEmpty() || shown(FaceClusterer::displayName(number)))
            out.push_back({LabelFilter::unnamedPerson(number), count});
    }
    return out;
}

QString LabelModel::text(const Entry& e) const
{
    switch (e.filter.kind) {
    case LabelFilter::Kind::All:
        return tr("All faces");
    case LabelFilter::Kind::Unlabelled:
        return tr("Unlabelled");
    case LabelFilter::Kind::Suggested:
        return tr("Suggestions to confirm");
    case LabelFilter::Kind::NotFaces:
        return tr("Not faces");
    case LabelFilter::Kind::Label:
        return e.filter.name;
    case LabelFilter::Kind::Person:
        return FaceClusterer::displayName(e.filter.person);
    }
    return {};
}

void LabelModel::refresh()
{
    std::vector<Entry> next = entries();
    auto same = [](const Entry& a, const Entry& b) { return a.filter == b.filter; };
    const int old = int(m_entries.size()), now = int(next.size());
    // The rows both have at the start and at the end; what lies between changed.
    int prefix = 0;
    while (prefix < old && prefix < now && same(m_entries[size_t(prefix)], next[size_t(prefix)]))
        ++prefix;
    int suffix = 0;
    while (suffix < old - prefix && suffix < now - prefix &&
           same(m_entries[size_t(old - 1 - suffix)], next[size_t(now - 1 - suffix)]))
        ++suffix;
    countsChanged(next, 0, prefix, 0);
    // Counts of the rows at the end, before they move (their rows in m_entries).
    countsChanged(next, old - suffix, old, now - old);
    if (old - suffix > prefix) {
        beginRemoveRows({}, prefix, old - suffix - 1);
        m_entries.erase(m_entries.begin() + prefix, m_entries.begin() + (old - suffix));
        endRemoveRows();
    }
    if (now - suffix > prefix) {
        beginInsertRows({}, prefix, now - suffix - 1);
        m_entries.insert(m_entries.begin() + prefix, next.begin() + prefix,
                         next.begin() + (now - suffix));
        endInsertRows();
    }
}

void LabelModel::countsChanged(const std::vector<Entry>& next, int first, int last, int offset)
{
    for (int row = first; row < last;) {
        if (m_entries[size_t(row)].count == next[size_t(row + offset)].count) {
            ++row;
            continue;
        }
        int end = row;
        while (end < last && m_entries[size_t(end)].count != next[size_t(end + offset)].count) {
            m_entries[size_t(end)].count = next[size_t(end + offset)].count;
            ++end;
        }
        emit dataChanged(index(row, NameColumn), index(end - 1, CountColumn));
        row = end;
    }
}

void LabelModel::setFilterText(const QString& text)
{
    if (text == m_filterText)
        return;
    m_filterText = text;
    refresh();
}

LabelFilter LabelModel::filterAt(int row) const
{
    return row >= 0 && row < rowCount() ? m_entries[size_t(row)].filter : LabelFilter::all();
}

int LabelModel::rowOf(const LabelFilter& filter) const
{
    for (int i = 0; i < int(m_entries.size()); ++i)
        if (m_entries[size_t(i)].filter == filter)
            return i;
    return -1;
}

int LabelModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int LabelModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : 2;
}

QVariant LabelModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry& e = m_entries[size_t(index.row())];
    const bool special = e.filter.kind != LabelFilter::Kind::Label;
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == NameColumn ? text(e) : QLocale().toString(e.count);
    case Qt::ToolTipRole:
        switch (e.filter.kind) {
        case LabelFilter::Kind::Person:
            return tr("%1: %2 that look like one person. Name them (F2), merge them with another "
                      "person, split off faces that do not belong, or drop faces here that do.")
                .arg(text(e), plural(e.count, tr("unlabelled face"), tr("unlabelled faces")));
        case LabelFilter::Kind::Suggested:
            return tr("%1 that look like someone you named: confirm (Y) or reject (N) each.")
                .arg(plural(e.count, tr("unlabelled face"), tr("unlabelled faces")));
        case LabelFilter::Kind::Label:
            return tr("%1: %2. Drop faces here to file them under %1.")
                .arg(text(e), plural(e.count, tr("face"), tr("faces")));
        case LabelFilter::Kind::NotFaces:
            return tr("%1 that are not faces: pets, food, patterns and the like, set aside by the "
                      "face gate or by you, and left out of people, suggestions, reviews and "
                      "searches. Press Insert on one that is a face to bring it back; drop faces "
                      "here (or press Delete on them) to set them aside.")
                .arg(plural(e.count, tr("detection"), tr("detections")));
        default:
            return tr("%1: %2").arg(text(e), plural(e.count, tr("face"), tr("faces")));
        }
    case Qt::TextAlignmentRole:
        return index.column() == CountColumn ? int(Qt::AlignRight | Qt::AlignVCenter)
                                             : int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (special && index.column() == NameColumn) {
            QFont font;
            font.setItalic(e.filter.kind != LabelFilter::Kind::All);
            font.setBold(e.filter.kind == LabelFilter::Kind::All);
            return font;
        }
        return {};
    case FilterKindRole:
        return int(e.filter.kind);
    case CountRole:
        return e.count;
    default:
        return {};
    }
}

QVariant LabelModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? tr("Person") : tr("Faces");
}

Qt::ItemFlags LabelModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (acceptsFaces(filterAt(index.row())))
        flags |= Qt::ItemIsDropEnabled;
    return flags;
}

QString LabelModel::title(const LabelFilter& filter)
{
    switch (filter.kind) {
    case LabelFilter::Kind::All:
        return tr("All faces");
    case LabelFilter::Kind::Unlabelled:
        return tr("Unlabelled faces");
    case LabelFilter::Kind::Label:
        return filter.name;
    case LabelFilter::Kind::Person:
        return tr("%1 (F2 names them; select faces that do not belong and split them off with Ctrl+Shift+S)")
            .arg(FaceClusterer::displayName(filter.person));
    case LabelFilter::Kind::Suggested:
        return tr("Suggestions to confirm (Y confirms, N rejects)");
    case LabelFilter::Kind::NotFaces:
        return tr("Detections that are not faces (Insert: it is a face after all)");
    }
    return {};
}

bool LabelModel::acceptsFaces(const LabelFilter& filter)
{
    return filter.kind == LabelFilter::Kind::Label || filter.kind == LabelFilter::Kind::Unlabelled ||
           filter.kind == LabelFilter::Kind::Person || filter.kind == LabelFilter::Kind::NotFaces;
}

QStringList LabelModel::mimeTypes() const
{
    return {FaceIdsMime::type()};
}

Qt::DropActions LabelModel::supportedDropActions() const
{
    return Qt::CopyAction | Qt::MoveAction;
}

bool LabelModel::canDropMimeData(const QMimeData* data, Qt::DropAction, int row, int,
                                 const QModelIndex& parent) const
{
    // Only onto a row (parent), never between rows.
    return row < 0 && parent.isValid() && acceptsFaces(filterAt(parent.row())) &&
           data->hasFormat(FaceIdsMime::type());
}

bool LabelModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                              const QModelIndex& parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    const std::vector<qint64> ids = FaceIdsMime::decode(data);
    if (ids.empty())
        return false;
    emit facesDropped(ids, filterAt(parent.row()));
    return false; // the faces stay in the grid's model; the label change follows the edit
}

} // namespace lookalike::ui
