#pragma once
// The current group of the duplicate photos review: its photos side by side (PhotoCard, the
// keeper badged, one selected), or two of them laid over each other (PhotoOverlayView: the
// keeper under the selected photo, or under the next one when the keeper is selected) with a
// blend slider. Pictures come from a PhotoPreviewLoader; the next group's are asked for
// ahead. Takes keyboard focus so the review's single keys work here.
#include "photoreviewjob.h"
#include <QWidget>

class QGridLayout;
class QLabel;
class QScrollArea;
class QSlider;
class QStackedWidget;

namespace lookalike::ui {

class PhotoCard;
class PhotoOverlayView;
class PhotoPreviewLoader;

class PhotoGroupView : public QWidget {
    Q_OBJECT
public:
    explicit PhotoGroupView(PhotoPreviewLoader* previews, QWidget* parent = nullptr);

    // Shows `group` (null: `emptyText`) with the photo at `keeperIndex` badged; `next` is
    // loaded ahead. The selection stays when the group is the same.
    void setGroup(const PhotoReviewGroup* group, int keeperIndex, const PhotoReviewGroup* next);
    void setEmptyText(const QString& text);

    int selectedIndex() const { return m_selected; }
    void select(int index);
    void selectNext(int delta); // wraps around
    int photoCount() const { return int(m_cards.size()); }
    PhotoCard* card(int index) const;

    void setOverlay(bool on);
    bool isOverlay() const;
    QSlider* blendSlider() const { return m_blend; }
    PhotoOverlayView* overlay() const { return m_overlay; }
    QString overlayCaption() const; // which photo is under which
    // Every picture on screen is decoded (or failed).
    bool isShowingPictures() const;

    // Columns for `count` photos shaped like `photo` in `room` with `textHeight` below each.
    static int bestColumns(QSize room, QSize photo, int count, int textHeight);

signals:
    void keepRequested(int index);
    void selectionChanged(int index);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void clearCards();
    void arrange(); // the cards in the grid, by bestColumns()
    void previewReady(const QString& path);
    void updateOverlay();
    int overlayUpper() const;

    PhotoPreviewLoader* m_previews;
    QStackedWidget* m_pages;
    QLabel* m_empty;
    QScrollArea* m_scroll;
    QWidget* m_row;
    QGridLayout* m_grid;
    int m_columns = 0;
    QWidget* m_overlayPage;
    PhotoOverlayView* m_overlay;
    QSlider* m_blend;
    QLabel* m_blendLabel;
    std::vector<PhotoCard*> m_cards;
    std::vector<qint64> m_shown; // the ids of the cards
    int m_keeper = 0;
    int m_selected = 0;
};

} // namespace lookalike::ui
