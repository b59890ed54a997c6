#pragma once
// The current group of the duplicate photos review: its photos side by side (PhotoCard, the
// keeper badged, one selected), or two of them laid over each other (PhotoOverlayView: the
// keeper under the selected photo, or under the next one when the keeper is selected) with a
// blend slider. Pictures come from a PhotoPreviewLoader; the next group's are asked for
// ahead. Takes keyboard focus so the review's single keys work here.
#include "photoreviewjob.h"
#include <QWidget>

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

signals:
    void keepRequested(int index);
    void selectionChanged(int index);

private:
    void clearCards();
    void previewReady(const QString& path);
    void updateOverlay();
    int overlayUpper() const;

    PhotoPreviewLoader* m_previews;
    QStackedWidget* m_pages;
    QLabel* m_empty;
    QScrollArea* m_scroll;
    QWidget* m_row;
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
