#include "layoutoptimizer.h"

#include "parallelfor.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <thread>

namespace lookalike {
namespace {

constexpr int64_t kChunkSize = 2048; // moving vertices per chunk, about
constexpr int kMaxChunks = 64;
constexpr float kClip = 4.f; // UMAP's bound on one coordinate of one step

inline uint64_t splitmix(uint64_t& state)
{
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// A uniform integer in [0, n) from 64 random bits.
inline int64_t below(uint64_t bits, int64_t n)
{
    return int64_t((static_cast<unsigned __int128>(bits) * uint64_t(n)) >> 64);
}

inline float clip(float v)
{
    return std::clamp(v, -kClip, kClip);
}

// x^b for x > 0 as 2^(b log2 x), both by polynomials fitted on one octave: relative error
// about 2e-5, several times faster than std::pow, which dominated the descent.
inline float fastPow(float x, float b)
{
    const uint32_t bits = std::bit_cast<uint32_t>(x);
    const float exponent = float(int((bits >> 23) & 0xff) - 127);
    const float m = std::bit_cast<float>((bits & 0x7fffffu) | 0x3f800000u) - 1.f; // [0, 1)
    const float log2m =
        5.06032795e-6f +
        m * (1.44239559f + m * (-0.716987568f +
                                m * (0.453858205f + m * (-0.272355827f +
                                                         m * (0.117906861f - m * 0.0248259844f)))));
    const float y = std::clamp(b * (exponent + log2m), -126.f, 126.f);
    const float whole = std::floor(y), f = y - whole;
    const float fraction =
        1.00000728f +
        f * (0.692931289f + f * (0.241710262f + f * (0.0516668774f + f * 0.0136765311f)));
    return fraction * std::bit_cast<float>(uint32_t(int(whole) + 127) << 23);
}

// The constants of one epoch's steps, in registers.
struct Step {
    float a, b, pullScale, pushScale, alpha;

    // Moves (x, y) toward `other`.
    void pull(float& x, float& y, const float* other) const
    {
        const float dx = x - other[0], dy = y - other[1];
        const float d2 = dx * dx + dy * dy;
        if (d2 <= 0)
            return;
        const float pb = fastPow(d2, b);
        const float coeff = pullScale * pb / (d2 * (a * pb + 1.f));
        x += clip(coeff * dx) * alpha;
        y += clip(coeff * dy) * alpha;
    }

    // The step of (x, y) away from `other`, added to (sx, sy).
    void push(float x, float y, const float* other, float& sx, float& sy) const
    {
        const float dx = x - other[0], dy = y - other[1];
        const float d2 = dx * dx + dy * dy;
        if (d2 <= 0) {
            sx += kClip * alpha; // coincident: UMAP's fixed step
            sy += kClip * alpha;
            return;
        }
        const float coeff = pushScale / ((0.001f + d2) * (a * fastPow(d2, b) + 1.f));
        sx += clip(coeff * dx) * alpha;
        sy += clip(coeff * dy) * alpha;
    }
};

// One epoch of one chunk: vertices [begin, end) move; they read each other in `live` and
// every other vertex in `snapshot`. A vertex is moved by its own edges only, so it is kept
// in registers while they run.
struct ChunkEpoch {
    const FuzzyGraph& graph;
    const LayoutOptimizer::Options& o;
    float* live;
    const float* snapshot;
    int64_t begin, end;
    int epoch;
    float alpha;
    float maxWeight;

    const float* at(int64_t u) const { return (u >= begin && u < end ? live : snapshot) + 2 * u; }

    void run(uint64_t state) const
    {
        const Step step{o.a, o.b, o.attraction * -2.f * o.a * o.b, 2.f * o.b, alpha};
        const int64_t n = graph.n;
        const int negatives = o.negativeSamples;
        const float t = float(epoch), scale = 1.f / maxWeight;
        for (int64_t v = begin; v < end; ++v) {
            float x = live[2 * v], y = live[2 * v + 1];
            for (int64_t e = graph.offsets[v]; e < graph.offsets[v + 1]; ++e) {
                // An edge of relative weight p is pulled floor(epochs * p) times in all,
                // evenly spread: in epoch t when floor((t + 1) p) > floor(t p).
                const float p = graph.weights[e] * scale;
                if (std::floor((t + 1.f) * p) <= std::floor(t * p))
                    continue;
                step.pull(x, y, at(graph.targets[e]));
                // The pushes of one pull are computed from the same point and added up:
                // independent of each other, they run side by side in the processor
                // instead of waiting for one another.
                float sx = 0, sy = 0;
                for (int s = 0; s < negatives; ++s) {
                    const int64_t u = below(splitmix(state), n);
                    if (u != v)
                        step.push(x, y, at(u), sx, sy);
                }
                x += sx;
                y += sy;
            }
            live[2 * v] = x;
            live[2 * v + 1] = y;
        }
    }
};

} // namespace

bool LayoutOptimizer::optimise(const FuzzyGraph& graph, std::vector<float>& positions,
                               const Options& o)
{
    const int64_t n = graph.n, first = std::clamp<int64_t>(o.firstMoving, 0, n);
    const int64_t moving = n - first;
    if (moving == 0 || o.epochs <= 0 || graph.edgeCount() == 0)
        return true;
    const int chunks = int(std::clamp<int64_t>(moving / kChunkSize, 1, kMaxChunks));
    const int threads = threadsOrCores(o.threads);
    const float maxWeight = graph.maxWeight();
    std::vector<float> snapshot;
    for (int epoch = 0; epoch < o.epochs; ++epoch) {
        if (o.cancel && o.cancel->load())
            return false;
        if (chunks > 1)
            snapshot = positions;
        const float alpha = o.learningRate * (1.f - float(epoch) / float(o.epochs));
        parallelFor(chunks, threads, [&](int c) {
            const ChunkEpoch work{graph,
                                  o,
                                  positions.data(),
                                  chunks > 1 ? snapshot.data() : positions.data(),
                                  first + moving * c / chunks,
                                  first + moving * (c + 1) / chunks,
                                  epoch,
                                  alpha,
                                  maxWeight};
            uint64_t state = o.seed ^ (uint64_t(epoch) << 32) ^ uint64_t(c) * 0x632be59bd9b4e019ull;
            splitmix(state);
            work.run(state);
        });
        if (o.progress)
            o.progress(double(epoch + 1) / o.epochs);
    }
    return true;
}

} // namespace lookalike
