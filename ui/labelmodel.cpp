#include "labelmodel.h"
#include "facecatalog.h"
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
    out.push_back({LabelFilter::all(), tr("All faces"), m_catalog->count()});
    const qint64 unlabelled = m_catalog->unlabelledCount();
    if (unlabelled > 0 && unlabelled < m_catalog->count())
        out.push_back({LabelFilter::unlabelled(), tr("Unlabelled"), unlabelled});
    for (const auto& [name, count] : m_catalog->labelCounts()) {
        if (m_filterText.isEmpty() || name.contains(m_filterText, Qt::CaseInsensitive))
            out.push_back({LabelFilter::label(name), name, count});
    }
    return out;
}

void LabelModel::refresh()
{
    std::vector<Entry> next = entries();
    const bool sameRows =
        next.size() == m_entries.size() &&
        std::equal(next.begin(), next.end(), m_entries.begin(),
                   [](const Entry& a, const Entry& b) { return a.filter == b.filter; });
    if (!sameRows) {
        beginResetModel();
        m_entries = std::move(next);
        endResetModel();
        return;
    }
    m_entries = std::move(next);
    if (!m_entries.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, CountColumn));
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
        return index.column() == NameColumn ? e.text : QLocale().toString(e.count);
    case Qt::ToolTipRole:
        return tr("%1: %2").arg(e.text, plural(e.count, tr("face"), tr("faces")));
    case Qt::TextAlignmentRole:
        return index.column() == CountColumn ? int(Qt::AlignRight | Qt::AlignVCenter)
                                             : int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (special && index.column() == NameColumn) {
            QFont font;
            font.setItalic(e.filter.kind == LabelFilter::Kind::Unlabelled);
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
    return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren
                           : Qt::NoItemFlags;
}

} // namespace lookalike::ui
