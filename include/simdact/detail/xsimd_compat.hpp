#pragma once

// Everything that differs between xsimd 8 (Debian 12) and xsimd 13/14 (vcpkg, conda) lives here,
// so the rest of simdact is written against one vocabulary.

#include <xsimd/xsimd.hpp>

#include <cstdint>
#include <type_traits>

// Everything a loop calls per batch must inline into it: a call per batch spills every register
// and costs more than the arithmetic. SIMDACT_INLINE forces one function; SIMDACT_FLATTEN makes a
// loop inline all it calls (lambdas included). Attributes cannot come from a template, hence
// macros.
#if defined(__GNUC__) || defined(__clang__)
#define SIMDACT_INLINE inline __attribute__((always_inline))
#define SIMDACT_FLATTEN __attribute__((flatten))
#elif defined(_MSC_VER)
#define SIMDACT_INLINE __forceinline
#define SIMDACT_FLATTEN
#else
#define SIMDACT_INLINE inline
#define SIMDACT_FLATTEN
#endif

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

template <class I, class A>
SIMDACT_INLINE xsimd::batch<I, A> shift_left(const xsimd::batch<I, A>& x, int bits) noexcept {
  return x << bits;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

} // namespace simdact::detail
