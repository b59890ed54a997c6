#pragma once
// The sidebar's list of people: "All faces", "Unlabelled", "Suggestions to confirm", "Not
// faces" (detections hidden as not faces, when there are any), every label, then the suggested
// people of unlabelled faces ("Unnamed person N", largest first), each with its face count (column
// 1). Filled from the FaceCatalog (memory); a text filter narrows the people while keeping the
// fixed rows. Faces dragged from the grid can be dropped on a label, on "Unlabelled" or on a
// suggested person or "Not faces": facesDropped() asks for the change, the model changes nothing.
#include "labelfilter.h"
#include <QAbstractTableModel>
#include <vector>

namespace lookalike::ui {

class FaceCatalog;

class LabelModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role { FilterKindRole = Qt::UserRole + 1, CountRole };
    enum Column { NameColumn = 0, CountColumn = 1 };

    explicit LabelModel(const FaceCatalog* catalog, QObject* parent = nullptr);

    // Re-reads the catalog and changes only what differs: counts in place (dataChanged on the
    // rows whose count changed), rows that came or went as removals and insertions between the
    // unchanged rows at both ends; never a reset. O(people) with no string made for the
    // suggested people (100,000 of them at 1,000,000 faces), so that it fits every change.
    void refresh();
    void setFilterText(const QString& text);
    LabelFilter filterAt(int row) const;
    int rowOf(const LabelFilter& filter) const; // -1 when not shown

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QStringList mimeTypes() const override;
    Qt::DropActions supportedDropActions() const override;
    bool canDropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                         const QModelIndex& parent) const override;
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override;
    static bool acceptsFaces(const LabelFilter& filter);
    // What the grid says above the faces of a row.
    static QString title(const LabelFilter& filter);

signals:
    void facesDropped(const std::vector<qint64>& faceIds, const LabelFilter& target);

private:
    struct Entry {
        LabelFilter filter;
        qint64 count = 0;
    };
    std::vector<Entry> entries() const;
    QString text(const Entry& e) const; // what the name column shows
    // Emits dataChanged for the runs of rows in [first, last) whose count differs in `next`.
    void countsChanged(const std::vector<Entry>& next, int first, int last, int offset);

    const FaceCatalog* m_catalog;
    QString m_filterText;
    std::vector<Entry> m_entries;
};

} // namespace lookalike::ui
