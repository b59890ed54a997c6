#pragma once
#include "messagesink.h"
#include <QPointer>
#include <QWidget>

namespace lookalike::ui {

// MessageSink with the standard Qt dialogs, parented to a window set after construction.
class DialogMessageSink : public MessageSink {
public:
    void setParentWidget(QWidget* parent) { m_parent = parent; }

    void show(Severity severity, const QString& title, const QString& text) override;
    bool confirm(const QString& title, const QString& text, const QString& acceptText) override;
    QString chooseOpenFile(const QString& title, const QString& folder,
                           const QString& filter) override;
    QString chooseSaveFile(const QString& title, const QString& suggestedPath,
                           const QString& filter) override;
    QString chooseFolder(const QString& title, const QString& folder) override;
    std::optional<QString> askText(const QString& title, const QString& label,
                                   const QString& initial, const QStringList& suggestions) override;

private:
    QPointer<QWidget> m_parent;
};

} // namespace lookalike::ui
