#pragma once
// The current review item: face A (the suspect) and face B (the face it resembles) side by
// side, the similarity between them, or a message when there is no item. Pictures load in the
// background; the next item's are fetched ahead.
#include "reviewfinder.h"
#include <QWidget>

class QLabel;
class QStackedWidget;

namespace lookalike::ui {

class ReviewFaceLoader;
class ReviewFacePanel;

class ReviewPairView : public QWidget {
    Q_OBJECT
public:
    explicit ReviewPairView(const QString& libraryPath, QWidget* parent = nullptr);

    // Shows `item` (nullptr: `emptyText` instead); `next` is fetched ahead.
    void setItem(const ReviewItem* item, qint64 countA, qint64 countB, const ReviewItem* next);
    void setEmptyText(const QString& text);

    ReviewFacePanel* panelA() const { return m_a; }
    ReviewFacePanel* panelB() const { return m_b; }
    ReviewFaceLoader* loader() const { return m_loader; }
    // Both pictures of the item are on screen.
    bool isShowingPictures() const;

private:
    void showImages();
    static QString middleText(const ReviewItem& item);

    ReviewFaceLoader* m_loader;
    QStackedWidget* m_stack;
    QLabel* m_empty;
    ReviewFacePanel* m_a;
    ReviewFacePanel* m_b;
    QLabel* m_similarity;
    std::optional<ReviewItem> m_item;
};

} // namespace lookalike::ui
