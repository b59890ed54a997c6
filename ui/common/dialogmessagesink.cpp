#include "dialogmessagesink.h"
#include <QCompleter>
#include <QFileDialog>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>

namespace lookalike::ui {

void DialogMessageSink::show(Severity severity, const QString& title, const QString& text)
{
    QMessageBox box(severity == Severity::Error     ? QMessageBox::Critical
                    : severity == Severity::Warning ? QMessageBox::Warning
                                                    : QMessageBox::Information,
                    title, text, QMessageBox::Ok, m_parent);
    box.setTextInteractionFlags(Qt::TextSelectableByMouse);
    box.exec();
}

bool DialogMessageSink::confirm(const QString& title, const QString& text,
                                const QString& acceptText)
{
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::NoButton, m_parent);
    QPushButton* accept = box.addButton(acceptText, QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(accept);
    box.exec();
    return box.clickedButton() == accept;
}

QString DialogMessageSink::chooseOpenFile(const QString& title, const QString& folder,
                                          const QString& filter)
{
    return QFileDialog::getOpenFileName(m_parent, title, folder, filter);
}

QString DialogMessageSink::chooseSaveFile(const QString& title, const QString& suggestedPath,
                                          const QString& filter)
{
    return QFileDialog::getSaveFileName(m_parent, title, suggestedPath, filter);
}

QString DialogMessageSink::chooseFolder(const QString& title, const QString& folder)
{
    return QFileDialog::getExistingDirectory(m_parent, title, folder);
}

std::optional<QString> DialogMessageSink::askText(const QString& title, const QString& label,
                                                  const QString& initial,
                                                  const QStringList& suggestions)
{
    QInputDialog dialog(m_parent);
    dialog.setWindowTitle(title);
    dialog.setLabelText(label);
    dialog.setTextValue(initial);
    dialog.resize(420, dialog.sizeHint().height());
    if (auto* edit = dialog.findChild<QLineEdit*>()) {
        auto* completer = new QCompleter(suggestions, edit);
        completer->setCaseSensitivity(Qt::CaseInsensitive);
        completer->setFilterMode(Qt::MatchContains);
        edit->setCompleter(completer);
    }
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.textValue();
}

} // namespace lookalike::ui
