#pragma once
// The row above a map, shared by the faces' map (MapPage) and the photos' (PhotoMapPage):
// what the page puts first (the faces' colour choice), names on the islands, the pan,
// rectangle and lasso tools (H, R, L: shortcuts of the page), fit, lay out again, the count
// of points and of those selected, and the progress of a layout with Cancel. It follows the
// service (progress, busy, failure: the view's message) and the view's selection.
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QProgressBar;
class QToolButton;

namespace lookalike::ui {

class MapService;
class MapView;

class MapToolBar : public QWidget {
    Q_OBJECT
public:
    // `page` holds the tools' shortcuts; `one` and `many` name the points ("face", "faces").
    MapToolBar(MapView* view, MapService* service, const QString& one, const QString& many,
               QWidget* page);

    void addLeading(QWidget* widget); // before the names
    // Another library (empty: none): the view and the service start again.
    void openLibrary(const QString& path);
    void updateStatus();

private:
    void showBusy(bool busy);
    QToolButton* addTool(QWidget* page, const QString& text, const QString& tip, int key, int tool);

    MapView* m_view;
    MapService* m_service;
    QString m_one, m_many;
    QHBoxLayout* m_row;
    int m_leading = 0;
    QLabel* m_status;
    QProgressBar* m_progress;
    QToolButton* m_cancel;
};

} // namespace lookalike::ui
