#pragma once
#include <QWizardPage>

class QLabel;

namespace lookalike::ui {

class ImportFolderPage;

// The wizard's last page: what will happen, in one paragraph; Finish starts the import.
class ImportSummaryPage : public QWizardPage {
    Q_OBJECT
public:
    ImportSummaryPage(const ImportFolderPage* folderPage, QWidget* parent = nullptr);
    void initializePage() override;
    QString text() const;

private:
    void update();

    const ImportFolderPage* m_folderPage;
    QLabel* m_text;
};

} // namespace lookalike::ui
