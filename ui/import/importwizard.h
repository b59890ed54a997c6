#pragma once
#include "importrequest.h"
#include <QWizard>

namespace lookalike::ui {

class ImportFolderPage;
class ImportSummaryPage;
class MessageSink;

// "New library from folder": choose a folder (its photos are counted in the background at
// once) and the options, then a summary page that starts the import. The wizard only
// collects an ImportRequest; the import itself runs in IndexingService after it closes.
class ImportWizard : public QWizard {
    Q_OBJECT
public:
    enum PageId { FolderPageId = 0, SummaryPageId = 1 };

    // `libraryDir`: where new libraries go by default (the app data directory).
    ImportWizard(MessageSink* sink, const QString& libraryDir, QWidget* parent = nullptr);

    void setFolder(const QString& folder);
    ImportRequest request() const;
    ImportFolderPage* folderPage() const { return m_folderPage; }

private:
    ImportFolderPage* m_folderPage;
    ImportSummaryPage* m_summaryPage;
};

} // namespace lookalike::ui
