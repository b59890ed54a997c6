#pragma once
// Helpers of the commands that change a library through the journal.
#include "expected.h"
#include "labeleditor.h"
#include "library.h"
#include <QJsonArray>
#include <memory>

namespace lookalike::cli {

// Opens a library for editing, first rolling back any batch a crash left half done.
Expected<std::unique_ptr<Library>> openForEditing(const QString& path);
QJsonArray skipsJson(const std::vector<EditReport::Skip>& skips);
// [{from, to, renamed}]: `to` is where the file is now; renamed when its name was taken there.
QJsonArray movesJson(const std::vector<EditReport::Move>& moves);
// On stderr: each file moved under another name (its own was taken), each one left in place.
void tellMoves(const EditReport& report);

} // namespace lookalike::cli
