#include "reviewtopbar.h"
#include "messagesink.h"
#include "reviewcontroller.h"
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QSlider>
#include <QToolButton>
#include <cmath>

namespace lookalike::ui {

namespace {

constexpr double kSliderScale = 100.0; // slider steps of 0.01

} // namespace

ReviewTopBar::ReviewTopBar(ReviewController* controller, MessageSink& sink, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_sink(sink)
{
    m_mode = new QComboBox(this);
    m_mode->addItem(tr("Cross-label conflicts"), int(ReviewKind::CrossLabel));
    m_mode->addItem(tr("Outliers in their label"), int(ReviewKind::Outlier));
    m_mode->addItem(tr("Same photo twice"), int(ReviewKind::SamePhoto));
    m_mode->addItem(tr("Names: folder or metadata"), int(ReviewKind::MetadataName));
    m_mode->setToolTip(tr("Cross-label: a face that looks more like another label's faces than "
                          "its own.\nOutliers: a face unlike the rest of its label.\nSame photo "
                          "twice: identical files, or one photo at two sizes."));
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setMinimumWidth(180);
    m_slider->setFocusPolicy(Qt::NoFocus); // arrow keys stay review keys; type in the box
    m_threshold = new QDoubleSpinBox(this);
    m_threshold->setDecimals(2);
    m_threshold->setSingleStep(0.01);
    m_count = new QLabel(this);
    m_progress = new QLabel(this);
    QFont big = m_progress->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_progress->setFont(big);
    auto* exportButton = new QToolButton(this);
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    exportButton->setMenu(createExportMenu());

    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_mode);
    row->addSpacing(12);
    row->addWidget(new QLabel(tr("Threshold"), this));
    row->addWidget(m_slider);
    row->addWidget(m_threshold);
    row->addWidget(m_count, 1);
    row->addWidget(m_progress);
    row->addSpacing(12);
    row->addWidget(exportButton);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &ReviewTopBar::chooseMode);
    connect(m_slider, &QSlider::valueChanged, this, &ReviewTopBar::sliderMoved);
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, &ReviewTopBar::thresholdTyped);
    thresholdRangeChanged();
}

QMenu* ReviewTopBar::createExportMenu()
{
    auto* menu = new QMenu(this);
    menu->addAction(tr("Queue as CSV…"), this, [this] {
        chooseExport(tr("Export the review queue"), QStringLiteral("review-queue.csv"), false,
                     &ReviewController::exportQueue);
    });
    menu->addAction(tr("Queue as JSON…"), this, [this] {
        chooseExport(tr("Export the review queue"), QStringLiteral("review-queue.json"), true,
                     &ReviewController::exportQueue);
    });
    menu->addSeparator();
    menu->addAction(tr("Decisions as CSV…"), this, [this] {
        chooseExport(tr("Export decisions"), QStringLiteral("decisions.csv"), false,
                     &ReviewController::exportDecisions);
    });
    menu->addAction(tr("Decisions as JSON…"), this, [this] {
        chooseExport(tr("Export decisions"), QStringLiteral("decisions.json"), true,
                     &ReviewController::exportDecisions);
    });
    menu->addSeparator();
    menu->addAction(tr("Label of every photo as CSV…"), this, [this] {
        const QString file =
            m_sink.chooseSaveFile(tr("Export the label of every photo"),
                                  QFileInfo(m_controller->libraryPath()).absolutePath() +
                                      QStringLiteral("/photo-labels.csv"),
                                  tr("CSV files (*.csv)"));
        m_controller->exportPhotoLabels(file);
    });
    return menu;
}

void ReviewTopBar::chooseExport(const QString& title, const QString& name, bool json,
                                void (ReviewController::*write)(const QString&, bool))
{
    const QString file = m_sink.chooseSaveFile(
        title, QFileInfo(m_controller->libraryPath()).absolutePath() + QLatin1Char('/') + name,
        json ? tr("JSON files (*.json)") : tr("CSV files (*.csv)"));
    (m_controller->*write)(file, json);
}

void ReviewTopBar::chooseMode(int index)
{
    m_controller->setKind(ReviewKind(m_mode->itemData(index).toInt()));
    thresholdRangeChanged();
    emit modeChanged();
}

void ReviewTopBar::thresholdRangeChanged()
{
    const auto range = m_controller->thresholdRange(m_controller->kind());
    const float value = m_controller->model()->threshold();
    const QSignalBlocker blockSlider(m_slider), blockBox(m_threshold);
    m_slider->setRange(int(std::lround(range.minimum * kSliderScale)),
                       int(std::lround(range.maximum * kSliderScale)));
    m_slider->setValue(int(std::lround(value * kSliderScale)));
    m_threshold->setRange(range.minimum, range.maximum);
    m_threshold->setValue(value);
    const QString tip = m_controller->kind() == ReviewKind::Outlier
                            ? tr("Show faces whose similarity to the rest of their label is at "
                                 "most this")
                            : tr("Show pairs whose similarity is at least this");
    m_slider->setToolTip(tip);
    m_threshold->setToolTip(tip);
}

void ReviewTopBar::sliderMoved(int value)
{
    const QSignalBlocker block(m_threshold);
    m_threshold->setValue(value / kSliderScale);
    m_controller->setThreshold(float(value / kSliderScale));
}

void ReviewTopBar::thresholdTyped(double value)
{
    const QSignalBlocker block(m_slider);
    m_slider->setValue(int(std::lround(value * kSliderScale)));
    m_controller->setThreshold(float(value));
}

QString ReviewTopBar::countText() const
{
    const int n = m_controller->model()->pendingCount();
    const QString t = QString::number(double(m_controller->model()->threshold()), 'f', 2);
    switch (m_controller->kind()) {
    case ReviewKind::CrossLabel:
        return tr("%1 to review at similarity ≥ %2").arg(n).arg(t);
    case ReviewKind::Outlier:
        return tr("%1 to review at own-label similarity ≤ %2").arg(n).arg(t);
    case ReviewKind::SamePhoto:
        return tr("%1 to review at similarity ≥ %2").arg(n).arg(t);
    case ReviewKind::MetadataName:
        return tr("%1 faces named differently by their folder and their metadata").arg(n);
    }
    return {};
}

void ReviewTopBar::update()
{
    m_mode->setEnabled(!m_controller->isBusy());
    m_count->setText(m_controller->hasLoaded() ? countText() : tr("Looking for items to review…"));
    m_progress->setText(progressText());
}

QString ReviewTopBar::progressText() const
{
    const ReviewQueueModel* model = m_controller->model();
    if (!m_controller->hasLoaded())
        return tr("Loading…");
    if (model->rowCount() == 0)
        return tr("Nothing to review");
    if (!model->current())
        return tr("All %1 reviewed").arg(model->rowCount());
    return tr("%1 of %2").arg(model->currentRow() + 1).arg(model->rowCount());
}

} // namespace lookalike::ui
