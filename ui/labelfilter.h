#pragma once
#include <QString>

namespace lookalike::ui {

// Which faces to show: all, the unlabelled ones, or those of one label (person).
struct LabelFilter {
    enum class Kind { All, Unlabelled, Label };
    Kind kind = Kind::All;
    QString name; // for Kind::Label

    static LabelFilter all() { return {}; }
    static LabelFilter unlabelled() { return {Kind::Unlabelled, {}}; }
    static LabelFilter label(const QString& name) { return {Kind::Label, name}; }

    bool accepts(const QString& faceLabel) const
    {
        switch (kind) {
        case Kind::All:
            return true;
        case Kind::Unlabelled:
            return faceLabel.isEmpty();
        case Kind::Label:
            return faceLabel == name;
        }
        return true;
    }
    bool operator==(const LabelFilter& o) const { return kind == o.kind && name == o.name; }
};

} // namespace lookalike::ui
