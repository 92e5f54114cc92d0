#pragma once

// What the caller's floating-point environment does to subnormals, read once per array call.

#include "config.hpp"

#if defined(__SSE__) || defined(_M_X64) || defined(_M_IX86_FP)
#include <xmmintrin.h>
#endif

namespace simdact::detail {

// False when the caller has set flush-to-zero or denormals-are-zero (x86 MXCSR FTZ or DAZ, Arm
// FPCR.FZ). The array functions' shortcut forms (the max form of leaky_relu and PReLU, unit_elu)
// give the element functors' bits only while subnormals are kept: under DAZ a max reads a
// subnormal x * slope as zero where the functor's select returns it, and under FTZ or DAZ the
// multiply by alpha = 1 that unit_elu leaves out is not exact.
// Force-inlined: compiled for AVX it reads the register with vstmxcsr, which an out-of-line copy
// shared with an SSE2 translation unit must not run.
SIMDACT_INLINE bool subnormals_kept() noexcept {
#if defined(__SSE__) || defined(_M_X64) || defined(_M_IX86_FP)
  constexpr unsigned flush_to_zero = 0x8000, denormals_are_zero = 0x40;
  return (_mm_getcsr() & (flush_to_zero | denormals_are_zero)) == 0;
#elif defined(__aarch64__) && (defined(__GNUC__) || defined(__clang__))
  unsigned long fpcr = 0;
  asm volatile("mrs %0, fpcr" : "=r"(fpcr));
  return (fpcr & (1ul << 24)) == 0; // FZ
#else
  return true;
#endif
}

} // namespace simdact::detail
