#pragma once
#include <QDialog>
#include <QFuture>
#include <QHash>
#include <utility>
#include <vector>

class QLabel;
class QTreeWidget;

namespace lookalike::ui {

// The files an import could not use, each with the reason: from the library
// (Library::failures(), loaded in the background) plus problems of the last run that are not
// stored there (unreadable folders, broken links).
class FailuresDialog : public QDialog {
    Q_OBJECT
public:
    using Failure = std::pair<QString, QString>; // path, reason

    FailuresDialog(const QString& libraryPath, std::vector<Failure> extra,
                   QWidget* parent = nullptr);
    ~FailuresDialog() override;

    int count() const;
    bool isLoaded() const { return m_loaded; }

signals:
    void loaded();

private:
    struct Loaded {
        std::vector<Failure> failures;
        QHash<QString, QString> formats; // path -> sniffed format of the files that failed
    };
    void present(Loaded content);
    void copyList();
    void openFolder();

    QLabel* m_summary;
    QTreeWidget* m_list;
    std::vector<Failure> m_extra;
    bool m_loaded = false;
    QFuture<Loaded> m_future;
};

} // namespace lookalike::ui
