#pragma once
// One side of a review pair: the face aligned and large, its label with the label's face
// count, and the whole photo with every face boxed and this one highlighted.
#include "library.h"
#include <QWidget>

class QLabel;

namespace lookalike::ui {

class FacePhotoWidget;
struct ReviewFaceImages;

class ReviewFacePanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kFaceSide = 224;

    // `letter` names the side ("A", "B") as the keys do.
    explicit ReviewFacePanel(const QString& letter, QWidget* parent = nullptr);

    void setFace(const FaceRecord& face, qint64 labelCount);
    // nullptr: still loading.
    void setImages(const ReviewFaceImages* images);
    void clear();

    QString headerText() const; // the label line as shown, for tests
    bool hasPicture() const;    // the face (or photo) is on screen

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void elidePath();

    QString m_letter;
    QString m_pathText; // "folder/file.jpg" before eliding
    QLabel* m_header;
    QLabel* m_face;
    FacePhotoWidget* m_photo;
    QLabel* m_path;
    bool m_hasFace = false;
    bool m_hasPicture = false;
};

} // namespace lookalike::ui
