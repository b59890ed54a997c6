#pragma once
// Small vector kernels the compressed search paths spend their time in: 8-bit code dot
// products (IVF,SQ8 lists) and float16 <-> float32 conversion (the half-precision copies
// that all-pairs jobs hold instead of float32). Debian's FAISS is built for the x86-64
// baseline, so these pick AVX2/F16C at run time when the CPU has them and fall back to
// portable loops otherwise. Results agree to float rounding. Thread-safe.
#include <cstddef>
#include <cstdint>

namespace lookalike::kernels {

// out[i] = sum_j weights[j] * codes[i * d + j] for i < count: codes are count * d bytes.
void codeDots(const float* weights, const uint8_t* codes, size_t count, int d, float* out);

// IEEE half precision, round to nearest even; n values.
void toHalf(const float* in, uint16_t* out, size_t n);
void fromHalf(const uint16_t* in, float* out, size_t n);

// True when the AVX2/F16C paths are in use (for benchmarks).
bool accelerated();
// Allows (the default) or forbids the AVX2/F16C paths, for tests of the portable ones;
// returns accelerated(). Process-wide.
bool setAccelerated(bool allowed);

} // namespace lookalike::kernels
