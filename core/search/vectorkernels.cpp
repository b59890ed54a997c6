#include "vectorkernels.h"

#include <immintrin.h>

#include <atomic>
#include <cmath>
#include <cstring>

namespace lookalike::kernels {
namespace {

bool cpuHasAvx2()
{
    static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
                            __builtin_cpu_supports("f16c");
    return yes;
}

std::atomic_bool g_allowed{true}; // setAccelerated(false): the portable paths (tests)

bool hasAvx2()
{
    return g_allowed.load(std::memory_order_relaxed) && cpuHasAvx2();
}

// Portable paths.

void codeDotsPortable(const float* w, const uint8_t* codes, size_t count, int d, float* out)
{
    for (size_t i = 0; i < count; ++i) {
        const uint8_t* c = codes + i * size_t(d);
        float sum = 0;
        for (int j = 0; j < d; ++j)
            sum += w[j] * float(c[j]);
        out[i] = sum;
    }
}

uint16_t halfOf(float value)
{
    uint32_t x;
    std::memcpy(&x, &value, sizeof x);
    const uint32_t sign = (x >> 16) & 0x8000u;
    const uint32_t rest = x & 0x7fffffffu;
    if (rest >= 0x7f800000u) // inf or nan
        return uint16_t(sign | 0x7c00u | (rest > 0x7f800000u ? 0x200u : 0u));
    if (rest >= 0x477ff000u) // rounds to a value above the largest half: inf
        return uint16_t(sign | 0x7c00u);
    if (rest < 0x38800000u) {                                  // subnormal half or zero
        const float magnitude = std::fabs(value) * 16777216.f; // 2^24: units of 2^-24
        return uint16_t(sign | uint32_t(std::nearbyint(magnitude)));
    }
    const uint32_t mantissa = rest & 0x1fffu;
    uint32_t half = ((rest - 0x38000000u) >> 13);
    if (mantissa > 0x1000u || (mantissa == 0x1000u && (half & 1u)))
        ++half; // round to nearest even; a carry into the exponent is still right
    return uint16_t(sign | half);
}

float floatOf(uint16_t h)
{
    const uint32_t sign = uint32_t(h & 0x8000u) << 16;
    const uint32_t exponent = (h >> 10) & 0x1fu;
    const uint32_t mantissa = h & 0x3ffu;
    uint32_t bits;
    if (exponent == 0) {
        const float v = float(mantissa) / 16777216.f;
        std::memcpy(&bits, &v, sizeof bits);
        bits |= sign;
    } else if (exponent == 31) {
        bits = sign | 0x7f800000u | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);
    }
    float out;
    std::memcpy(&out, &bits, sizeof out);
    return out;
}

// AVX2 / F16C paths.

__attribute__((target("avx2,fma"))) float sum8(__m256 v)
{
    const __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 t = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(t, _mm_shuffle_ps(t, t, 1)));
}

__attribute__((target("avx2,fma"))) __m256 bytesToFloats(const uint8_t* p)
{
    __m128i eight;
    std::memcpy(&eight, p, 8); // the upper half is never read
    return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(eight));
}

__attribute__((target("avx2,fma"))) void codeDotsAvx2(const float* w, const uint8_t* codes,
                                                      size_t count, int d, float* out)
{
    const int whole = d & ~15;
    for (size_t i = 0; i < count; ++i) {
        const uint8_t* c = codes + i * size_t(d);
        __m256 a = _mm256_setzero_ps(), b = _mm256_setzero_ps();
        for (int j = 0; j < whole; j += 16) {
            a = _mm256_fmadd_ps(_mm256_loadu_ps(w + j), bytesToFloats(c + j), a);
            b = _mm256_fmadd_ps(_mm256_loadu_ps(w + j + 8), bytesToFloats(c + j + 8), b);
        }
        float sum = sum8(_mm256_add_ps(a, b));
        for (int j = whole; j < d; ++j)
            sum += w[j] * float(c[j]);
        out[i] = sum;
    }
}

__attribute__((target("avx2,f16c"))) void toHalfF16c(const float* in, uint16_t* out, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i),
                         _mm256_cvtps_ph(_mm256_loadu_ps(in + i), _MM_FROUND_TO_NEAREST_INT));
    for (; i < n; ++i)
        out[i] = halfOf(in[i]);
}

__attribute__((target("avx2,f16c"))) void fromHalfF16c(const uint16_t* in, float* out, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(
            out + i, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i))));
    for (; i < n; ++i)
        out[i] = floatOf(in[i]);
}

} // namespace

void codeDots(const float* weights, const uint8_t* codes, size_t count, int d, float* out)
{
    if (hasAvx2())
        codeDotsAvx2(weights, codes, count, d, out);
    else
        codeDotsPortable(weights, codes, count, d, out);
}

void toHalf(const float* in, uint16_t* out, size_t n)
{
    if (hasAvx2())
        return toHalfF16c(in, out, n);
    for (size_t i = 0; i < n; ++i)
        out[i] = halfOf(in[i]);
}

void fromHalf(const uint16_t* in, float* out, size_t n)
{
    if (hasAvx2())
        return fromHalfF16c(in, out, n);
    for (size_t i = 0; i < n; ++i)
        out[i] = floatOf(in[i]);
}

bool accelerated()
{
    return hasAvx2();
}

bool setAccelerated(bool allowed)
{
    g_allowed = allowed;
    return hasAvx2();
}

} // namespace lookalike::kernels
