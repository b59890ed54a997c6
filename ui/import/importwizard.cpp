#include "importwizard.h"
#include "importfolderpage.h"
#include "importsummarypage.h"

namespace lookalike::ui {

ImportWizard::ImportWizard(MessageSink* sink, const QString& libraryDir, QWidget* parent)
    : QWizard(parent), m_folderPage(new ImportFolderPage(sink, libraryDir, this)),
      m_summaryPage(new ImportSummaryPage(m_folderPage, this))
{
    setWindowTitle(tr("New library from folder"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::HaveHelpButton, false);
    setButtonText(QWizard::FinishButton, tr("&Start import"));
    setPage(FolderPageId, m_folderPage);
    setPage(SummaryPageId, m_summaryPage);
    resize(640, 440);
}

void ImportWizard::setFolder(const QString& folder)
{
    m_folderPage->setFolder(folder);
}

ImportRequest ImportWizard::request() const
{
    return m_folderPage->request();
}

} // namespace lookalike::ui
