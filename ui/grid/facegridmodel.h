#pragma once
// The grid's model: rows are face ids, with a similarity in query results. Everything else
// comes from the FaceCatalog (memory) and the ThumbnailCache (memory, asks for the rest).
// data() never does I/O.
#include <QAbstractListModel>
#include <QPixmap>
#include <cmath>
#include <vector>

namespace lookalike::ui {

class FaceCatalog;
class ThumbnailCache;

class FaceGridModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        FaceIdRole = Qt::UserRole + 1, // qint64
        SimilarityRole,                // double, invalid outside query results
        LabelRole,                     // QString
        PathRole,                      // QString
        DetectorScoreRole,             // double
        ThumbnailStateRole,            // ThumbnailState
        SuggestionRole,                // QString: the named person an unlabelled face looks like
    };
    enum ThumbnailState { Loading = 0, Ready = 1, Failed = 2 };

    struct Row {
        qint64 faceId = 0;
        float similarity = NAN; // NaN: not a query result
        bool operator==(const Row& o) const { return faceId == o.faceId; }
    };

    FaceGridModel(const FaceCatalog* catalog, ThumbnailCache* thumbnails,
                  QObject* parent = nullptr);

    // Shows `rows`. When the new rows keep the relative order of the old ones (more faces
    // arrived, a filter changed) the change is made with row inserts and removals, so views
    // keep their scroll position and selection; otherwise the model resets.
    void setRows(std::vector<Row> rows);
    const std::vector<Row>& rows() const { return m_rows; }
    qint64 faceId(int row) const { return m_rows[size_t(row)].faceId; }
    int rowOf(qint64 faceId) const;
    // Catalog data (labels, suggestions) changed for these faces: dataChanged on their rows,
    // in runs of consecutive rows.
    void refreshInfo(const std::vector<qint64>& faceIds);
    // ... or for rows first..last (all rows by default).
    void refreshInfo(int first = 0, int last = -1);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    Qt::DropActions supportedDragActions() const override { return Qt::CopyAction; }
    QHash<int, QByteArray> roleNames() const override;

private:
    void thumbnailsReady(const QList<qint64>& ids);
    bool applyDiff(const std::vector<Row>& rows);
    void rebuildIndex(); // m_rowOf, unless the rows are in id order (binary search then)
    QString toolTip(const Row& row) const;

    const FaceCatalog* m_catalog;
    ThumbnailCache* m_thumbnails;
    std::vector<Row> m_rows;
    QHash<qint64, int> m_rowOf; // empty when m_byId
    // Rows in ascending face id (every sidebar row but suggestions): rowOf() is a binary
    // search, and no hash of 1,000,000 ids is built on the GUI thread.
    bool m_byId = true;
};

} // namespace lookalike::ui
