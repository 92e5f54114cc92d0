#pragma once

// simdact's macros and build configuration, in one place. Every simdact header includes this one
// first, so that a build below C++17 stops here with one readable message.

// g++ and clang carry on after an #error and bury it under hundreds of errors from the C++17 code
// that follows; a missing #include is fatal to both, so the message is the name of a file that
// cannot exist and compilation stops right there. MSVC's #error is fatal already.
#if !defined(_MSVC_LANG) && __cplusplus < 201703L
#include "simdact needs C++17 or newer: compile with -std=c++17 (or later); the CMake target simdact::simdact requests it for you"
#elif defined(_MSVC_LANG) && _MSVC_LANG < 201703L
#error "simdact needs C++17 or newer: compile with /std:c++17 (or later)"
#endif

// 32-bit ARM is refused rather than half supported: its NEON unit flushes subnormal floats to
// zero whatever the FPSCR says, which breaks simdact's promise to keep them (elu(-1e-40) would be
// 0), and xsimd has no double batches there. AArch64 (arm64) keeps subnormals and is supported.
#if defined(__arm__) || defined(_M_ARM)
#error                                                                                             \
    "simdact does not support 32-bit ARM: NEON there flushes subnormals to zero and has no double vectors; build for AArch64 (arm64)"
#endif

// Everything a loop calls per batch must inline into it: a call per batch spills every register
// and costs more than the arithmetic. SIMDACT_INLINE forces one function; SIMDACT_FLATTEN makes a
// loop a function of its own that inlines all it calls (lambdas and xsimd 8's plain-inline
// functions included). It is never inlined itself: g++ drops the flattening of a function it
// inlines into a caller, and then, short of inlining budget, leaves xsimd calls in the loop.
// Attributes cannot come from a template, hence macros.
//
// Under AddressSanitizer and ThreadSanitizer the kernels are not flattened: instrumenting every
// xsimd call inlined into them made a file using all of simdact take minutes and gigabytes to
// compile (bench/compile_time.sh; figures in docs/performance-notes.md). They are the same
// kernels, with the calls left as calls: slower, and the same results.
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SIMDACT_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SIMDACT_SANITIZED 1
#endif

#if (defined(__GNUC__) || defined(__clang__)) && defined(SIMDACT_SANITIZED)
#define SIMDACT_INLINE inline __attribute__((always_inline))
#define SIMDACT_FLATTEN __attribute__((noinline))
#elif defined(__GNUC__) || defined(__clang__)
#define SIMDACT_INLINE inline __attribute__((always_inline))
#define SIMDACT_FLATTEN __attribute__((noinline, flatten))
#elif defined(_MSC_VER)
#define SIMDACT_INLINE __forceinline
#define SIMDACT_FLATTEN
#else
#define SIMDACT_INLINE inline
#define SIMDACT_FLATTEN
#endif

// GCC 12's AVX-512 intrinsics (shifts, extracts, _mm512_undefined) trip -Wmaybe-uninitialized on
// their own placeholder operand (GCC bug 105593, fixed in GCC 13). The warning lands on the
// function they are inlined into, so the headers that wrap such intrinsics sit between these two,
// which keeps it out of users' -Werror builds. (A pragma cannot come from a template.)
#if defined(__GNUC__) && !defined(__clang__)
#define SIMDACT_GCC_105593_OFF                                                                     \
  _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wuninitialized\"")             \
      _Pragma("GCC diagnostic ignored \"-Wmaybe-uninitialized\"")
#define SIMDACT_GCC_105593_ON _Pragma("GCC diagnostic pop")
#else
#define SIMDACT_GCC_105593_OFF
#define SIMDACT_GCC_105593_ON
#endif
