#pragma once

// Everything that differs between xsimd 8 (Debian 12) and xsimd 13/14 (vcpkg, conda) lives here,
// so the rest of simdact is written against one vocabulary. The names differ from xsimd's own,
// so that argument-dependent lookup never finds both.

#include "arch/neon.hpp"
#include "arch/traits.hpp"
#include "config.hpp"

#include <xsimd/xsimd.hpp>

#include <type_traits>

// GCC bug 105593 (see config.hpp) warns inside AVX-512 intrinsics that xsimd's shifts and casts
// inline here.
SIMDACT_GCC_105593_OFF

namespace simdact::detail {

// The same bits as another element type.
template <class To, class From, class A>
SIMDACT_INLINE xsimd::batch<To, A> bits_as(const xsimd::batch<From, A>& x) noexcept {
#if XSIMD_WITH_NEON64
  if constexpr (has_inline_neon_casts_v<A>) {
    return neon::bits_as<To>(x);
  }
#endif
#if XSIMD_VERSION_MAJOR >= 11 // 11 changed the template argument from a batch to an element type
  return xsimd::bitwise_cast<To>(x);
#else
  return xsimd::bitwise_cast<xsimd::batch<To, A>>(x);
#endif
}

// x * y + z. xsimd before 11 has no AVX-512 fma: it falls back to x * y + z, rounding twice
// unless the compiler happens to contract it (g++ in GNU mode does, clang does not). The exact
// range reduction in exp.hpp needs the fused instruction that has_fused_fma_v promises.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> mul_add(const xsimd::batch<T, A>& x, const xsimd::batch<T, A>& y,
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

// The sum of x's lanes.
template <class T, class A> SIMDACT_INLINE T sum_of_lanes(const xsimd::batch<T, A>& x) noexcept {
#if XSIMD_VERSION_MAJOR >= 9 // 9 renamed hadd to reduce_add
  return xsimd::reduce_add(x);
#else
  return xsimd::hadd(x);
#endif
}

// The larger of a and b. Which operand comes back for a NaN differs between xsimd versions: use
// only where NaN lanes are discarded anyway.
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> larger_unless_nan(const xsimd::batch<T, A>& a,
                                                    const xsimd::batch<T, A>& b) noexcept {
  return xsimd::max(a, b);
}

template <class I, class A>
SIMDACT_INLINE xsimd::batch<I, A> shift_left(const xsimd::batch<I, A>& x, int bits) noexcept {
#if XSIMD_WITH_NEON64
  if constexpr (has_inline_neon_shifts_v<A>) {
    return neon::shift_left(x, bits);
  }
#endif
  return x << bits;
}

// x >> bits, arithmetic for signed lanes.
template <class I, class A>
SIMDACT_INLINE xsimd::batch<I, A> shift_right(const xsimd::batch<I, A>& x, int bits) noexcept {
#if XSIMD_WITH_NEON64
  if constexpr (has_inline_neon_shifts_v<A> && std::is_same_v<I, std::int32_t>) {
    return neon::shift_right(x, bits);
  }
#endif
  return x >> bits;
}

} // namespace simdact::detail

SIMDACT_GCC_105593_ON
