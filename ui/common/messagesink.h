#pragma once
// Every question and message the UI puts to the user goes through a MessageSink, so that
// tests can answer dialogs without a person (and without nested event loops of real
// dialogs). The application uses DialogMessageSink; tests use a scripted one.
#include <QString>
#include <QStringList>
#include <optional>

namespace lookalike::ui {

class MessageSink {
public:
    enum class Severity { Information, Warning, Error };

    virtual ~MessageSink() = default;

    virtual void show(Severity severity, const QString& title, const QString& text) = 0;
    // A yes/no question; `acceptText` names the action ("Stop and quit").
    virtual bool confirm(const QString& title, const QString& text, const QString& acceptText) = 0;
    // File choosers; an empty string means cancelled. `filter` as for QFileDialog.
    virtual QString chooseOpenFile(const QString& title, const QString& folder,
                                   const QString& filter) = 0;
    virtual QString chooseSaveFile(const QString& title, const QString& suggestedPath,
                                   const QString& filter) = 0;
    virtual QString chooseFolder(const QString& title, const QString& folder) = 0;
    // A line of text, offering `suggestions` (e.g. existing labels); nullopt when cancelled.
    virtual std::optional<QString> askText(const QString& title, const QString& label,
                                           const QString& initial,
                                           const QStringList& suggestions) = 0;

    void information(const QString& title, const QString& text)
    {
        show(Severity::Information, title, text);
    }
    void warning(const QString& title, const QString& text)
    {
        show(Severity::Warning, title, text);
    }
    void error(const QString& title, const QString& text) { show(Severity::Error, title, text); }
};

} // namespace lookalike::ui
