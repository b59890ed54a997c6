#pragma once
#include <QString>

namespace lookalike::ui {

// Which faces to show: all, the unlabelled ones, those of one label (person), those of one
// suggested person ("Unnamed person N"), unlabelled faces suggested as a named person, or the
// detections that are not faces (hidden from all the others).
struct LabelFilter {
    enum class Kind { All, Unlabelled, Label, Person, Suggested, NotFaces };
    Kind kind = Kind::All;
    QString name;   // for Kind::Label
    int person = 0; // for Kind::Person

    static LabelFilter all() { return {}; }
    static LabelFilter unlabelled() { return {Kind::Unlabelled, {}}; }
    static LabelFilter label(const QString& name) { return {Kind::Label, name}; }
    static LabelFilter unnamedPerson(int number) { return {Kind::Person, {}, number}; }
    static LabelFilter suggested() { return {Kind::Suggested, {}}; }
    static LabelFilter notFaces() { return {Kind::NotFaces, {}}; }

    bool accepts(const QString& faceLabel) const
    {
        switch (kind) {
        case Kind::All:
        case Kind::NotFaces:
            return true;
        case Kind::Unlabelled:
        case Kind::Person:
        case Kind::Suggested:
            return faceLabel.isEmpty();
        case Kind::Label:
            return faceLabel == name;
        }
        return true;
    }
    bool operator==(const LabelFilter& o) const
    {
        return kind == o.kind && name == o.name && person == o.person;
    }
};

} // namespace lookalike::ui
