#include "importfolderpage.h"
#include "objectmodel.h"
#include "messagesink.h"
#include "plural.h"
#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>

namespace lookalike::ui {

ImportFolderPage::ImportFolderPage(MessageSink* sink, const QString& libraryDir, QWidget* parent)
    : QWizardPage(parent), m_sink(sink), m_libraryDir(libraryDir), m_folder(new QLineEdit(this)),
      m_count(new QLabel(this)), m_recursive(new QCheckBox(tr("Include &subfolders"), this)),
      m_labels(new QCheckBox(tr("Subfolder &names are people's names"), this)),
      m_names(
          new QCheckBox(tr("Face names from photo &metadata (digiKam, Lightroom, Windows)"), this)),
      m_faces(new QCheckBox(tr("Find &faces (untick for photos only: duplicates and look-alikes, faster)"), this)),
      m_objects(new QCheckBox(
          tr("Same &object in other photos (slower: about %1 ms a photo)")
              .arg(ObjectModel::kMillisPerPhoto),
          this)),
      m_library(new QLineEdit(this))
{
    setTitle(tr("Choose a folder of photos"));
    setSubTitle(tr("Lookalike finds every face in it and keeps them in a library file. "
                   "The photos themselves are never changed."));
    m_folder->setPlaceholderText(tr("A folder of photos"));
    m_recursive->setChecked(true);
    m_labels->setToolTip(tr("For datasets laid out as <person>/<photos>: the main face of every "
                            "photo is labelled with the name of the first subfolder it is in."));
    m_names->setToolTip(
        tr("Names people gave faces in other programs, kept in XMP regions in the "
           "photos or in their .xmp sidecars, label the faces Lookalike finds. A name "
           "that disagrees with the subfolder's is put in the review, not chosen."));
    m_faces->setChecked(true);
    m_faces->setToolTip(tr("Without faces the import only describes whole photos, for duplicate photos "
                           "and photos that look alike: several times faster. Importing the folder "
                           "again with faces adds them later; the photos keep their verdicts."));
    // On with faces, an import that takes its time anyway (the faces cost more than the
    // keypoints); off for photos only, which is about speed. A choice made stays.
    m_objects->setChecked(true);
    m_objects->setToolTip(
        tr("Keypoints of every photo, so that a photo query finds other photos of the same "
           "poster, book or DVD cover, painting, building or product, even from another angle. "
           "Importing the folder again with this ticked adds them to photos imported without."));
    m_count->setTextFormat(Qt::PlainText);
    m_count->setWordWrap(true);
    auto* browseFolder = new QPushButton(tr("&Browse…"), this);
    auto* browseLibrary = new QPushButton(tr("B&rowse…"), this);

    auto* grid = new QGridLayout(this);
    grid->addWidget(new QLabel(tr("&Folder:"), this), 0, 0);
    grid->addWidget(m_folder, 0, 1);
    grid->addWidget(browseFolder, 0, 2);
    grid->addWidget(m_count, 1, 1, 1, 2);
    grid->addWidget(m_recursive, 2, 1, 1, 2);
    grid->addWidget(m_faces, 3, 1, 1, 2);
    grid->addWidget(m_labels, 4, 1, 1, 2);
    grid->addWidget(m_names, 5, 1, 1, 2);
    grid->addWidget(m_objects, 6, 1, 1, 2);
    grid->setRowMinimumHeight(6, 16);
    grid->addWidget(new QLabel(tr("&Library file:"), this), 7, 0);
    grid->addWidget(m_library, 7, 1);
    grid->addWidget(browseLibrary, 7, 2);
    grid->setRowStretch(8, 1);
    static_cast<QLabel*>(grid->itemAtPosition(0, 0)->widget())->setBuddy(m_folder);
    static_cast<QLabel*>(grid->itemAtPosition(7, 0)->widget())->setBuddy(m_library);

    connect(m_folder, &QLineEdit::textChanged, this, &ImportFolderPage::folderEdited);
    connect(browseFolder, &QPushButton::clicked, this, &ImportFolderPage::browseFolder);
    connect(browseLibrary, &QPushButton::clicked, this, &ImportFolderPage::browseLibrary);
    connect(m_recursive, &QCheckBox::toggled, this, &ImportFolderPage::folderEdited);
    connect(m_labels, &QCheckBox::clicked, this, [this] { m_labelsTouched = true; });
    connect(m_names, &QCheckBox::clicked, this, [this] { m_namesTouched = true; });
    connect(m_objects, &QCheckBox::clicked, this, [this] { m_objectsTouched = true; });
    // Names and labels are for faces. Same object works with or without faces: it follows
    // "Find faces" until a person chooses.
    connect(m_faces, &QCheckBox::toggled, this, [this](bool on) {
        m_labels->setEnabled(on);
        m_names->setEnabled(on);
        if (!m_objectsTouched)
            m_objects->setChecked(on);
    });
    connect(m_library, &QLineEdit::textEdited, this, [this] {
        m_libraryTouched = true;
        emit completeChanged();
    });
    connect(&m_survey, &FolderSurvey::counting, this, [this](qint64 n) { showCount(n, false); });
    connect(&m_survey, &FolderSurvey::finished, this, &ImportFolderPage::surveyDone);
    folderEdited();
}

QString ImportFolderPage::defaultLibraryPath(const QString& libraryDir, const QString& folder)
{
    QString name = QFileInfo(QDir::cleanPath(folder)).fileName();
    if (name.isEmpty())
        name = QStringLiteral("photos");
    return QDir(libraryDir).filePath(name + QStringLiteral(".lookalike"));
}

void ImportFolderPage::setFolder(const QString& folder)
{
    m_folder->setText(QDir::toNativeSeparators(folder));
}

ImportRequest ImportFolderPage::request() const
{
    ImportRequest r;
    r.folder = QDir::cleanPath(QDir::fromNativeSeparators(m_folder->text().trimmed()));
    r.libraryPath = QDir::cleanPath(QDir::fromNativeSeparators(m_library->text().trimmed()));
    r.recursive = m_recursive->isChecked();
    r.findFaces = m_faces->isChecked();
    r.labelsFromSubfolders = r.findFaces && m_labels->isChecked();
    r.namesFromMetadata = r.findFaces && m_names->isChecked();
    r.findObjects = m_objects->isChecked();
    return r;
}

QString ImportFolderPage::countText() const
{
    return m_count->text();
}

void ImportFolderPage::folderEdited()
{
    const QString folder = request().folder;
    const bool exists = !folder.isEmpty() && QFileInfo(folder).isDir();
    if (!m_libraryTouched)
        m_library->setText(exists
                               ? QDir::toNativeSeparators(defaultLibraryPath(m_libraryDir, folder))
                               : QString());
    if (exists) {
        m_count->setText(tr("Counting photos…"));
        m_survey.survey(folder, m_recursive->isChecked());
    } else {
        m_survey.cancel();
        m_count->setText(folder.isEmpty() ? tr("No folder chosen yet.")
                                          : tr("There is no folder %1.").arg(folder));
    }
    emit completeChanged();
}

void ImportFolderPage::showCount(qint64 found, bool final)
{
    const QString n = QLocale().toString(found);
    if (!final)
        m_count->setText(tr("%1 photos found so far…").arg(n));
    else
        m_count->setText(tr("%1 found.").arg(plural(found, tr("photo"), tr("photos"))));
}

QString ImportFolderPage::formatsFound(const FolderSurvey::Result& result)
{
    QStringList kinds;
    if (result.heif > 0)
        kinds << tr("%1 HEIC/AVIF").arg(QLocale().toString(result.heif));
    if (result.raw > 0)
        kinds << tr("%1 RAW").arg(QLocale().toString(result.raw));
    if (result.rawTwins > 0)
        kinds << plural(result.rawTwins, tr("RAW+JPEG pair counted once"),
                        tr("RAW+JPEG pairs counted once"));
    return kinds.join(QStringLiteral(", "));
}

void ImportFolderPage::surveyDone(const FolderSurvey::Result& result)
{
    if (result.cancelled)
        return;
    showCount(result.images, true);
    QString text = m_count->text();
    if (const QString kinds = formatsFound(result); !kinds.isEmpty() && text.endsWith(u'.'))
        text = text.chopped(1) + QStringLiteral(" (%1).").arg(kinds);
    if (result.images == 0)
        text = tr("No photos found in this folder%1.")
                   .arg(m_recursive->isChecked() ? tr(" or its subfolders") : QString());
    else if (result.subfolders > 0)
        text +=
            QLatin1Char(' ') +
            tr("%1 with photos.").arg(plural(result.subfolders, tr("subfolder"), tr("subfolders")));
    if (result.withNames > 0)
        text += QLatin1Char(' ') + tr("Face names found in the metadata of %1 of the first %2.")
                                       .arg(result.withNames)
                                       .arg(plural(result.sampled, tr("photo"), tr("photos")));
    if (result.problems > 0)
        text += QLatin1Char(' ') +
                tr("%1 could not be read.").arg(plural(result.problems, tr("item"), tr("items")));
    m_count->setText(text);
    if (!m_labelsTouched)
        m_labels->setChecked(result.looksLikePeople);
    if (!m_namesTouched)
        m_names->setChecked(result.withNames > 0);
    emit completeChanged();
}

void ImportFolderPage::browseFolder()
{
    const QString chosen = m_sink->chooseFolder(tr("Choose a folder of photos"), request().folder);
    if (!chosen.isEmpty())
        setFolder(chosen);
}

void ImportFolderPage::browseLibrary()
{
    const QString chosen = m_sink->chooseSaveFile(tr("Keep the library in"), request().libraryPath,
                                                  tr("Lookalike libraries (*.lookalike *.db)"));
    if (chosen.isEmpty())
        return;
    m_libraryTouched = true;
    m_library->setText(QDir::toNativeSeparators(chosen));
    emit completeChanged();
}

bool ImportFolderPage::isComplete() const
{
    const ImportRequest r = request();
    return QFileInfo(r.folder).isDir() && !r.libraryPath.isEmpty();
}

bool ImportFolderPage::validatePage()
{
    const ImportRequest r = request();
    const QFileInfo library(r.libraryPath);
    if (library.isDir()) {
        m_sink->error(tr("Library file"),
                      tr("%1 is a folder. Choose a file name for the library.").arg(r.libraryPath));
        return false;
    }
    if (!m_survey.isRunning() && m_survey.result().folder == r.folder &&
        m_survey.result().images == 0 && !m_survey.result().cancelled) {
        m_sink->error(tr("No photos"),
                      tr("There are no photos in %1. Choose another folder.").arg(r.folder));
        return false;
    }
    return true;
}

} // namespace lookalike::ui
