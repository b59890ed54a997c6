#include "failuresdialog.h"
#include "database.h"
#include "futurewatch.h"
#include "imageformat.h"
#include "library.h"
#include "plural.h"
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMap>
#include <QPushButton>
#include <QSet>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace lookalike::ui {

FailuresDialog::FailuresDialog(const QString& libraryPath, std::vector<Failure> extra,
                               QWidget* parent)
    : QDialog(parent), m_summary(new QLabel(tr("Loading…"), this)), m_list(new QTreeWidget(this)),
      m_extra(std::move(extra))
{
    setWindowTitle(tr("Files that could not be imported"));
    resize(860, 420);
    m_list->setColumnCount(2);
    m_list->setHeaderLabels({tr("File"), tr("Reason")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_list->header()->resizeSection(0, 380);
    m_list->setSortingEnabled(true);
    m_summary->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* copy = buttons->addButton(tr("&Copy list"), QDialogButtonBox::ActionRole);
    QPushButton* open =
        buttons->addButton(tr("&Open containing folder"), QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(copy, &QPushButton::clicked, this, &FailuresDialog::copyList);
    connect(open, &QPushButton::clicked, this, &FailuresDialog::openFolder);
    connect(m_list, &QTreeWidget::itemActivated, this, &FailuresDialog::openFolder);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);

    m_future = QtConcurrent::run([libraryPath] {
        Loaded out;
        if (!QFileInfo::exists(libraryPath))
            return out;
        if (auto library = Library::open(libraryPath, Library::Mode::ReadOnly)) {
            out.failures = (*library)->failures();
            Statement q =
                (*library)->database().prepare("SELECT path, format FROM images WHERE status = 1");
            while (q.next())
                out.formats.insert(q.text(0), q.text(1));
        }
        return out;
    });
    whenFinished(m_future, this, [this](Loaded loaded) { present(std::move(loaded)); });
}

FailuresDialog::~FailuresDialog()
{
    m_future.waitForFinished();
}

int FailuresDialog::count() const
{
    return m_list->topLevelItemCount();
}

void FailuresDialog::present(Loaded content)
{
    std::vector<Failure>& failures = content.failures;
    QSet<QString> seen;
    for (const Failure& f : failures)
        seen.insert(f.first);
    for (const Failure& f : m_extra)
        if (!seen.contains(f.first))
            failures.push_back(f);
    m_list->setSortingEnabled(false);
    for (const auto& [path, reason] : failures) {
        auto* item = new QTreeWidgetItem(m_list, {path, reason});
        item->setToolTip(0, path);
        item->setToolTip(1, reason);
    }
    m_list->setSortingEnabled(true);
    m_list->sortByColumn(0, Qt::AscendingOrder);
    // Which kinds of file failed, by content where the library knows it, else by name.
    QMap<QString, qint64> kinds;
    for (const auto& [path, reason] : failures) {
        const QString format = content.formats.value(path);
        kinds[format.isEmpty() ? QFileInfo(path).suffix().toUpper()
                               : ImageFormat::family(format)] += 1;
    }
    QStringList parts;
    for (auto it = kinds.cbegin(); it != kinds.cend(); ++it)
        if (!it.key().isEmpty())
            parts << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
    const QString breakdown =
        parts.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(parts.join(QStringLiteral(", ")));
    m_summary->setText(
        failures.empty()
            ? tr("Every file was imported.")
            : tr("%1%2 could not be used. The import went on without them; fix or remove "
                 "them and import the folder again to retry.")
                  .arg(plural(qint64(failures.size()), tr("file"), tr("files")), breakdown));
    m_loaded = true;
    emit loaded();
}

void FailuresDialog::copyList()
{
    QStringList lines;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = m_list->topLevelItem(i);
        lines << item->text(0) + QLatin1Char('\t') + item->text(1);
    }
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

void FailuresDialog::openFolder()
{
    const QTreeWidgetItem* item = m_list->currentItem();
    if (item)
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(item->text(0)).absolutePath()));
}

} // namespace lookalike::ui
