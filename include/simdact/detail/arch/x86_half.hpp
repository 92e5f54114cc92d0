#pragma once

// x86 parts of the 16-bit conversions (see half_convert.hpp): 16-bit lanes in and out of 32-bit
// integer lanes, F16C's float16 conversions on AVX2 and AVX-512, and AVX-512 BF16's narrowing of
// bfloat16. The plain SSE2 build has no F16C and takes the integer arithmetic; so do the other
// bfloat16 conversions.

#include "../config.hpp"
#include "../xsimd_compat.hpp"

#include <cstdint>
#include <cstring>
#include <type_traits>

#if defined(__SSE2__) || defined(_M_X64)
#include <immintrin.h>
#endif

// GCC bug 105593: see config.hpp.
SIMDACT_GCC_105593_OFF

namespace simdact::detail {

#if defined(__SSE2__) || defined(_M_X64)
inline constexpr bool compiled_for_x86 = true;
#else
inline constexpr bool compiled_for_x86 = false;
#endif
#if defined(__F16C__)
inline constexpr bool compiled_with_f16c = true;
#else
inline constexpr bool compiled_with_f16c = false;
#endif
#if defined(__AVX512BF16__)
inline constexpr bool compiled_with_avx512bf16 = true;
#else
inline constexpr bool compiled_with_avx512bf16 = false;
#endif

template <class A>
inline constexpr bool x86_has_16bit_lane_moves_v =
    compiled_for_x86 && (std::is_base_of_v<xsimd::avx512f, A> ||
                         std::is_base_of_v<xsimd::avx2, A> || std::is_base_of_v<xsimd::sse2, A>);

// F16C is part of every AVX2 processor and of AVX-512F; only the build flags can be missing.
template <class A>
inline constexpr bool x86_has_float16_conversion_v =
    compiled_for_x86 && (std::is_base_of_v<xsimd::avx512f, A> ||
                         (compiled_with_f16c && std::is_base_of_v<xsimd::avx2, A>));

// vcvtneps2bf16 rounds to nearest even and quiets NaN as the integer arithmetic does, but reads
// float subnormals as zero; the functions below return false, having stored nothing, when a lane
// is one, for the caller to take the integer path: the same bits either way.
template <class A>
inline constexpr bool x86_has_bfloat16_conversion_v = compiled_for_x86 &&
                                                      compiled_with_avx512bf16 &&
                                                      std::is_base_of_v<xsimd::avx512bw, A>;

#if defined(__SSE2__) || defined(_M_X64)

template <class A>
SIMDACT_INLINE xsimd::batch<std::int32_t, A> x86_load_16bit_lanes(const void* p) noexcept {
  if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
    return _mm512_cvtepu16_epi32(_mm256_loadu_si256(static_cast<const __m256i*>(p)));
  } else if constexpr (std::is_base_of_v<xsimd::avx2, A>) {
    return _mm256_cvtepu16_epi32(_mm_loadu_si128(static_cast<const __m128i*>(p)));
  } else {
    return _mm_unpacklo_epi16(_mm_loadl_epi64(static_cast<const __m128i*>(p)), _mm_setzero_si128());
  }
}

template <class A>
SIMDACT_INLINE void x86_store_16bit_lanes(void* p,
                                          const xsimd::batch<std::int32_t, A>& x) noexcept {
  if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
    _mm256_storeu_si256(static_cast<__m256i*>(p), _mm512_cvtepi32_epi16(x));
  } else if constexpr (std::is_base_of_v<xsimd::avx2, A>) {
    // The lanes hold int16 values, which the saturating pack keeps as they are; it packs within
    // 128-bit halves, hence the permute.
    const __m256i packed = _mm256_permute4x64_epi64(_mm256_packs_epi32(x, x), 0xd8);
    _mm_storeu_si128(static_cast<__m128i*>(p), _mm256_castsi256_si128(packed));
  } else {
    _mm_storel_epi64(static_cast<__m128i*>(p), _mm_packs_epi32(x, x));
  }
}

template <class A> SIMDACT_INLINE xsimd::batch<float, A> x86_widen_float16(const void* p) noexcept {
  if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
    return _mm512_cvtph_ps(_mm256_loadu_si256(static_cast<const __m256i*>(p)));
  } else {
    return _mm256_cvtph_ps(_mm_loadu_si128(static_cast<const __m128i*>(p)));
  }
}

template <class A>
SIMDACT_INLINE void x86_narrow_float16(void* p, const xsimd::batch<float, A>& x) noexcept {
  constexpr int nearest_even = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
  if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
    _mm256_storeu_si256(static_cast<__m256i*>(p), _mm512_cvtps_ph(x, nearest_even));
  } else {
    _mm_storeu_si128(static_cast<__m128i*>(p), _mm256_cvtps_ph(x, nearest_even));
  }
}

// Unaligned loads and stores of whole registers of any content (the intrinsics may alias).
template <class A>
SIMDACT_INLINE xsimd::batch<std::int32_t, A> x86_load_32bit_lanes(const void* p) noexcept {
  if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
    return _mm512_loadu_si512(p);
  } else if constexpr (std::is_base_of_v<xsimd::avx, A>) {
    return _mm256_loadu_si256(static_cast<const __m256i*>(p));
  } else {
    return _mm_loadu_si128(static_cast<const __m128i*>(p));
  }
}
template <class A>
SIMDACT_INLINE void x86_store_32bit_lanes(void* p,
                                          const xsimd::batch<std::int32_t, A>& x) noexcept {
  if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
    _mm512_storeu_si512(p, x);
  } else if constexpr (std::is_base_of_v<xsimd::avx, A>) {
    _mm256_storeu_si256(static_cast<__m256i*>(p), x);
  } else {
    _mm_storeu_si128(static_cast<__m128i*>(p), x);
  }
}

// Each 32-bit lane: the lower half of low's, the upper half of high's.
template <class A>
SIMDACT_INLINE xsimd::batch<std::int32_t, A>
x86_join_16bit_halves(const xsimd::batch<std::int32_t, A>& low,
                      const xsimd::batch<std::int32_t, A>& high) noexcept {
  if constexpr (std::is_base_of_v<xsimd::avx512bw, A>) {
    return _mm512_mask_blend_epi16(0xaaaaaaaa, low, high);
  } else if constexpr (std::is_base_of_v<xsimd::avx2, A> && !std::is_base_of_v<xsimd::avx512f, A>) {
    return _mm256_blend_epi16(low, high, 0xaa);
  } else if constexpr (std::is_base_of_v<xsimd::sse4_1, A> && !std::is_base_of_v<xsimd::avx, A>) {
    return _mm_blend_epi16(low, high, 0xaa);
  } else {
    using I = xsimd::batch<std::int32_t, A>;
    return (low & I(0xffff)) | (high & I(~0xffff));
  }
}

#if defined(__AVX512BF16__)

// The lanes holding a float subnormal: zero exponent, nonzero fraction.
SIMDACT_INLINE __mmask16 float_subnormals(const __m512& x) noexcept {
  const __m512i u = _mm512_castps_si512(x);
  const __mmask16 zero_exponent = _mm512_testn_epi32_mask(u, _mm512_set1_epi32(0x7f800000));
  return _mm512_mask_test_epi32_mask(zero_exponent, u, _mm512_set1_epi32(0x007fffff));
}

template <class A>
SIMDACT_INLINE bool x86_narrow_bfloat16(void* p, const xsimd::batch<float, A>& x) noexcept {
  if (float_subnormals(x) != 0) {
    return false;
  }
  const __m256bh h = _mm512_cvtneps_pbh(x);
  std::memcpy(p, &h, sizeof h);
  return true;
}

// first's values at p, then second's.
template <class A>
SIMDACT_INLINE bool x86_narrow_bfloat16_pair(void* p, const xsimd::batch<float, A>& first,
                                             const xsimd::batch<float, A>& second) noexcept {
  if ((float_subnormals(first) | float_subnormals(second)) != 0) {
    return false;
  }
  const __m512bh h = _mm512_cvtne2ps_pbh(second, first);
  std::memcpy(p, &h, sizeof h);
  return true;
}

#else

template <class A> bool x86_narrow_bfloat16(void*, const xsimd::batch<float, A>&) noexcept;
template <class A>
bool x86_narrow_bfloat16_pair(void*, const xsimd::batch<float, A>&,
                              const xsimd::batch<float, A>&) noexcept;

#endif

#else

template <class A> xsimd::batch<std::int32_t, A> x86_load_16bit_lanes(const void*) noexcept;
template <class A> void x86_store_16bit_lanes(void*, const xsimd::batch<std::int32_t, A>&) noexcept;
template <class A> xsimd::batch<float, A> x86_widen_float16(const void*) noexcept;
template <class A> void x86_narrow_float16(void*, const xsimd::batch<float, A>&) noexcept;
template <class A> xsimd::batch<std::int32_t, A> x86_load_32bit_lanes(const void*) noexcept;
template <class A> void x86_store_32bit_lanes(void*, const xsimd::batch<std::int32_t, A>&) noexcept;
template <class A>
xsimd::batch<std::int32_t, A> x86_join_16bit_halves(const xsimd::batch<std::int32_t, A>&,
                                                    const xsimd::batch<std::int32_t, A>&) noexcept;
template <class A> bool x86_narrow_bfloat16(void*, const xsimd::batch<float, A>&) noexcept;
template <class A>
bool x86_narrow_bfloat16_pair(void*, const xsimd::batch<float, A>&,
                              const xsimd::batch<float, A>&) noexcept;

#endif

} // namespace simdact::detail

SIMDACT_GCC_105593_ON
