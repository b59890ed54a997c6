#pragma once
#include <QLabel>

namespace lookalike::ui {

// The bold line above a grid that says what it shows ("Photos — 24 photos in 3 folders").
inline void styleGridTitle(QLabel* label)
{
    label->setTextFormat(Qt::PlainText);
    label->setContentsMargins(8, 4, 8, 4);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
}

} // namespace lookalike::ui
