#include "reviewactions.h"
#include <QAction>
#include <QToolButton>
#include <QWidget>

namespace lookalike::ui {

namespace {

using Action = ReviewController::Action;

// Action texts are not mnemonics: a label "Tom & Jerry" stays as written.
QString escaped(const QString& label)
{
    return QString(label).replace(QLatin1Char('&'), QStringLiteral("&&"));
}

QString withKey(const QString& text, const QString& key)
{
    return QStringLiteral("%1   %2").arg(text, key);
}

} // namespace

ReviewActions::ReviewActions(ReviewController* controller, QWidget* owner)
    : QObject(owner), m_controller(controller), m_owner(owner)
{
    make(Action::SuspectLabel, {Qt::Key_A});
    make(Action::EvidenceLabel, {Qt::Key_B});
    make(Action::Merge, {Qt::Key_M});
    make(Action::Different, {Qt::Key_D});
    make(Action::Skip, {Qt::Key_S, Qt::Key_Space, Qt::Key_Right});
    make(Action::OtherLabel, {Qt::Key_L});
    m_undo = new QAction(withKey(tr("Undo"), tr("Ctrl+Z")), this);
    m_undo->setShortcut(QKeySequence::Undo);
    m_undo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_undo->setToolTip(tr("Undo the last change, moving photos back, and show that item again"));
    m_owner->addAction(m_undo);
    connect(m_undo, &QAction::triggered, m_controller, &ReviewController::undo);
    update();
}

QAction* ReviewActions::make(Action which, const QList<QKeySequence>& keys)
{
    auto* action = new QAction(this);
    action->setShortcuts(keys);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_owner->addAction(action);
    connect(action, &QAction::triggered, m_controller, [this, which] { m_controller->act(which); });
    m_actions.emplace_back(which, action);
    return action;
}

QAction* ReviewActions::action(Action which) const
{
    for (const auto& [w, a] : m_actions)
        if (w == which)
            return a;
    return nullptr;
}

QToolButton* ReviewActions::button(QAction* action, QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setMinimumHeight(34);
    button->setFocusPolicy(Qt::NoFocus); // keys stay with the review, not the button
    return button;
}

void ReviewActions::update()
{
    const ReviewItem* item = m_controller->model()->current();
    const QString a = item ? escaped(item->suspect.label) : QStringLiteral("A");
    const QString b = item ? escaped(item->evidence.label) : QStringLiteral("B");
    const bool copies = item && item->kind == ReviewKind::SamePhoto;
    const struct {
        Action which;
        QString text;
        QString tip;
    } texts[] = {
        {Action::SuspectLabel, withKey(tr("Both are %1").arg(a), QStringLiteral("A")),
         tr("Both faces belong to A's label: B's face is labelled %1").arg(a)},
        {Action::EvidenceLabel, withKey(tr("Both are %1").arg(b), QStringLiteral("B")),
         tr("Both faces belong to B's label: A's face is labelled %1").arg(b)},
        {Action::Merge, withKey(tr("Merge labels…"), QStringLiteral("M")),
         tr("%1 and %2 are one person: merge the labels under a name you choose").arg(a, b)},
        {Action::Different,
         withKey(copies ? tr("Keep both") : tr("Different people"), QStringLiteral("D")),
         copies ? tr("Keep both copies; this pair is not shown again")
                : tr("They are different people; this pair is not shown again")},
        {Action::Skip, withKey(tr("Skip"), QStringLiteral("S")),
         tr("Decide later (S, Space or Right arrow)")},
        {Action::OtherLabel, withKey(tr("Label A…"), QStringLiteral("L")),
         tr("A is someone else: type the label of A's face")},
    };
    for (const auto& t : texts) {
        QAction* act = action(t.which);
        act->setText(t.text);
        act->setToolTip(t.tip);
        act->setEnabled(m_controller->canDo(t.which));
    }
    m_undo->setEnabled(m_controller->canUndo() && !m_controller->isBusy());
}

} // namespace lookalike::ui
