#include "imagemodeldialog.h"
#include "futurewatch.h"
#include "modeldownloader.h"
#include "plural.h"
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace lookalike::ui {

namespace {

const QString kTask = QStringLiteral("image-embedding");
enum Column { Name, Dimensions, Size, Licence, Status, Columns };

} // namespace

ImageModelDialog::ImageModelDialog(ImageModelActions* actions, QWidget* parent)
    : QDialog(parent), m_actions(actions), m_downloader(new ModelDownloader(this)),
      m_table(new QTreeWidget(this)), m_library(new QLabel(this)), m_message(new QLabel(this)),
      m_progress(new QProgressBar(this)), m_download(new QPushButton(tr("&Download"), this)),
      m_use(new QPushButton(tr("&Use for This Library"), this)),
      m_modelFree(new QPushButton(tr("&Model-Free"), this))
{
    setWindowTitle(tr("Image Model"));
    auto* intro = new QLabel(
        tr("Photos that look alike are found by colour, texture and, with the object pass, "
           "keypoints: no model needed. A learned image model can rank them instead. Models "
           "are downloaded only when you ask, and checked before use."),
        this);
    intro->setWordWrap(true);
    m_table->setColumnCount(Columns);
    m_table->setHeaderLabels(
        {tr("Model"), tr("Dimensions"), tr("Size"), tr("Licence"), tr("Status")});
    m_table->setRootIsDecorated(false);
    m_table->setUniformRowHeights(true);
    m_table->header()->setStretchLastSection(true);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_library->setWordWrap(true);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setVisible(false);
    m_modelFree->setToolTip(tr("Look-alikes by colour and texture (and keypoints): the stored "
                               "vectors of models are kept"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_download);
    buttons->addWidget(m_use);
    buttons->addWidget(m_modelFree);
    buttons->addStretch(1);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_library);
    layout->addWidget(m_progress);
    layout->addWidget(m_message);
    layout->addLayout(buttons);
    resize(720, 330);

    const ModelRegistry* registry = m_actions->registry();
    const QLocale locale;
    for (const QString& id : registry ? registry->idsForTask(kTask) : QStringList()) {
        const ModelSpec spec = registry->spec(id);
        auto* item = new QTreeWidgetItem(m_table);
        item->setText(Name, id);
        item->setData(Name, Qt::UserRole, id);
        item->setText(Dimensions, locale.toString(spec.dimension));
        item->setText(Size, locale.formattedDataSize(spec.size, 1, QLocale::DataSizeSIFormat));
        item->setText(Licence, spec.license.isEmpty() ? tr("not listed") : spec.license);
        // Listed so that choosing it says what to use instead (e.g. mobilenetv2-12).
        item->setData(Status, Qt::UserRole, spec.instead);
        item->setToolTip(Name, spec.notes);
        item->setTextAlignment(Dimensions, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(Size, Qt::AlignRight | Qt::AlignVCenter);
    }
    for (int c = 0; c < Status; ++c)
        m_table->resizeColumnToContents(c);
    if (m_table->topLevelItemCount() > 0)
        m_table->setCurrentItem(m_table->topLevelItem(0));

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_table, &QTreeWidget::currentItemChanged, this, &ImageModelDialog::updateButtons);
    connect(m_download, &QPushButton::clicked, this, &ImageModelDialog::download);
    connect(m_use, &QPushButton::clicked, this, [this] {
        if (m_actions->use(selectedModel()))
            setMessage(tr("Embedding the photos with %1 in the background (progress in the status "
                          "bar). Look-alikes keep their present descriptor until it is done.")
                           .arg(selectedModel()));
    });
    connect(m_modelFree, &QPushButton::clicked, this, [this] {
        if (m_actions->use(QString()))
            setMessage(tr("Back to the model-free descriptors."));
    });
    connect(m_actions, &ImageModelActions::runningChanged, this, &ImageModelDialog::updateButtons);
    connect(m_actions, &ImageModelActions::progress, this, [this](qint64 done, qint64 total) {
        m_library->setText(tr("Embedding the photos with %1: %2 of %3…")
                               .arg(m_actions->runningModel())
                               .arg(done)
                               .arg(total));
    });
    connect(m_actions, &ImageModelActions::finished, this, [this](const QString& text) {
        setMessage(text);
        refresh();
    });
    connect(m_downloader, &ModelDownloader::progress, this, &ImageModelDialog::downloadProgress);
    connect(m_downloader, &ModelDownloader::sourceFailed, this,
            [this](const QString& url, const QString& reason) {
                setMessage(tr("%1 failed (%2); trying the next source…").arg(url, reason), true);
            });
    connect(m_downloader, &ModelDownloader::finished, this, &ImageModelDialog::downloadFinished);
    refresh();
}

void ImageModelDialog::refresh()
{
    m_refreshing = true;
    updateButtons();
    whenFinished(m_actions->readState(), this, [this](const ImageModelState& state) {
        m_refreshing = false;
        showState(state);
        emit refreshed();
    });
}

void ImageModelDialog::showState(const ImageModelState& state)
{
    m_state = state;
    for (int i = 0; i < m_table->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_table->topLevelItem(i);
        const QString id = item->data(Name, Qt::UserRole).toString();
        const QString instead = item->data(Status, Qt::UserRole).toString();
        if (!instead.isEmpty()) {
            item->setText(Status, tr("OpenCV cannot run it here: use %1").arg(instead));
            item->setForeground(Status, palette().brush(QPalette::Disabled, QPalette::Text));
            continue;
        }
        QStringList status{state.installed.value(id) ? tr("Installed") : tr("Not downloaded")};
        if (id == state.active)
            status << tr("used by this library");
        else if (id == state.chosen)
            status << tr("chosen: %1 of %2 photos embedded").arg(state.embedded).arg(state.photos);
        item->setText(Status, status.join(QStringLiteral(" · ")));
        QFont font = item->font(Name);
        font.setBold(id == state.active);
        item->setFont(Name, font);
    }
    if (!state.error.isEmpty())
        m_library->setText(tr("The library cannot be read: %1").arg(state.error));
    else if (state.active.isEmpty())
        m_library->setText(tr("This library: look-alikes by the model-free descriptors (%1).")
                               .arg(plural(state.photos, tr("photo"), tr("photos"))));
    else
        m_library->setText(tr("This library: look-alikes by %1 (%2).")
                               .arg(state.active, plural(state.photos, tr("photo"), tr("photos"))));
    if (!state.chosen.isEmpty() && state.chosen != state.active && !m_actions->isRunning())
        m_library->setText(
            m_library->text() +
            tr(" %1 was chosen and is not complete: Use for This Library continues it.")
                .arg(state.chosen));
    updateButtons();
}

QString ImageModelDialog::selectedModel() const
{
    const QTreeWidgetItem* item = m_table->currentItem();
    return item ? item->data(Name, Qt::UserRole).toString() : QString();
}

void ImageModelDialog::selectModel(const QString& id)
{
    for (int i = 0; i < m_table->topLevelItemCount(); ++i)
        if (m_table->topLevelItem(i)->data(Name, Qt::UserRole).toString() == id)
            m_table->setCurrentItem(m_table->topLevelItem(i));
}

void ImageModelDialog::updateButtons()
{
    const QTreeWidgetItem* item = m_table->currentItem();
    // A model OpenCV cannot run is neither downloaded nor used.
    const QString id =
        item && item->data(Status, Qt::UserRole).toString().isEmpty() ? selectedModel() : QString();
    const bool installed = m_state.installed.value(id);
    const bool downloading = m_downloader->isRunning();
    const bool running = m_actions->isRunning();
    m_download->setText(downloading ? tr("&Cancel Download") : tr("&Download"));
    m_download->setEnabled(downloading || (!id.isEmpty() && !installed && !m_refreshing));
    m_use->setEnabled(!id.isEmpty() && installed && !running && !downloading && !m_refreshing &&
                      (id != m_state.active || id != m_state.chosen));
    m_modelFree->setEnabled(!running && !m_refreshing &&
                            !(m_state.active.isEmpty() && m_state.chosen.isEmpty()));
}

void ImageModelDialog::download()
{
    if (m_downloader->isRunning()) {
        m_downloader->cancel();
        return;
    }
    const ModelRegistry* registry = m_actions->registry();
    const QString id = selectedModel();
    if (!registry || id.isEmpty())
        return;
    if (!m_downloader->start(registry->spec(id)))
        return;
    m_progress->setRange(0, 0);
    m_progress->setVisible(true);
    setMessage(tr("Downloading %1…").arg(id));
    updateButtons();
}

void ImageModelDialog::downloadProgress(qint64 received, qint64 total, int source, int sources)
{
    const QLocale locale;
    m_progress->setRange(0, total > 0 ? 1000 : 0);
    if (total > 0)
        m_progress->setValue(int(1000 * received / total));
    m_progress->setFormat(tr("%1 of %2 (source %3 of %4)")
                              .arg(locale.formattedDataSize(received, 1, QLocale::DataSizeSIFormat),
                                   locale.formattedDataSize(total, 1, QLocale::DataSizeSIFormat))
                              .arg(source + 1)
                              .arg(sources));
}

void ImageModelDialog::downloadFinished(bool ok, const QString& message)
{
    m_progress->setVisible(false);
    setMessage(message, !ok);
    refresh(); // installed or not, as the file now is
}

void ImageModelDialog::setMessage(const QString& text, bool error)
{
    m_message->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
    m_message->setText(text);
}

QString ImageModelDialog::libraryText() const
{
    return m_library->text();
}

QString ImageModelDialog::messageText() const
{
    return m_message->text();
}

} // namespace lookalike::ui
