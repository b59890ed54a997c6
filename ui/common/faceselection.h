#pragma once
#include <QtGlobal>
#include <vector>

namespace lookalike::ui {

// The faces a view has selected, for the actions on them (FaceActions, PeopleActions): the
// grid and the map each are one, and the actions follow whichever is shown.
class FaceSelection {
public:
    virtual ~FaceSelection() = default;
    virtual std::vector<qint64> selectedFaceIds() const = 0;
    virtual qint64 currentFaceId() const = 0; // -1 when none
};

} // namespace lookalike::ui
