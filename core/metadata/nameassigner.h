#pragma once
// Puts the names a photo's metadata holds on its faces while it is indexed: each region
// labels the detected face it overlaps; a named region no detected face matches becomes a
// face of its own (a person marked a face the detector missed) through
// FacePipeline::describeRegion; a single People tag names the face of a one-face photo.
#include "face.h"
#include "faceregion.h"
#include "loadedimage.h"
#include <QString>
#include <vector>

namespace lookalike {

class FacePipeline;

class NameAssigner {
public:
    // Adds faces for unmatched named regions to `faces` and returns a name per face (empty:
    // none). Regions that cannot be described (outside the photo, too small) are skipped.
    static std::vector<QString> assign(const PhotoNames& names, const LoadedImage& photo,
                                       FacePipeline& pipeline, std::vector<DetectedFace>& faces);
};

} // namespace lookalike
