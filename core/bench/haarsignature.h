#pragma once
// digiKam's fuzzy-search signature (imgSeek, Jacobs et al. "Fast Multiresolution Image
// Querying") as documented in shared/notes/image-models.md section 4.1, for comparison in
// bench photos only: 128x128 YIQ, standard 2-D Haar transform, per channel the average and
// the signed indices of the 40 largest coefficients; score with the "scanned" weights.
#include <QImage>
#include <array>
#include <vector>

namespace lookalike {

struct HaarSignature {
    std::array<double, 3> average{};
    std::array<std::vector<int>, 3> coefficients; // signed indices (row * 128 + col), 40 each

    static HaarSignature of(const QImage& image);
    // Lower is more similar (digiKam's score).
    static double score(const HaarSignature& query, const HaarSignature& target);
};

} // namespace lookalike
