#pragma once

// Everything that differs between xsimd 8 (Debian 12) and xsimd 13/14 (vcpkg, conda) lives here,
// so the rest of simdact is written against one vocabulary.

#include "config.hpp"

#include <xsimd/xsimd.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace simdact::detail {

// The signed integer type with the width of T, used to build powers of two bit by bit.
template <class T> struct int_of;
template <> struct int_of<float> {
  using type = std::int32_t;
};
template <> struct int_of<double> {
  using type = std::int64_t;
};
template <class T> using int_of_t = typename int_of<T>::type;

// True when detail::fma (below) on A is one fused instruction, rounding once; elsewhere xsimd
// emulates it with a multiply and an add. (Conservative: an arch missing here only runs slower.)
template <class A>
inline constexpr bool has_fused_fma_v = std::is_base_of_v<xsimd::avx512f, A> ||
                                        std::is_base_of_v<xsimd::fma3<xsimd::avx2>, A> ||
                                        std::is_base_of_v<xsimd::fma3<xsimd::avx>, A> ||
                                        std::is_base_of_v<xsimd::fma3<xsimd::sse4_2>, A> ||
                                        std::is_base_of_v<xsimd::neon64, A>;

// GCC 12's AVX-512 intrinsics (shifts, extracts) trip -Wmaybe-uninitialized on their own
// placeholder operand (GCC bug 105593, fixed in GCC 13). The warning lands on the function they
// are inlined into, so these wrappers keep it out of users' -Werror builds.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

template <class To, class From, class A>
SIMDACT_INLINE xsimd::batch<To, A> bit_cast(const xsimd::batch<From, A>& x) noexcept {
#if XSIMD_VERSION_MAJOR >= 11 // 11 changed the template argument from a batch to an element type
  return xsimd::bitwise_cast<To>(x);
#else
  return xsimd::bitwise_cast<xsimd::batch<To, A>>(x);
#endif
}

// xsimd before 11 has no AVX-512 fma: it falls back to x * y + z, rounding twice unless the
// compiler happens to contract it (g++ in GNU mode does, clang does not). The exact range
// reduction in exp.hpp needs the fused instruction that has_fused_fma_v promises.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> fma(const xsimd::batch<T, A>& x, const xsimd::batch<T, A>& y,
                                      const xsimd::batch<T, A>& z) noexcept {
#if XSIMD_VERSION_MAJOR < 11 && XSIMD_WITH_AVX512F
  if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
    if constexpr (std::is_same_v<T, float>) {
      return _mm512_fmadd_ps(x, y, z);
    } else {
      return _mm512_fmadd_pd(x, y, z);
    }
  }
#endif
  return xsimd::fma(x, y, z);
}

// !(x < y) and !(x > y), true where either is NaN, as one compare on AVX-512. xsimd spells them
// as a compare and a negation, and its negation is a function g++ does not always inline: a
// call per batch.
template <class T, class A>
SIMDACT_INLINE xsimd::batch_bool<T, A> not_less(const xsimd::batch<T, A>& x,
                                                const xsimd::batch<T, A>& y) noexcept {
#if XSIMD_WITH_AVX512F
  if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
    if constexpr (std::is_same_v<T, float>) {
      return _mm512_cmp_ps_mask(x, y, _CMP_NLT_UQ);
    } else {
      return _mm512_cmp_pd_mask(x, y, _CMP_NLT_UQ);
    }
  }
#endif
  return !(x < y);
}

// x86's max instructions return their second operand where either is NaN and where both are
// zeros, of either sign: max(limit, x) is at_least (below) in one instruction, for every width.
#if XSIMD_WITH_SSE2
SIMDACT_INLINE __m128 x86_max(__m128 a, __m128 b) noexcept { return _mm_max_ps(a, b); }
SIMDACT_INLINE __m128d x86_max(__m128d a, __m128d b) noexcept { return _mm_max_pd(a, b); }
#endif
#if XSIMD_WITH_AVX
SIMDACT_INLINE __m256 x86_max(__m256 a, __m256 b) noexcept { return _mm256_max_ps(a, b); }
SIMDACT_INLINE __m256d x86_max(__m256d a, __m256d b) noexcept { return _mm256_max_pd(a, b); }
#endif
#if XSIMD_WITH_AVX512F
SIMDACT_INLINE __m512 x86_max(__m512 a, __m512 b) noexcept { return _mm512_max_ps(a, b); }
SIMDACT_INLINE __m512d x86_max(__m512d a, __m512d b) noexcept { return _mm512_max_pd(a, b); }
#endif

template <class A>
inline constexpr bool is_x86_v = std::is_base_of_v<xsimd::sse2, A> ||
                                 std::is_base_of_v<xsimd::avx, A> ||
                                 std::is_base_of_v<xsimd::avx512f, A>;

// limit where x < limit, else x: NaN stays NaN, and so does -0 against a limit of +0. (xsimd::max
// can differ: its NaN behaviour changed between versions.)
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> at_least(const xsimd::batch<T, A>& x,
                                           const xsimd::batch<T, A>& limit) noexcept {
  if constexpr (is_x86_v<A>) {
    using R = typename xsimd::batch<T, A>::register_type;
    return x86_max(static_cast<R>(limit), static_cast<R>(x));
  } else {
    return xsimd::select(x < limit, limit, x);
  }
}

template <class T, class A>
SIMDACT_INLINE xsimd::batch_bool<T, A> not_greater(const xsimd::batch<T, A>& x,
                                                   const xsimd::batch<T, A>& y) noexcept {
  return not_less(y, x);
}

// True when detail::scale_by_pow2 (below) is one instruction.
template <class A> inline constexpr bool has_scalef_v = std::is_base_of_v<xsimd::avx512f, A>;

// x * 2^n for integral n held in a floating-point lane, rounded once: exact unless the result is
// subnormal, zero far below, and no integer conversion that large or infinite n could wrap.
// AVX-512 does this in one instruction that no xsimd version exposes (xsimd 13's ldexp takes
// integers); only callers that check has_scalef_v use it.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> scale_by_pow2(xsimd::batch<T, A> x,
                                                xsimd::batch<T, A> n) noexcept {
  static_assert(has_scalef_v<A>, "scale_by_pow2 needs AVX-512");
#if XSIMD_WITH_AVX512F
  if constexpr (std::is_same_v<T, float>) {
    return _mm512_scalef_ps(x, n);
  } else {
    return _mm512_scalef_pd(x, n);
  }
#else
  return x * n; // never instantiated: the static_assert above has failed first
#endif
}

template <class T, class A> SIMDACT_INLINE T reduce_add(const xsimd::batch<T, A>& x) noexcept {
#if XSIMD_VERSION_MAJOR >= 9 // 9 renamed hadd to reduce_add
  return xsimd::reduce_add(x);
#else
  return xsimd::hadd(x);
#endif
}

// Which operand comes back for a NaN differs between xsimd versions: use only where NaN lanes
// are discarded anyway.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> max(const xsimd::batch<T, A>& a,
                                      const xsimd::batch<T, A>& b) noexcept {
  return xsimd::max(a, b);
}

// Lane i of the result is the sum of row[i]'s lanes, for batch::size rows: the horizontal sums
// of many batches at the cost of a few. xsimd::haddp does this, except that for AVX-512 float
// (xsimd 8 to 14 at least) it returns lanes 2-5 and 10-13 in the wrong order; for AVX-512
// double it is right, but g++ 12 can warn inside it (-Wuninitialized on _mm512_undefined_pd,
// seen with the inlining check's parameters), so both are done here.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> transposed_sums(const xsimd::batch<T, A>* row) noexcept {
#if XSIMD_WITH_AVX512F
  if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
    using B = xsimd::batch<T, A>;
    // Each 128-bit block of a row summed into one lane per row, 4 (float) or 2 (double) rows to
    // a vector: [r0 r1 r2 r3] or [r0 r1] in every block...
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
    // ...then the four blocks added up, two levels of block shuffles (moves of 128 bits: the
    // float shuffle serves both).
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
  return xsimd::haddp(row);
}

#if XSIMD_WITH_AVX2
// All ones in the lanes below count (AVX2 masked loads and stores look at each lane's top bit).
template <class T> SIMDACT_INLINE __m256i avx2_lane_mask(std::size_t count) noexcept {
  if constexpr (std::is_same_v<T, float>) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(count)),
                              _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  } else {
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x(static_cast<long long>(count)),
                              _mm256_setr_epi64x(0, 1, 2, 3));
  }
}
#endif

// The first count (<= batch size) elements at p, the other lanes zero; and the first count lanes
// of x stored at p. Nothing past p + count is touched. AVX2 and AVX-512 do it with masks; the
// rest (and xsimd, which has no masked load) go through a buffer, which costs a library call.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> load_partial(const T* p, std::size_t count, A = {}) noexcept {
#if XSIMD_WITH_AVX512F
  if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
    const auto mask = static_cast<std::uint16_t>((1u << count) - 1);
    if constexpr (std::is_same_v<T, float>) {
      return _mm512_maskz_loadu_ps(mask, p);
    } else {
      return _mm512_maskz_loadu_pd(static_cast<__mmask8>(mask), p);
    }
  }
#endif
#if XSIMD_WITH_AVX2
  if constexpr (std::is_base_of_v<xsimd::avx2, A> && !std::is_base_of_v<xsimd::avx512f, A>) {
    if constexpr (std::is_same_v<T, float>) {
      return _mm256_maskload_ps(p, avx2_lane_mask<T>(count));
    } else {
      return _mm256_maskload_pd(p, avx2_lane_mask<T>(count));
    }
  }
#endif
  std::array<T, xsimd::batch<T, A>::size> buffer{};
  std::copy(p, p + count, buffer.begin());
  return xsimd::batch<T, A>::load_unaligned(buffer.data());
}

template <class T, class A>
SIMDACT_INLINE void store_partial(T* p, const xsimd::batch<T, A>& x, std::size_t count) noexcept {
#if XSIMD_WITH_AVX512F
  if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
    const auto mask = static_cast<std::uint16_t>((1u << count) - 1);
    if constexpr (std::is_same_v<T, float>) {
      _mm512_mask_storeu_ps(p, mask, x);
    } else {
      _mm512_mask_storeu_pd(p, static_cast<__mmask8>(mask), x);
    }
    return;
  }
#endif
#if XSIMD_WITH_AVX2
  if constexpr (std::is_base_of_v<xsimd::avx2, A> && !std::is_base_of_v<xsimd::avx512f, A>) {
    if constexpr (std::is_same_v<T, float>) {
      _mm256_maskstore_ps(p, avx2_lane_mask<T>(count), x);
    } else {
      _mm256_maskstore_pd(p, avx2_lane_mask<T>(count), x);
    }
    return;
  }
#endif
  std::array<T, xsimd::batch<T, A>::size> buffer;
  x.store_unaligned(buffer.data());
  std::copy(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(count), p);
}

template <class I, class A>
SIMDACT_INLINE xsimd::batch<I, A> shift_left(const xsimd::batch<I, A>& x, int bits) noexcept {
  return x << bits;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

} // namespace simdact::detail
