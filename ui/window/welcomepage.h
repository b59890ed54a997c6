#pragma once
#include <QWidget>

class QLabel;
class QListWidget;

namespace lookalike::ui {

// Shown when no library is open: start an import, open a library, or pick a recent one.
class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);
    void setRecentLibraries(const QStringList& paths);

signals:
    void newLibraryRequested();
    void openLibraryRequested();
    void recentLibraryChosen(const QString& path);

private:
    QListWidget* m_recent;
    QLabel* m_recentTitle;
};

} // namespace lookalike::ui
