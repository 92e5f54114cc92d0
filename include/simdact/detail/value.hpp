#pragma once

// What the element-level functors accept: a plain T, or an xsimd::batch<T, A> of any architecture.
// A few helpers let one function body serve both.

#include "xsimd_compat.hpp"

#include <type_traits>

namespace simdact::detail {

template <class V> struct value_traits {
  using scalar_type = V;
  static constexpr bool is_batch = false;
};
template <class T, class A> struct value_traits<xsimd::batch<T, A>> {
  using scalar_type = T;
  static constexpr bool is_batch = true;
};

template <class V> inline constexpr bool is_batch_v = value_traits<V>::is_batch;

// Enables an element-level member for V = T and V = xsimd::batch<T, A> only.
template <class V, class T>
using enable_for_t = std::enable_if_t<std::is_same_v<typename value_traits<V>::scalar_type, T>>;

template <class T>
inline constexpr bool is_supported_v = std::is_same_v<T, float> || std::is_same_v<T, double>;

template <class T> constexpr T select(bool condition, T if_true, T if_false) noexcept {
  return condition ? if_true : if_false;
}
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> select(const xsimd::batch_bool<T, A>& condition,
                                         const xsimd::batch<T, A>& if_true,
                                         const xsimd::batch<T, A>& if_false) noexcept {
  return xsimd::select(condition, if_true, if_false);
}

// limit where x < limit, else x (NaN and -0 against +0 stay), lane by lane; for batches it is
// in xsimd_compat.hpp.
template <class T> constexpr T at_least(T x, T limit) noexcept { return x < limit ? limit : x; }

// 0 < slope <= 1, lane by lane (NaN fails): then x * slope lies between x and 0 for every x, and
// x > 0 ? x : x * slope is the larger of the two (the max form of leaky_relu and PReLU).
template <class T> constexpr bool is_shallow_slope(T slope) noexcept {
  return slope > T(0) && slope <= T(1);
}
template <class T, class A>
SIMDACT_INLINE xsimd::batch_bool<T, A> is_shallow_slope(const xsimd::batch<T, A>& slope) noexcept {
  return (slope > xsimd::batch<T, A>(T(0))) & (slope <= xsimd::batch<T, A>(T(1)));
}

// x > 0 ? when_positive : otherwise, lane by lane; NaN takes otherwise. For AVX-512 it is written
// as "not x > 0", which lets the compiler merge the select into the instruction computing
// otherwise (a masked multiply, say); elsewhere as x > 0, since xsimd's "not" on a mask costs
// several instructions there.
template <class T> constexpr T if_positive(T x, T when_positive, T otherwise) noexcept {
  return x > T(0) ? when_positive : otherwise;
}
template <class T, class A>
SIMDACT_INLINE xsimd::batch<T, A> if_positive(const xsimd::batch<T, A>& x,
                                              const xsimd::batch<T, A>& when_positive,
                                              const xsimd::batch<T, A>& otherwise) noexcept {
  using B = xsimd::batch<T, A>;
  if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
    return xsimd::select(detail::not_greater(x, B(T(0))), otherwise, when_positive);
  } else {
    return xsimd::select(x > B(T(0)), when_positive, otherwise);
  }
}

// The SIMD register the array kernels use: whatever the user's compiler flags allow.
template <class T> using native_batch = xsimd::batch<T, xsimd::default_arch>;

// Evaluates a batch-only function on a scalar by broadcasting it, so that a scalar result is
// bit-identical to the lane the array kernels would compute for the same input.
template <class F, class T, class... Ts> T via_native_batch(F&& f, T x, Ts... rest) noexcept {
  return f(native_batch<T>(x), native_batch<T>(rest)...).get(0);
}

} // namespace simdact::detail
