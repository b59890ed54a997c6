#pragma once
// What the review screen tells the user after each change, in one place: which photos moved
// where, which names were taken, what was left in place, and how to undo.
#include "labeleditor.h"
#include <QCoreApplication>

namespace lookalike::ui {

class ReviewMessages {
    Q_DECLARE_TR_FUNCTIONS(lookalike::ui::ReviewMessages)
public:
    // "Relabelled a face from penny to sheldon. Moved sheldon1.png to sheldon/ (saved as
    // "sheldon1 (2).png": the name was taken) — undo with Ctrl+Z."; `what` names the change.
    static QString afterEdit(const QString& what, const std::vector<EditReport>& edits);
    // A short note for the queue row: "Now sheldon; 1 photo moved".
    static QString outcome(const QString& what, const std::vector<EditReport>& edits);
    static QString afterUndo(const QString& what, const UndoReport& report);
    // The question asked when photos holding other labelled people were left in place.
    static QString sharedPhotosQuestion(const std::vector<EditReport::Skip>& skipped,
                                        const QString& label);
    // A cosine similarity as shown: two decimals, never "-0.00".
    static QString similarity(float value);
    // "sheldon/": the folder a photo was moved into.
    static QString folderOf(const QString& path);

private:
    static QString moves(const std::vector<EditReport::Move>& moved);
    static QString renames(const std::vector<EditReport::Move>& moved);
};

} // namespace lookalike::ui
