#include "syntheticvectors.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <span>

namespace lookalike {
namespace {

using Rng = std::mt19937_64;

void normalise(std::span<float> v)
{
    double norm = 0;
    for (float x : v)
        norm += double(x) * x;
    const float scale = norm > 0 ? float(1.0 / std::sqrt(norm)) : 0.f;
    for (float& x : v)
        x *= scale;
}

std::vector<float> randomUnit(int dimension, Rng& rng)
{
    std::normal_distribution<float> normal;
    std::vector<float> v(dimension);
    for (float& x : v)
        x = normal(rng);
    normalise(v);
    return v;
}

// out = normalise(sqrt(weight) * a + sqrt(1 - weight) * b) for unit a and b: two outputs
// built on the same a have cosine ~weight.
void blend(std::span<const float> a, std::span<const float> b, float weight, std::span<float> out)
{
    const float wa = std::sqrt(weight);
    const float wb = std::sqrt(1.f - weight);
    for (size_t i = 0; i < out.size(); ++i)
        out[i] = wa * a[i] + wb * b[i];
    normalise(out);
}

// latentDimension orthonormal directions in `dimension` space, stored row by row.
std::vector<std::vector<float>> latentBasis(const SyntheticSpec& spec, Rng& rng)
{
    std::vector<std::vector<float>> basis;
    for (int j = 0; j < spec.latentDimension; ++j) {
        std::vector<float> v = randomUnit(spec.dimension, rng);
        for (const auto& u : basis) {
            const float dot = std::inner_product(v.begin(), v.end(), u.begin(), 0.f);
            for (int i = 0; i < spec.dimension; ++i)
                v[i] -= dot * u[i];
        }
        normalise(v);
        basis.push_back(std::move(v));
    }
    return basis;
}

// A person's centre: a random point of the appearance space blended with a private direction.
std::vector<float> personCentre(const SyntheticSpec& spec,
                                const std::vector<std::vector<float>>& basis, Rng& rng)
{
    std::vector<float> own = randomUnit(spec.dimension, rng);
    if (basis.empty())
        return own;
    const std::vector<float> z = randomUnit(int(basis.size()), rng);
    std::vector<float> shared(spec.dimension, 0.f);
    for (size_t j = 0; j < basis.size(); ++j)
        for (int i = 0; i < spec.dimension; ++i)
            shared[i] += z[j] * basis[j][i];
    std::vector<float> centre(spec.dimension);
    blend(shared, own, spec.latentWeight, centre);
    return centre;
}

// Person index of each row, people in order, sizes uniform around meanIdentitySize.
std::vector<int> personSizes(const SyntheticSpec& spec, Rng& rng)
{
    const int mean = std::max(1, spec.meanIdentitySize);
    std::uniform_int_distribution<int> size(std::max(1, mean / 2), std::max(1, mean * 3 / 2));
    std::vector<int> sizes;
    for (qint64 total = 0; total < spec.count;) {
        const int s = int(std::min<qint64>(size(rng), spec.count - total));
        sizes.push_back(s);
        total += s;
    }
    return sizes;
}

} // namespace

SyntheticVectors makeSyntheticVectors(const SyntheticSpec& spec)
{
    Rng rng(spec.seed);
    SyntheticVectors out;
    out.dimension = spec.dimension;
    out.data.resize(size_t(spec.count) * spec.dimension);
    out.identity.resize(spec.count);
    out.ids.resize(spec.count);
    std::vector<qint64> slot(spec.count);
    std::iota(slot.begin(), slot.end(), 0);
    std::shuffle(slot.begin(), slot.end(), rng);

    const auto basis = latentBasis(spec, rng);
    const std::vector<int> sizes = personSizes(spec, rng);
    std::uniform_real_distribution<float> intra(spec.intraMin, spec.intraMax);
    qint64 next = 0;
    for (int person = 0; person < int(sizes.size()); ++person) {
        const std::vector<float> centre = personCentre(spec, basis, rng);
        const float similarity = intra(rng);
        for (int m = 0; m < sizes[person]; ++m, ++next) {
            const qint64 row = slot[next];
            const std::vector<float> noise = randomUnit(spec.dimension, rng);
            blend(centre, noise, similarity,
                  {out.data.data() + row * spec.dimension, size_t(spec.dimension)});
            out.identity[row] = person;
        }
    }
    for (qint64 i = 0; i < spec.count; ++i)
        out.ids[i] = spec.firstId + i * spec.idStep;
    return out;
}

std::vector<qint64> sampleRows(qint64 count, qint64 sampleCount, quint64 seed)
{
    std::vector<qint64> rows(count);
    std::iota(rows.begin(), rows.end(), 0);
    if (sampleCount >= count)
        return rows;
    Rng rng(seed);
    for (qint64 i = 0; i < sampleCount; ++i) {
        std::uniform_int_distribution<qint64> pick(i, count - 1);
        std::swap(rows[i], rows[pick(rng)]);
    }
    rows.resize(sampleCount);
    std::sort(rows.begin(), rows.end());
    return rows;
}

} // namespace lookalike
