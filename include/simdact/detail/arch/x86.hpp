#pragma once

// x86 instructions that xsimd does not expose, or exposes only through calls g++ does not always
// inline. Each is used behind a capability trait (traits.hpp) by lane_ops.hpp, which holds the
// portable forms; nothing here is compiled unless the translation unit targets it.

#include "traits.hpp"

#include <cstddef>
#include <cstdint>
#include <type_traits>

// GCC bug 105593 fires inside the AVX-512 intrinsics wrapped here (see config.hpp).
SIMDACT_GCC_105593_OFF

namespace simdact::detail::x86 {

// max(a, b): b where either is NaN or both are zeros (has_ordered_max_v).
#if XSIMD_WITH_SSE2
SIMDACT_INLINE __m128 max(__m128 a, __m128 b) noexcept { return _mm_max_ps(a, b); }
SIMDACT_INLINE __m128d max(__m128d a, __m128d b) noexcept { return _mm_max_pd(a, b); }
#endif
#if XSIMD_WITH_AVX
SIMDACT_INLINE __m256 max(__m256 a, __m256 b) noexcept { return _mm256_max_ps(a, b); }
SIMDACT_INLINE __m256d max(__m256d a, __m256d b) noexcept { return _mm256_max_pd(a, b); }
#endif
#if XSIMD_WITH_AVX512F
SIMDACT_INLINE __m512 max(__m512 a, __m512 b) noexcept { return _mm512_max_ps(a, b); }
SIMDACT_INLINE __m512d max(__m512d a, __m512d b) noexcept { return _mm512_max_pd(a, b); }

// !(x < y) into a mask, true where either is NaN: one compare, where xsimd negates a mask with a
// call g++ does not always inline.
SIMDACT_INLINE __mmask16 not_less(__m512 x, __m512 y) noexcept {
  return _mm512_cmp_ps_mask(x, y, _CMP_NLT_UQ);
}
SIMDACT_INLINE __mmask8 not_less(__m512d x, __m512d y) noexcept {
  return _mm512_cmp_pd_mask(x, y, _CMP_NLT_UQ);
}

SIMDACT_INLINE __m512 scalef(__m512 x, __m512 n) noexcept { return _mm512_scalef_ps(x, n); }
SIMDACT_INLINE __m512d scalef(__m512d x, __m512d n) noexcept { return _mm512_scalef_pd(x, n); }

// The first count lanes (count <= lanes) of a masked load or store.
template <class T> SIMDACT_INLINE auto first_lanes(std::size_t count) noexcept {
  const auto bits = static_cast<std::uint16_t>((1u << count) - 1);
  if constexpr (std::is_same_v<T, float>) {
    return static_cast<__mmask16>(bits);
  } else {
    return static_cast<__mmask8>(bits);
  }
}
SIMDACT_INLINE __m512 avx512_load_first(const float* p, std::size_t count) noexcept {
  return _mm512_maskz_loadu_ps(first_lanes<float>(count), p);
}
SIMDACT_INLINE __m512d avx512_load_first(const double* p, std::size_t count) noexcept {
  return _mm512_maskz_loadu_pd(first_lanes<double>(count), p);
}
SIMDACT_INLINE void avx512_store_first(float* p, __m512 x, std::size_t count) noexcept {
  _mm512_mask_storeu_ps(p, first_lanes<float>(count), x);
}
SIMDACT_INLINE void avx512_store_first(double* p, __m512d x, std::size_t count) noexcept {
  _mm512_mask_storeu_pd(p, first_lanes<double>(count), x);
}

// Lane i of the result is the sum of row[i]'s lanes, for 16 (float) or 8 (double) rows.
// xsimd::haddp does this, except that for AVX-512 float (xsimd 8 to 14 at least) it returns lanes
// 2-5 and 10-13 in the wrong order; for double g++ 12 can warn inside it (see the pragma above).
template <class B> SIMDACT_INLINE B transposed_sums(const B* row) noexcept {
  using T = typename B::value_type;
  // Each 128-bit block of a row summed into one lane per row, 4 (float) or 2 (double) rows to a
  // vector: [r0 r1 r2 r3] or [r0 r1] in every block...
  B blocks[4];
  for (std::size_t q = 0; q < 4; ++q) {
    if constexpr (std::is_same_v<T, float>) {
      const __m512 r0 = row[4 * q], r1 = row[4 * q + 1], r2 = row[4 * q + 2], r3 = row[4 * q + 3];
      const __m512 s01 = _mm512_add_ps(_mm512_unpacklo_ps(r0, r1), _mm512_unpackhi_ps(r0, r1));
      const __m512 s23 = _mm512_add_ps(_mm512_unpacklo_ps(r2, r3), _mm512_unpackhi_ps(r2, r3));
      blocks[q] = _mm512_add_ps(
          _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(s01), _mm512_castps_pd(s23))),
          _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(s01), _mm512_castps_pd(s23))));
    } else {
      const __m512d r0 = row[2 * q], r1 = row[2 * q + 1];
      blocks[q] = _mm512_add_pd(_mm512_unpacklo_pd(r0, r1), _mm512_unpackhi_pd(r0, r1));
    }
  }
  // ...then the four blocks added up, two levels of block shuffles (moves of 128 bits: the float
  // shuffle serves both).
  auto as_float = [](const B& v) -> __m512 {
    if constexpr (std::is_same_v<T, float>) {
      return v;
    } else {
      return _mm512_castpd_ps(v);
    }
  };
  auto as_t = [](__m512 v) -> B {
    if constexpr (std::is_same_v<T, float>) {
      return v;
    } else {
      return _mm512_castps_pd(v);
    }
  };
  auto fold = [&](const B& a, const B& b) {
    const __m512 fa = as_float(a), fb = as_float(b);
    return as_t(_mm512_shuffle_f32x4(fa, fb, _MM_SHUFFLE(2, 0, 2, 0))) +
           as_t(_mm512_shuffle_f32x4(fa, fb, _MM_SHUFFLE(3, 1, 3, 1)));
  };
  return fold(fold(blocks[0], blocks[1]), fold(blocks[2], blocks[3]));
}
#endif

#if XSIMD_WITH_AVX2
// All ones in the lanes below count (AVX2 masked loads and stores look at each lane's top bit).
template <class T> SIMDACT_INLINE __m256i first_lanes_avx2(std::size_t count) noexcept {
  if constexpr (std::is_same_v<T, float>) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(count)),
                              _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  } else {
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x(static_cast<long long>(count)),
                              _mm256_setr_epi64x(0, 1, 2, 3));
  }
}
SIMDACT_INLINE __m256 avx2_load_first(const float* p, std::size_t count) noexcept {
  return _mm256_maskload_ps(p, first_lanes_avx2<float>(count));
}
SIMDACT_INLINE __m256d avx2_load_first(const double* p, std::size_t count) noexcept {
  return _mm256_maskload_pd(p, first_lanes_avx2<double>(count));
}
SIMDACT_INLINE void avx2_store_first(float* p, __m256 x, std::size_t count) noexcept {
  _mm256_maskstore_ps(p, first_lanes_avx2<float>(count), x);
}
SIMDACT_INLINE void avx2_store_first(double* p, __m256d x, std::size_t count) noexcept {
  _mm256_maskstore_pd(p, first_lanes_avx2<double>(count), x);
}
#endif

} // namespace simdact::detail::x86

SIMDACT_GCC_105593_ON
