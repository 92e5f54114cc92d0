#pragma once

// Everything that differs between xsimd 8 (Debian 12) and xsimd 13/14 (vcpkg, conda) lives here,
// so the rest of simdact is written against one vocabulary.

#include <xsimd/xsimd.hpp>

#include <cstdint>

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

// GCC 12's AVX-512 intrinsics (shifts, extracts) trip -Wmaybe-uninitialized on their own
// placeholder operand (GCC bug 105593, fixed in GCC 13). The warning lands on the function they
// are inlined into, so these wrappers keep it out of users' -Werror builds.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

template <class To, class From, class A>
xsimd::batch<To, A> bit_cast(const xsimd::batch<From, A>& x) noexcept {
#if XSIMD_VERSION_MAJOR >= 11 // 11 changed the template argument from a batch to an element type
  return xsimd::bitwise_cast<To>(x);
#else
  return xsimd::bitwise_cast<xsimd::batch<To, A>>(x);
#endif
}

template <class T, class A> T reduce_add(const xsimd::batch<T, A>& x) noexcept {
#if XSIMD_VERSION_MAJOR >= 9 // 9 renamed hadd to reduce_add
  return xsimd::reduce_add(x);
#else
  return xsimd::hadd(x);
#endif
}

template <class I, class A>
xsimd::batch<I, A> shift_left(const xsimd::batch<I, A>& x, int bits) noexcept {
  return x << bits;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

} // namespace simdact::detail
