#include "backgroundjobs.h"
#include "plural.h"
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QStyle>
#include <QToolButton>
#include <cmath>

namespace lookalike::ui {

BackgroundJobs::BackgroundJobs(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_bar(new QProgressBar(this)),
      m_detail(new QLabel(this)), m_cancel(new QToolButton(this)), m_failures(new QToolButton(this))
{
    m_bar->setFixedWidth(180);
    m_bar->setMaximumHeight(m_title->fontMetrics().height() + 4);
    m_bar->setTextVisible(true);
    m_cancel->setIcon(style()->standardIcon(QStyle::SP_DialogCancelButton));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_cancel->setAutoRaise(true);
    m_cancel->setToolTip(
        tr("Stop the import; what is done is kept and the rest can be finished later"));
    m_failures->setAutoRaise(true);
    m_failures->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
    m_failures->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_failures->setToolTip(tr("Show the files that could not be read and why (Ctrl+Shift+L)"));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_failures);
    layout->addWidget(m_title);
    layout->addWidget(m_bar);
    layout->addWidget(m_detail);
    layout->addWidget(m_cancel);

    connect(m_cancel, &QToolButton::clicked, this, &BackgroundJobs::cancelRequested);
    connect(m_failures, &QToolButton::clicked, this, &BackgroundJobs::failuresRequested);
    m_bar->hide();
    m_cancel->hide();
    m_failures->hide();
}

QString BackgroundJobs::formatDuration(double seconds)
{
    if (seconds < 0 || !std::isfinite(seconds))
        return {};
    const qint64 s = qint64(std::ceil(seconds));
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

void BackgroundJobs::begin(const QString& title)
{
    m_running = true;
    m_title->setText(title);
    m_bar->setRange(0, 0);
    m_bar->show();
    m_detail->clear();
    m_cancel->setEnabled(true);
    m_cancel->show();
}

void BackgroundJobs::setProgress(const QString& title, qint64 done, qint64 total, double rate,
                                 double eta)
{
    const QLocale locale;
    m_title->setText(title);
    if (total > 0) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(1000.0 * double(done) / double(total)));
        m_bar->setFormat(tr("%1 / %2").arg(locale.toString(done), locale.toString(total)));
    } else {
        m_bar->setRange(0, 0);
    }
    QStringList detail;
    if (rate > 0)
        detail << tr("%1 photos/s").arg(locale.toString(rate, 'f', rate < 10 ? 1 : 0));
    if (eta >= 0)
        detail << tr("%1 left").arg(formatDuration(eta));
    m_detail->setText(detail.join(QStringLiteral(" · ")));
}

void BackgroundJobs::setCancelling()
{
    m_title->setText(tr("Stopping after the current photos…"));
    m_cancel->setEnabled(false);
}

void BackgroundJobs::end(const QString& message)
{
    m_running = false;
    m_title->setText(message);
    m_bar->hide();
    m_detail->clear();
    m_cancel->hide();
}

void BackgroundJobs::setFailureCount(qint64 failures)
{
    m_failures->setVisible(failures > 0);
    m_failures->setText(tr("%1 failed").arg(plural(failures, tr("file"), tr("files"))));
}

QString BackgroundJobs::text() const
{
    QStringList parts{m_title->text()};
    if (m_bar->isVisibleTo(this))
        parts << m_bar->text();
    if (!m_detail->text().isEmpty())
        parts << m_detail->text();
    if (m_failures->isVisibleTo(this))
        parts << m_failures->text();
    return parts.join(QStringLiteral(" | "));
}

} // namespace lookalike::ui
