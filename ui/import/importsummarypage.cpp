#include "importsummarypage.h"
#include "importfolderpage.h"
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace lookalike::ui {

ImportSummaryPage::ImportSummaryPage(const ImportFolderPage* folderPage, QWidget* parent)
    : QWizardPage(parent), m_folderPage(folderPage), m_text(new QLabel(this))
{
    setTitle(tr("Ready to import"));
    setFinalPage(true);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addStretch(1);
    connect(&folderPage->survey(), &FolderSurvey::finished, this, &ImportSummaryPage::update);
}

void ImportSummaryPage::initializePage()
{
    update();
}

QString ImportSummaryPage::text() const
{
    return m_text->text();
}

void ImportSummaryPage::update()
{
    const ImportRequest r = m_folderPage->request();
    const FolderSurvey& survey = m_folderPage->survey();
    const QString photos = survey.isRunning() || survey.result().folder != r.folder
                               ? tr("the photos")
                               : tr("%1 photos").arg(QLocale().toString(survey.result().images));
    QStringList lines;
    lines << (r.findFaces ? tr("Lookalike will look for faces in %1 in <b>%2</b>%3.")
                          : tr("Lookalike will describe %1 in <b>%2</b>%3 as whole photos, for duplicates "
                               "and look-alikes, without looking for faces."))
                 .arg(photos, r.folder.toHtmlEscaped(),
                      r.recursive ? tr(" and its subfolders") : QString());
    if (r.labelsFromSubfolders)
        lines << tr(
            "The main (largest) face of each photo is labelled with the name of the subfolder "
            "the photo is in.");
    lines << (QFileInfo::exists(r.libraryPath)
                  ? tr("The library <b>%1</b> already exists: only new or changed photos are "
                       "processed, and faces of deleted photos are removed.")
                  : tr("The library is kept in <b>%1</b>."))
                 .arg(r.libraryPath.toHtmlEscaped());
    lines << tr("The import runs in the background: faces appear in the grid as they are found, "
                "and you can search at any time. Cancel it from the status bar; an unfinished "
                "import can be completed later.");
    m_text->setText(lines.join(QStringLiteral("<p>")));
}

} // namespace lookalike::ui
