#pragma once
#include "foldersurvey.h"
#include "importrequest.h"
#include <QWizardPage>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace lookalike::ui {

class MessageSink;

// The wizard's first page: the folder (photos counted as soon as it is chosen), "include
// subfolders", "subfolder names are people's names" (ticked for <name>/<photos> layouts
// unless the user has decided), "names from photo metadata" (ticked when the survey finds
// XMP face names, unless the user has decided), and where the library file is kept.
class ImportFolderPage : public QWizardPage {
    Q_OBJECT
public:
    ImportFolderPage(MessageSink* sink, const QString& libraryDir, QWidget* parent = nullptr);

    void setFolder(const QString& folder);
    ImportRequest request() const;
    const FolderSurvey& survey() const { return m_survey; }
    QCheckBox* labelsBox() const { return m_labels; }
    QCheckBox* namesBox() const { return m_names; }
    QCheckBox* facesBox() const { return m_faces; }
    QCheckBox* objectsBox() const { return m_objects; }
    QCheckBox* recursiveBox() const { return m_recursive; }
    QLineEdit* libraryEdit() const { return m_library; }
    QString countText() const;

    bool isComplete() const override;
    bool validatePage() override;

    // The default library file for a folder: <libraryDir>/<folder name>.lookalike
    static QString defaultLibraryPath(const QString& libraryDir, const QString& folder);

private:
    void folderEdited();
    void browseFolder();
    void browseLibrary();
    void showCount(qint64 found, bool final);
    void surveyDone(const FolderSurvey::Result& result);
    // "2 HEIC/AVIF, 5 RAW, 3 RAW+JPEG pairs counted once", or empty.
    static QString formatsFound(const FolderSurvey::Result& result);

    MessageSink* m_sink;
    QString m_libraryDir;
    QLineEdit* m_folder;
    QLabel* m_count;
    QCheckBox* m_recursive;
    QCheckBox* m_labels;
    QCheckBox* m_names;
    QCheckBox* m_faces;
    QCheckBox* m_objects;
    QLineEdit* m_library;
    bool m_labelsTouched = false;
    bool m_namesTouched = false;
    bool m_objectsTouched = false;
    bool m_libraryTouched = false;
    FolderSurvey m_survey;
};

} // namespace lookalike::ui
