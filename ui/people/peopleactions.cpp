#include "peopleactions.h"
#include "faceclusterer.h"
#include "facecatalog.h"
#include "facegridview.h"
#include "labelediting.h"
#include "labelsidebar.h"
#include "messagesink.h"
#include "plural.h"
#include "settings.h"
#include <QAction>
#include <QMenu>
#include <QRegularExpression>
#include <QTimer>

namespace lookalike::ui {

namespace {

// "Unnamed person 7" -> 7; 0 when the text names no suggested person.
int personNumber(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("^Unnamed person (\\d+)$"));
    const QRegularExpressionMatch m = pattern.match(text.trimmed());
    return m.hasMatch() ? m.captured(1).toInt() : 0;
}

} // namespace

PeopleActions::PeopleActions(LabelEditing* editing, LabelSidebar* sidebar, FaceGridView* grid,
                             FaceCatalog* catalog, Settings* settings, MessageSink* sink, QWidget* window)
    : QObject(window), m_editing(editing), m_sidebar(sidebar), m_grid(grid), m_selection(grid), m_catalog(catalog),
      m_settings(settings), m_sink(sink), m_window(window)
{
    m_undo = new QAction(tr("&Undo"), this);
    m_undo->setShortcut(QKeySequence::Undo);
    m_moveFiles = new QAction(tr("&Move photos with their labels"), this);
    m_moveFiles->setCheckable(true);
    m_moveFiles->setChecked(settings->moveFilesWithLabels());
    m_moveFiles->setToolTip(tr("In libraries imported with one subfolder per person, filing a face "
                               "under another label moves its photo into that label's folder"));
    m_rename = new QAction(tr("&Rename…"), this);
    m_rename->setShortcut(Qt::Key_F2);
    m_rename->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    sidebar->view()->addAction(m_rename);
    m_merge = new QAction(tr("&Merge into…"), this);
    m_merge->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    m_split = new QAction(tr("&Split selected faces off this person"), this);
    m_split->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_confirm = new QAction(tr("&Confirm suggestion"), this);
    m_confirm->setShortcut(Qt::Key_Y);
    m_reject = new QAction(tr("Re&ject suggestion"), this);
    m_reject->setShortcut(Qt::Key_N);
    for (QAction* a : {m_confirm, m_reject}) {
        // Single keys only while the grid has focus, so typing elsewhere is never an answer.
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        grid->addAction(a);
    }
    m_confirmAll = new QAction(tr("Confirm &all suggestions…"), this);
    m_findPeople = new QAction(tr("&Find people again"), this);
    m_findPeople->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_findPeople->setToolTip(tr("Group the unlabelled faces into suggested people again; what "
                                "you named, merged or split stays as you decided"));

    connect(m_undo, &QAction::triggered, editing, &LabelEditing::undo);
    connect(m_moveFiles, &QAction::toggled, this, [this](bool on) {
        m_editing->setMoveFiles(on);
        m_settings->setMoveFilesWithLabels(on);
    });
    editing->setMoveFiles(m_moveFiles->isChecked());
    connect(m_rename, &QAction::triggered, this, &PeopleActions::renameCurrent);
    connect(m_merge, &QAction::triggered, this, &PeopleActions::mergeCurrent);
    connect(m_split, &QAction::triggered, this, &PeopleActions::splitSelected);
    connect(m_confirm, &QAction::triggered, this, &PeopleActions::confirmSelected);
    connect(m_reject, &QAction::triggered, this, &PeopleActions::rejectSelected);
    connect(m_confirmAll, &QAction::triggered, this, &PeopleActions::confirmAll);
    connect(m_findPeople, &QAction::triggered, editing, &LabelEditing::findPeople);
    connect(editing, &LabelEditing::undoChanged, this, &PeopleActions::updateEnabled);
    connect(editing, &LabelEditing::libraryChanged, this, [this](qint64 focus) { m_focusFace = focus; });
    connect(catalog, &FaceCatalog::changed, this, &PeopleActions::catalogChanged);
    connect(sidebar, &LabelSidebar::facesDropped, this, &PeopleActions::facesDropped);
    connect(sidebar, &LabelSidebar::contextMenuRequested, this, &PeopleActions::showSidebarMenu);
    updateEnabled();
}

void PeopleActions::addEditMenuTo(QMenu* menu) const
{
    menu->addAction(m_undo);
    menu->addSeparator();
    menu->addAction(m_moveFiles);
}

void PeopleActions::addPeopleMenuTo(QMenu* menu) const
{
    menu->addAction(m_rename);
    menu->addAction(m_merge);
    menu->addAction(m_split);
    menu->addSeparator();
    menu->addAction(m_confirm);
    menu->addAction(m_reject);
    menu->addAction(m_confirmAll);
    menu->addSeparator();
    menu->addAction(m_findPeople);
}

void PeopleActions::addFaceActionsTo(QMenu* menu) const
{
    if (m_split->isEnabled())
        menu->addAction(m_split);
    if (m_confirm->isEnabled()) {
        menu->addAction(m_confirm);
        menu->addAction(m_reject);
    }
}

void PeopleActions::setView(const LabelFilter& filter, bool queryResults)
{
    m_filter = filter;
    m_queryResults = queryResults;
    updateEnabled();
}

void PeopleActions::setSelection(FaceSelection* selection)
{
    m_selection = selection ? selection : m_grid;
    updateEnabled();
}

void PeopleActions::updateEnabled()
{
    const bool undo = m_editing->canUndo();
    m_undo->setEnabled(undo);
    m_undo->setText(undo ? tr("&Undo “%1”").arg(m_editing->undoText()) : tr("&Undo"));
    const bool label = m_filter.kind == LabelFilter::Kind::Label;
    const bool person = m_filter.kind == LabelFilter::Kind::Person;
    m_rename->setEnabled(label || person);
    m_rename->setText(person ? tr("&Name %1…").arg(FaceClusterer::displayName(m_filter.person))
                      : label ? tr("&Rename %1…").arg(m_filter.name)
                              : tr("&Rename…"));
    m_merge->setEnabled(label || person);
    m_merge->setText(person ? tr("&Merge %1 with…").arg(FaceClusterer::displayName(m_filter.person))
                     : label ? tr("&Merge %1 into…").arg(m_filter.name)
                             : tr("&Merge into…"));
    const auto selected = m_selection->selectedFaceIds();
    m_split->setEnabled(person && !m_queryResults && !selected.empty());
    const bool suggested = std::any_of(selected.begin(), selected.end(),
                                       [this](qint64 id) { return m_catalog->suggestion(id) != nullptr; });
    m_confirm->setEnabled(suggested);
    m_reject->setEnabled(suggested);
    m_confirmAll->setEnabled(!m_catalog->suggestedIds().empty());
}

std::vector<qint64> PeopleActions::selectedSuggested() const
{
    std::vector<qint64> out;
    for (qint64 id : m_selection->selectedFaceIds())
        if (m_catalog->suggestion(id))
            out.push_back(id);
    return out;
}

QStringList PeopleActions::personChoices(int except) const
{
    QStringList out;
    for (const auto& [number, count] : m_catalog->personCounts())
        if (number != except)
            out << FaceClusterer::displayName(number);
    return out + m_catalog->labels();
}

void PeopleActions::showSidebarMenu(const LabelFilter& row, const QPoint& globalPos)
{
    setView(row, false);
    QMenu menu(m_window);
    switch (row.kind) {
    case LabelFilter::Kind::Label:
    case LabelFilter::Kind::Person:
        menu.addAction(m_rename);
        menu.addAction(m_merge);
        break;
    case LabelFilter::Kind::Suggested:
        menu.addAction(m_confirmAll);
        break;
    case LabelFilter::Kind::All:
    case LabelFilter::Kind::Unlabelled:
        menu.addAction(m_findPeople);
        break;
    case LabelFilter::Kind::NotFaces:
        break;
    }
    if (!menu.isEmpty())
        menu.exec(globalPos);
}

void PeopleActions::facesDropped(const std::vector<qint64>& faces, const LabelFilter& target)
{
    if (target.kind == LabelFilter::Kind::NotFaces) {
        m_editing->markFaces(faces, false);
        return;
    }
    // Detections that are not faces, dropped on a person: they are faces after all.
    std::vector<qint64> hidden;
    for (qint64 id : faces)
        if (const FaceInfo* face = m_catalog->find(id); face && face->notFace)
            hidden.push_back(id);
    if (!hidden.empty())
        m_editing->markFaces(hidden, true);
    if (target.kind == LabelFilter::Kind::Label)
        m_editing->relabel(faces, target.name);
    else if (target.kind == LabelFilter::Kind::Unlabelled)
        m_editing->relabel(faces, QString());
    else if (target.kind == LabelFilter::Kind::Person)
        m_editing->addToPerson(faces, target.person);
}

void PeopleActions::renameCurrent()
{
    if (m_filter.kind == LabelFilter::Kind::Label) {
        const auto name = m_sink->askText(tr("Rename %1").arg(m_filter.name),
                                          tr("New name (an existing name merges the two):"), m_filter.name,
                                          m_catalog->labels());
        if (name && !name->trimmed().isEmpty() && name->trimmed() != m_filter.name && !reservedName(*name))
            m_editing->renameLabel(m_filter.name, name->trimmed());
    } else if (m_filter.kind == LabelFilter::Kind::Person) {
        const quint64 loads = m_catalog->loads();
        const auto name = m_sink->askText(
            tr("Name %1").arg(FaceClusterer::displayName(m_filter.person)),
            tr("Who are these %1? (an existing name adds them to that person)")
                .arg(plural(qint64(m_catalog->idsOfPerson(m_filter.person).size()), tr("face"), tr("faces"))),
            QString(), m_catalog->labels());
        if (!name || name->trimmed().isEmpty())
            return;
        if (reservedName(*name) || peopleChangedSince(loads))
            return;
        m_editing->namePerson(m_filter.person, name->trimmed());
    }
}

void PeopleActions::mergeCurrent()
{
    if (m_filter.kind == LabelFilter::Kind::Label) {
        QStringList others = m_catalog->labels();
        others.removeAll(m_filter.name);
        const auto into = m_sink->askText(tr("Merge %1").arg(m_filter.name),
                                          tr("Merge every face of %1 into:").arg(m_filter.name), QString(), others);
        if (into && !into->trimmed().isEmpty() && into->trimmed() != m_filter.name && !reservedName(*into))
            m_editing->renameLabel(m_filter.name, into->trimmed());
    } else if (m_filter.kind == LabelFilter::Kind::Person) {
        const QString self = FaceClusterer::displayName(m_filter.person);
        const quint64 loads = m_catalog->loads();
        const auto into = m_sink->askText(tr("Merge %1").arg(self),
                                          tr("%1 is the same person as:").arg(self), QString(),
                                          personChoices(m_filter.person));
        if (!into || into->trimmed().isEmpty() || peopleChangedSince(loads))
            return;
        const int other = personNumber(*into);
        if (other > 0 && other != m_filter.person)
            m_editing->mergePersons(m_filter.person, other);
        else if (other == 0)
            m_editing->namePerson(m_filter.person, into->trimmed()); // merging into a named person
    }
}

bool PeopleActions::reservedName(const QString& name) const
{
    if (personNumber(name) == 0)
        return false;
    m_sink->warning(tr("Name"), tr("\"%1\" is how Lookalike calls a suggested person; choose another name, or "
                                   "use Merge to join two suggested people.")
                                    .arg(name.trimmed()));
    return true;
}

bool PeopleActions::peopleChangedSince(quint64 loads) const
{
    // The suggested people were found again while the dialog was open: the number chosen
    // may now be someone else.
    if (m_catalog->loads() == loads && !m_catalog->isLoading())
        return false;
    m_sink->information(tr("Suggested people"), tr("The suggested people were updated while you were choosing. "
                                                   "Look at them again and repeat the change."));
    return true;
}

void PeopleActions::splitSelected()
{
    const auto faces = m_selection->selectedFaceIds();
    if (m_filter.kind != LabelFilter::Kind::Person || faces.empty())
        return;
    if (faces.size() >= m_catalog->idsOfPerson(m_filter.person).size()) {
        m_sink->information(tr("Split"), tr("Select the faces that are not this person, not all of them."));
        return;
    }
    m_editing->splitOff(faces, m_filter.person);
}

void PeopleActions::confirmSelected()
{
    const auto faces = selectedSuggested();
    if (faces.empty())
        return;
    rememberNextTile();
    m_editing->confirmSuggestions(faces);
}

void PeopleActions::rejectSelected()
{
    const auto faces = selectedSuggested();
    if (faces.empty())
        return;
    rememberNextTile();
    m_editing->rejectSuggestions(faces);
}

void PeopleActions::rememberNextTile()
{
    // Answered faces leave the suggestions; the tile that takes their place is selected, so
    // that Y and N can be pressed one after another.
    const QModelIndexList selected = m_grid->selectionModel()->selectedIndexes();
    if (m_filter.kind != LabelFilter::Kind::Suggested || selected.isEmpty())
        return;
    int first = selected.front().row();
    for (const QModelIndex& index : selected)
        first = std::min(first, index.row());
    m_nextTile = first;
}

void PeopleActions::selectNextTile()
{
    const int row = std::exchange(m_nextTile, -1);
    QAbstractItemModel* model = m_grid->model();
    if (row < 0 || !model || model->rowCount() == 0 || m_filter.kind != LabelFilter::Kind::Suggested)
        return;
    const QModelIndex index = model->index(std::min(row, model->rowCount() - 1), 0);
    m_grid->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_grid->scrollTo(index);
}

void PeopleActions::confirmAll()
{
    const auto faces = m_catalog->suggestedIds();
    if (faces.empty())
        return;
    if (m_sink->confirm(tr("Confirm all suggestions"),
                        tr("File all %1 under the person each one looks like? Ctrl+Z undoes it.")
                            .arg(plural(qint64(faces.size()), tr("suggested face"), tr("suggested faces"))),
                        tr("Confirm all")))
        m_editing->confirmSuggestions(faces);
}

void PeopleActions::catalogChanged()
{
    // The actions' state follows in MainWindow::showRows(), once the grid has its new rows.
    if (!m_catalog->isLoading() && m_focusFace == 0 && !rowExists(m_filter)) {
        // The row shown is gone (an undone rename, a person named elsewhere): show everyone.
        emit showFilter(LabelFilter::all());
        return;
    }
    if (m_nextTile >= 0 && !m_catalog->isLoading() && !m_editing->isBusy())
        QTimer::singleShot(0, this, &PeopleActions::selectNextTile); // after the grid's rows
    if (m_focusFace == 0 || m_catalog->isLoading())
        return;
    const qint64 focus = std::exchange(m_focusFace, 0);
    const FaceInfo* face = m_catalog->find(focus);
    if (!face || m_filter.kind == LabelFilter::Kind::All || m_filter.kind == LabelFilter::Kind::Suggested ||
        m_filter.kind == LabelFilter::Kind::Unlabelled)
        return;
    // Follow the changed faces when the row shown lost them: a renamed label, a named,
    // merged or split person (people may also have been renumbered).
    if (face->person > 0 && !(m_filter == LabelFilter::unnamedPerson(face->person)) &&
        (m_filter.kind == LabelFilter::Kind::Person || !rowExists(m_filter)))
        emit showFilter(LabelFilter::unnamedPerson(face->person));
    else if (!face->label.isEmpty() && !rowExists(m_filter))
        emit showFilter(LabelFilter::label(face->label));
}

bool PeopleActions::rowExists(const LabelFilter& filter) const
{
    if (filter.kind == LabelFilter::Kind::Label)
        return m_catalog->labels().contains(filter.name);
    if (filter.kind == LabelFilter::Kind::Person) {
        const auto counts = m_catalog->personCounts();
        return std::any_of(counts.begin(), counts.end(), [&](const auto& c) { return c.first == filter.person; });
    }
    return true;
}

} // namespace lookalike::ui
